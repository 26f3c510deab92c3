package dev.scoring.ml.matching;

import java.util.Arrays;
import java.util.List;

/**
 * String and number similarities, each symmetric and in [0, 1], 1 for identical inputs. Written
 * here rather than taken from Apache Commons Text: the matcher calls them millions of times in a
 * dedup run, and these avoid Commons Text's per-call allocations (boxed results, char-sequence
 * copies, a full Levenshtein matrix); the test suite checks Jaro-Winkler and Levenshtein against
 * Commons Text. Thread-safe.
 */
public final class Similarity {

  private Similarity() {}

  /** 1 if equal, else 0. */
  public static double exact(String a, String b) {
    return a.equals(b) ? 1.0 : 0.0;
  }

  /**
   * Jaro-Winkler similarity: the prefix boost (scale 0.1, common prefix up to 4) applies when the
   * Jaro similarity is at least 0.7, as in Winkler's definition and Apache Commons Text.
   */
  public static double jaroWinkler(String a, String b) {
    if (a.equals(b)) {
      return 1.0;
    }
    double j = jaro(a, b);
    int prefix = 0;
    for (int i = 0, n = Math.min(4, Math.min(a.length(), b.length())); i < n && a.charAt(i) == b.charAt(i); i++) {
      prefix++;
    }
    return j < 0.7 ? j : Math.min(1.0, j + 0.1 * prefix * (1.0 - j));
  }

  /**
   * Jaro similarity, matching the shorter string's characters greedily in the longer one, as
   * Apache Commons Text does; for strings of equal length the larger of the two directions, so it
   * is symmetric.
   */
  public static double jaro(String a, String b) {
    if (a.equals(b)) {
      return 1.0;
    }
    if (a.length() == b.length()) {
      return Math.max(jaroDirected(a, b), jaroDirected(b, a));
    }
    return a.length() > b.length() ? jaroDirected(a, b) : jaroDirected(b, a);
  }

  /** Jaro with {@code s1} as the string searched and {@code s2} as the one whose characters are matched. */
  private static double jaroDirected(String s1, String s2) {
    int n1 = s1.length();
    int n2 = s2.length();
    if (n2 == 0) {
      return 0.0;
    }
    int range = Math.max(n1 / 2 - 1, 0);
    long[] used = new long[(n1 + 63) >>> 6];
    char[] m2 = new char[n2];
    int matches = 0;
    for (int i = 0; i < n2; i++) {
      char c = s2.charAt(i);
      for (int k = Math.max(0, i - range), end = Math.min(i + range + 1, n1); k < end; k++) {
        if ((used[k >>> 6] & (1L << k)) == 0 && c == s1.charAt(k)) {
          used[k >>> 6] |= 1L << k;
          m2[matches++] = c;
          break;
        }
      }
    }
    if (matches == 0) {
      return 0.0;
    }
    int t = 0;
    int m = 0;
    for (int k = 0; k < n1; k++) {
      if ((used[k >>> 6] & (1L << k)) != 0) {
        if (s1.charAt(k) != m2[m]) {
          t++;
        }
        m++;
      }
    }
    double mm = matches;
    return (mm / n1 + mm / n2 + (mm - t / 2.0) / mm) / 3.0;
  }

