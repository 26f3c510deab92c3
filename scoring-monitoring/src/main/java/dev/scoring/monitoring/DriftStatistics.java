package dev.scoring.monitoring;

import dev.scoring.internal.Special;
import java.util.Arrays;

/**
 * The drift statistics on their own, for offline use on counts or raw samples; the {@link
 * DriftMonitor} uses the same code.
 *
 * <ul>
 *   <li>PSI = Σ (a_i − r_i)·ln(a_i / r_i) over bucket proportions, each floored at {@value
 *       #PSI_FLOOR} so an empty bucket does not make it infinite (Evidently floors at 1e-4 too).
 *       Usual reading: below 0.1 stable, 0.1–0.25 moderate shift, 0.25 and above major shift.
 *   <li>Jensen–Shannon distance: the square root of the JS divergence with base-2 logarithms, so
 *       in [0, 1] (scipy's {@code jensenshannon(p, q, base=2)}).
 *   <li>Two-sample Kolmogorov–Smirnov: D = sup |F_a − F_b|, p-value from the asymptotic
 *       Kolmogorov distribution at D·√(n·m/(n+m)).
 *   <li>Chi-square test of homogeneity of two count vectors (a 2×k contingency table), buckets
 *       empty in both dropped, k − 1 degrees of freedom.
 * </ul>
 */
public final class DriftStatistics {

  /** The floor of a bucket proportion in the PSI. */
  public static final double PSI_FLOOR = 1e-4;

  private static final double LN2 = Math.log(2);

  private DriftStatistics() {}

  /**
   * The population stability index of {@code actual} against {@code reference} (counts over the
   * same buckets).
   *
   * @throws IllegalArgumentException if the lengths differ, a count is negative, or a side is all zero
   */
  public static double psi(long[] reference, long[] actual) {
    double[][] d = checkedCounts(reference, actual);
    return psi(d[0], 0, d[1], 0, reference.length);
  }

  /**
   * The Jensen–Shannon distance (base 2) between the distributions of two count vectors.
   *
   * @throws IllegalArgumentException as {@link #psi(long[], long[])}
   */
  public static double jensenShannon(long[] reference, long[] actual) {
    double[][] d = checkedCounts(reference, actual);
    return jensenShannon(d[0], 0, d[1], 0, reference.length);
  }

  /**
   * The chi-square test of homogeneity of two count vectors over the same categories.
   *
   * @throws IllegalArgumentException as {@link #psi(long[], long[])}
   */
  public static TestResult chiSquare(long[] reference, long[] actual) {
    checkedCounts(reference, actual);
    double stat = chiSquare(reference, 0, actual, 0, reference.length);
    int k = nonEmpty(reference, 0, actual, 0, reference.length);
    return new TestResult(stat, k - 1, k < 2 ? Double.NaN : Special.chiSquareSf(stat, k - 1));
  }

  /**
   * The two-sample Kolmogorov–Smirnov test on raw values.
   *
   * @throws IllegalArgumentException if a sample is empty or holds NaN
   */
  public static TestResult kolmogorovSmirnov(double[] a, double[] b) {
    if (a.length == 0 || b.length == 0) {
      throw new IllegalArgumentException("Kolmogorov-Smirnov needs two non-empty samples: sizes " + a.length + ", " + b.length);
    }
    double[] x = a.clone();
    double[] y = b.clone();
    Arrays.sort(x);
    Arrays.sort(y);
    if (Double.isNaN(x[x.length - 1]) || Double.isNaN(y[y.length - 1])) {
      throw new IllegalArgumentException("Kolmogorov-Smirnov samples must not hold NaN");
    }
    int i = 0;
    int j = 0;
    double d = 0;
    while (i < x.length && j < y.length) {
      double v = Math.min(x[i], y[j]);
      while (i < x.length && x[i] == v) {
        i++;
      }
      while (j < y.length && y[j] == v) {
        j++;
      }
      d = Math.max(d, Math.abs((double) i / x.length - (double) j / y.length));
    }
    return new TestResult(d, Double.NaN, ksPValue(d, x.length, y.length));
  }

  /**
   * The Kolmogorov–Smirnov test on two samples given as counts over the same ascending bins; D
   * is taken at the bin edges, so it is at most the D of the raw values (equal when every
   * distinct value has its own bin).
   *
   * @throws IllegalArgumentException as {@link #psi(long[], long[])}
   */
  public static TestResult kolmogorovSmirnov(long[] a, long[] b) {
    checkedCounts(a, b);
    double d = ksBinned(a, 0, b, 0, a.length);
    return new TestResult(d, Double.NaN, ksPValue(d, sum(a, 0, a.length), sum(b, 0, b.length)));
  }