  /**
   * Levenshtein distance if it is at most {@code max}, else {@code -1}; runs in
   * {@code O(max * min(|a|, |b|))}, the banded algorithm.
   */
  public static int levenshtein(String a, String b, int max) {
    if (max < 0) {
      throw new IllegalArgumentException("max must not be negative: " + max);
    }
    String s = a.length() <= b.length() ? a : b;
    String t = s == a ? b : a;
    int n = s.length();
    int m = t.length();
    if (m - n > max) {
      return -1;
    }
    if (n == 0) {
      return m;
    }
    int[] p = new int[n + 1];
    int[] d = new int[n + 1];
    int boundary = Math.min(n, max) + 1;
    for (int i = 0; i < boundary; i++) {
      p[i] = i;
    }
    Arrays.fill(p, boundary, n + 1, Integer.MAX_VALUE);
    Arrays.fill(d, Integer.MAX_VALUE);
    for (int j = 1; j <= m; j++) {
      char tj = t.charAt(j - 1);
      d[0] = j;
      int min = Math.max(1, j - max);
      int maxI = j > Integer.MAX_VALUE - max ? n : Math.min(n, j + max);
      if (min > maxI) {
        return -1;
      }
      if (min > 1) {
        d[min - 1] = Integer.MAX_VALUE;
      }
      int rowMin = Integer.MAX_VALUE;
      for (int i = min; i <= maxI; i++) {
        int v;
        if (s.charAt(i - 1) == tj) {
          v = p[i - 1];
        } else {
          v = 1 + Math.min(Math.min(d[i - 1], p[i]), p[i - 1]);
        }
        d[i] = v;
        rowMin = Math.min(rowMin, v);
      }
      if (min == 1) {
        rowMin = Math.min(rowMin, d[0]);
      }
      if (rowMin > max) {
        return -1;
      }
      int[] tmp = p;
      p = d;
      d = tmp;
    }
    return p[n] <= max ? p[n] : -1;
  }

  /** 1 minus the Levenshtein distance over the longer length; 0 if the distance exceeds {@code max}. */
  public static double levenshteinSimilarity(String a, String b, int max) {
    int len = Math.max(a.length(), b.length());
    if (len == 0) {
      return 1.0;
    }
    int d = levenshtein(a, b, max);
    return d < 0 ? 0.0 : 1.0 - (double) d / len;
  }

  /** Jaccard similarity of the two strings' sets of space-separated tokens; 1 if both are empty. */
  public static double tokenJaccard(String a, String b) {
    return jaccard(Text.tokens(a).toArray(new String[0]), Text.tokens(b).toArray(new String[0]));
  }

  /** Jaccard similarity of two token sets given as arrays (duplicates ignored); 1 if both are empty. */
  static double jaccard(String[] a, String[] b) {
    return sortedJaccard(distinctSorted(a), distinctSorted(b));
  }

  /** Jaccard similarity of two sorted distinct token arrays; 1 if both are empty. */
  static double sortedJaccard(String[] sa, String[] sb) {
    if (sa.length == 0 && sb.length == 0) {
      return 1.0;
    }
    int i = 0;
    int j = 0;
    int common = 0;
    while (i < sa.length && j < sb.length) {
      int c = sa[i].compareTo(sb[j]);
      if (c == 0) {
        common++;
        i++;
        j++;
      } else if (c < 0) {
        i++;
      } else {
        j++;
      }
    }
    return (double) common / (sa.length + sb.length - common);
  }

  /**
   * Jaccard similarity of the strings' sets of {@code q}-grams, the string padded with {@code q - 1}
   * markers at each end; 1 if both are empty.
   */
  public static double qgramJaccard(String a, String b, int q) {
    if (a.equals(b)) {
      return 1.0;
    }
    return jaccard(qgrams(a, q), qgrams(b, q));
  }

  /** The sorted distinct hashes of the padded {@code q}-grams of {@code s}. */
  static long[] qgrams(String s, int q) {
    if (q < 1) {
      throw new IllegalArgumentException("q must be at least 1: " + q);
    }
    if (s.isEmpty()) {
      return new long[0];
    }
    int n = s.length() + q - 1;
    long[] grams = new long[n];
    for (int i = 0; i < n; i++) {
      long h = 0;
      for (int k = 0; k < q; k++) {
        int pos = i - (q - 1) + k;
        char c = pos < 0 ? '\u0002' : pos >= s.length() ? '\u0003' : s.charAt(pos);
        h = h * 65599 + c;
      }
      grams[i] = h;
    }
    Arrays.sort(grams);
    int w = 0;
    for (int i = 0; i < n; i++) {
      if (w == 0 || grams[w - 1] != grams[i]) {
        grams[w++] = grams[i];
      }
    }
    return w == n ? grams : Arrays.copyOf(grams, w);
  }