  // ---- allocation-free kernels shared with DriftMonitor

  static double psi(double[] r, int ro, double[] a, int ao, int len) {
    double nr = sum(r, ro, len);
    double na = sum(a, ao, len);
    if (nr == 0 || na == 0) {
      return Double.NaN;
    }
    double psi = 0;
    for (int i = 0; i < len; i++) {
      double pr = Math.max(PSI_FLOOR, r[ro + i] / nr);
      double pa = Math.max(PSI_FLOOR, a[ao + i] / na);
      psi += (pa - pr) * Math.log(pa / pr);
    }
    return psi;
  }

  static double jensenShannon(double[] r, int ro, double[] a, int ao, int len) {
    double nr = sum(r, ro, len);
    double na = sum(a, ao, len);
    if (nr == 0 || na == 0) {
      return Double.NaN;
    }
    double js = 0;
    for (int i = 0; i < len; i++) {
      double p = r[ro + i] / nr;
      double q = a[ao + i] / na;
      double m = (p + q) / 2;
      if (p > 0) {
        js += 0.5 * p * Math.log(p / m);
      }
      if (q > 0) {
        js += 0.5 * q * Math.log(q / m);
      }
    }
    return Math.sqrt(Math.max(0, js / LN2));
  }

  static double chiSquare(long[] r, int ro, long[] a, int ao, int len) {
    double nr = sum(r, ro, len);
    double na = sum(a, ao, len);
    if (nr == 0 || na == 0) {
      return Double.NaN;
    }
    double n = nr + na;
    double stat = 0;
    for (int i = 0; i < len; i++) {
      double col = r[ro + i] + a[ao + i];
      if (col == 0) {
        continue;
      }
      double er = col * nr / n;
      double ea = col * na / n;
      double dr = r[ro + i] - er;
      double da = a[ao + i] - ea;
      stat += dr * dr / er + da * da / ea;
    }
    return stat;
  }

  static int nonEmpty(long[] r, int ro, long[] a, int ao, int len) {
    int k = 0;
    for (int i = 0; i < len; i++) {
      if (r[ro + i] + a[ao + i] > 0) {
        k++;
      }
    }
    return k;
  }

  static double ksBinned(long[] r, int ro, long[] a, int ao, int len) {
    double nr = sum(r, ro, len);
    double na = sum(a, ao, len);
    if (nr == 0 || na == 0) {
      return Double.NaN;
    }
    double cr = 0;
    double ca = 0;
    double d = 0;
    for (int i = 0; i < len; i++) {
      cr += r[ro + i];
      ca += a[ao + i];
      d = Math.max(d, Math.abs(cr / nr - ca / na));
    }
    return d;
  }

  static double ksPValue(double d, double n, double m) {
    if (Double.isNaN(d) || n == 0 || m == 0) {
      return Double.NaN;
    }
    return Special.kolmogorovSf(d * Math.sqrt(n * m / (n + m)));
  }

  static long sum(long[] c, int off, int len) {
    long s = 0;
    for (int i = 0; i < len; i++) {
      s += c[off + i];
    }
    return s;
  }

  static double sum(double[] c, int off, int len) {
    double s = 0;
    for (int i = 0; i < len; i++) {
      s += c[off + i];
    }
    return s;
  }

  private static double[][] checkedCounts(long[] r, long[] a) {
    if (r.length != a.length) {
      throw new IllegalArgumentException("count vectors differ in length: " + r.length + " and " + a.length);
    }
    if (r.length == 0) {
      throw new IllegalArgumentException("count vectors are empty");
    }
    double[][] d = new double[2][r.length];
    long sr = 0;
    long sa = 0;
    for (int i = 0; i < r.length; i++) {
      if (r[i] < 0 || a[i] < 0) {
        throw new IllegalArgumentException("count " + i + " is negative: " + r[i] + ", " + a[i]);
      }
      d[0][i] = r[i];
      d[1][i] = a[i];
      sr += r[i];
      sa += a[i];
    }
    if (sr == 0 || sa == 0) {
      throw new IllegalArgumentException("a count vector is all zero: the " + (sr == 0 ? "reference" : "actual") + " sample is empty");
    }
    return d;
  }
}