  /** Jaccard similarity of two sorted distinct hash sets; 1 if both are empty. */
  static double jaccard(long[] a, long[] b) {
    if (a.length == 0 && b.length == 0) {
      return 1.0;
    }
    int i = 0;
    int j = 0;
    int common = 0;
    while (i < a.length && j < b.length) {
      if (a[i] == b[j]) {
        common++;
        i++;
        j++;
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    return (double) common / (a.length + b.length - common);
  }

  /**
   * Closeness of two numbers: 1 minus their difference over the larger magnitude, at least 0; 1 if
   * both are 0. Used for amounts and prices, where 99 and 100 are close and 1 and 2 are not.
   */
  public static double numeric(double a, double b) {
    if (a == b) {
      return 1.0;
    }
    double scale = Math.max(Math.abs(a), Math.abs(b));
    if (!(scale > 0) || !Double.isFinite(scale)) {
      return 0.0;
    }
    return Math.max(0.0, 1.0 - Math.abs(a - b) / scale);
  }

  /** Closeness of two dates in days: 1 on the same day, falling linearly to 0 at {@code scaleDays} apart. */
  public static double dates(long dayA, long dayB, double scaleDays) {
    if (!(scaleDays > 0)) {
      throw new IllegalArgumentException("scaleDays must be positive: " + scaleDays);
    }
    return Math.max(0.0, 1.0 - Math.abs((double) dayA - (double) dayB) / scaleDays);
  }

  /**
   * Cosine similarity of two token lists weighted by inverse document frequency: rare tokens count
   * more, common ones ("systems", "group") less. With {@code soft} above 0, a token also matches the
   * other side's most similar token by Jaro-Winkler if that reaches {@code soft} (soft TF-IDF,
   * Cohen, Ravikumar and Fienberg 2003), averaged over both directions so it stays symmetric.
   */
  public static double tfidfCosine(List<String> a, List<String> b, TokenWeights weights, double soft) {
    String[] ta = distinctSorted(a.toArray(new String[0]));
    String[] tb = distinctSorted(b.toArray(new String[0]));
    double[] wa = weights.vector(ta);
    double[] wb = weights.vector(tb);
    return tfidfCosine(ta, wa, tb, wb, soft);
  }

  /** {@link #tfidfCosine(List, List, TokenWeights, double)} on sorted distinct tokens with unit-normalised weights. */
  static double tfidfCosine(String[] ta, double[] wa, String[] tb, double[] wb, double soft) {
    if (ta.length == 0 || tb.length == 0) {
      return ta.length == tb.length ? 1.0 : 0.0;
    }
    double s = soft > 0 ? 0.5 * (directed(ta, wa, tb, wb, soft) + directed(tb, wb, ta, wa, soft)) : directed(ta, wa, tb, wb, 0);
    if (s >= 0.9999999 && Arrays.equals(ta, tb)) {
      return 1.0;
    }
    return Math.max(0.0, Math.min(1.0, s));
  }

  private static double directed(String[] ta, double[] wa, String[] tb, double[] wb, double soft) {
    if (soft <= 0) {
      double sum = 0;
      int i = 0;
      int j = 0;
      while (i < ta.length && j < tb.length) {
        int c = ta[i].compareTo(tb[j]);
        if (c == 0) {
          sum += wa[i++] * wb[j++];
        } else if (c < 0) {
          i++;
        } else {
          j++;
        }
      }
      return sum;
    }
    double sum = 0;
    for (int i = 0; i < ta.length; i++) {
      String t = ta[i];
      double best = 0;
      int bestJ = -1;
      for (int j = 0; j < tb.length; j++) {
        if (t.equals(tb[j])) {
          best = 1;
          bestJ = j;
          break;
        }
        if (soft > 0) {
          double sim = jaroWinkler(t, tb[j]);
          if (sim >= soft && sim > best) {
            best = sim;
            bestJ = j;
          }
        }
      }
      if (bestJ >= 0) {
        sum += wa[i] * wb[bestJ] * best;
      }
    }
    return sum;
  }

  private static String[] distinctSorted(String[] a) {
    String[] s = a.clone();
    Arrays.sort(s);
    int w = 0;
    for (int i = 0; i < s.length; i++) {
      if (w == 0 || !s[w - 1].equals(s[i])) {
        s[w++] = s[i];
      }
    }
    return w == s.length ? s : Arrays.copyOf(s, w);
  }
}
