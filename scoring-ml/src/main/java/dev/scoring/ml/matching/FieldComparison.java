package dev.scoring.ml.matching;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How one {@link MatchField} is normalised and compared: {@link #prepare(String)} once per record,
 * {@link #similarity(Value, Value)} per pair (the primary similarity, cut into levels), and
 * {@link #measures(Value, Value, double[], int)} (the extra similarities a logistic model may weigh).
 * Immutable and thread-safe.
 */
final class FieldComparison {

  /**
   * The extra similarities per field: Jaro-Winkler (for TEXT: whether the two share a product or
   * part code, a token of letters and digits), 3-gram Jaccard, token Jaccard, TF-IDF cosine.
   */
  static final int MEASURES = 4;
  static final List<String> MEASURE_NAMES = List.of("jaro_winkler", "qgram3", "token_jaccard", "tfidf");

  final MatchField field;
  final TokenWeights weights;

  FieldComparison(MatchField field, TokenWeights weights) {
    this.field = field;
    this.weights = weights;
  }

  /** The tokens that TF-IDF weights are fitted on for this field's raw value. */
  static List<String> tokensFor(FieldType type, String raw) {
    return switch (type) {
      case COMPANY -> Text.tokens(CompanyNames.core(raw));
      case PERSON -> Text.tokens(Normalize.personName(raw));
      case ADDRESS -> Text.tokens(Normalize.address(raw));
      case TEXT -> textTokens(Text.fold(raw));
      case NAME -> Text.tokens(Text.fold(raw));
      default -> List.of();
    };
  }

  /** Whether this type uses token weights. */
  static boolean weighted(FieldType type) {
    return switch (type) {
      case COMPANY, PERSON, ADDRESS, TEXT, NAME -> true;
      default -> false;
    };
  }

  Value prepare(@org.jspecify.annotations.Nullable String raw) {
    if (raw == null || raw.isBlank()) {
      return Value.MISSING;
    }
    FieldType type = field.type();
    switch (type) {
      case COMPANY: {
        CompanyNames.CompanyName c = CompanyNames.normalise(raw);
        List<String> toks = Text.tokens(c.core());
        return text(c.core(), toks, Double.NaN, c.legalForm(), acronym(toks), false);
      }
      case PERSON: {
        String n = Normalize.personName(raw);
        List<String> toks = Text.tokens(n);
        List<String> sorted = new ArrayList<>(toks);
        sorted.sort(null);
        return text(n, toks, Double.NaN, String.join(" ", sorted), "", false);
      }
      case NAME: {
        String n = Text.fold(raw);
        return text(n, Text.tokens(n), Double.NaN, "", "", false);
      }
      case EMAIL: {
        Normalize.Email e = Normalize.email(raw);
        return e.isEmpty() ? Value.MISSING : text(e.address(), List.of(), Double.NaN, e.local(), e.domain(), e.freeMail());
      }
      case PHONE:
        return text(Normalize.phone(raw), List.of(), Double.NaN, "", "", false);
      case ADDRESS: {
        String a = Normalize.address(raw);
        return text(a, Text.tokens(a), Double.NaN, Normalize.houseNumber(a), "", false);
      }
      case POSTCODE:
        return text(Normalize.postcode(raw), List.of(), Double.NaN, "", "", false);
      case DOMAIN: {
        // an email's domain (a lead's address against an account's web domain); free mail is no evidence
        if (raw.indexOf('@') >= 0 && Normalize.email(raw).freeMail()) {
          return Value.MISSING;
        }
        String d = Normalize.domain(raw);
        return d.isEmpty() ? Value.MISSING : text(d, List.of(), Double.NaN, Normalize.domainLabel(d), "", false);
      }
      case TEXT: {
        String t = Text.fold(raw);
        return text(t, textTokens(t), Double.NaN, "", "", false);
      }
      case IDENTIFIER:
        return text(Normalize.postcode(raw), List.of(), Double.NaN, "", "", false);
      case NUMBER: {
        double v = parseNumber(raw);
        return Double.isNaN(v) ? Value.MISSING : text(raw.trim(), List.of(), v, "", "", false);
      }
      case DATE: {
        String digits = Text.digits(raw);
        long day = parseDate(raw.trim());
        if (digits.isEmpty()) {
          return Value.MISSING;
        }
        return text(day == Long.MIN_VALUE ? digits : Long.toString(day), List.of(), day == Long.MIN_VALUE ? Double.NaN : day,
            "", day == Long.MIN_VALUE ? digits : isoDigits(day), false);
      }
      case CATEGORY:
        return text(Text.fold(raw), List.of(), Double.NaN, "", "", false);
      default:
        throw new AssertionError(type);
    }
  }

  private Value text(String norm, List<String> tokens, double number, String a, String b, boolean flag) {
    if (norm.isEmpty()) {
      return Value.MISSING;
    }
    String[] toks = TokenWeights.distinct(tokens);
    java.util.Arrays.sort(toks);
    return new Value(norm, toks, weights.vector(toks), Similarity.qgrams(norm, 3), number, a, b, flag);
  }

  /** The primary similarity in [0, 1]; NaN if either side is missing. */
  double similarity(Value a, Value b) {
    if (a.missing() || b.missing()) {
      return Double.NaN;
    }
    return switch (field.type()) {
      case COMPANY -> company(a, b);
      case PERSON -> a.norm.equals(b.norm) ? 1.0
          : Math.max(Similarity.jaroWinkler(a.norm, b.norm), Math.max(Similarity.jaroWinkler(a.partA, b.partA),
              Similarity.tfidfCosine(a.tokens, a.weights, b.tokens, b.weights, 0.9))) * (a.partA.equals(b.partA) ? 1.0 : 0.999);
      case NAME -> Similarity.jaroWinkler(a.norm, b.norm);
      case EMAIL -> email(a, b);
      case PHONE -> phone(a.norm, b.norm);
      case ADDRESS -> address(a, b);
      case POSTCODE, IDENTIFIER -> Similarity.levenshteinSimilarity(a.norm, b.norm, 2);
      case DOMAIN -> a.norm.equals(b.norm) ? 1.0
          : a.partA.equals(b.partA) ? 0.95 : 0.9 * Similarity.jaroWinkler(a.partA, b.partA);
      case TEXT -> a.norm.equals(b.norm) ? 1.0 : Math.min(0.999, Similarity.tfidfCosine(a.tokens, a.weights, b.tokens, b.weights, 0));
      case NUMBER -> Similarity.numeric(a.number, b.number);
      case DATE -> date(a, b);
      case CATEGORY -> Similarity.exact(a.norm, b.norm);
    };
  }

  /**
   * Writes the extra similarities into {@code out[offset, offset + MEASURES)}: zeros when either
   * side is missing or the type has no strings to compare.
   */
  void measures(Value a, Value b, double[] out, int offset) {
    if (a.missing() || b.missing() || field.type() == FieldType.NUMBER || field.type() == FieldType.DATE) {
      Arrays.fill(out, offset, offset + MEASURES, 0.0);
      return;
    }
    if (field.type() == FieldType.TEXT) {
      out[offset] = codes(a.tokens, b.tokens);
    } else {
      out[offset] = a.norm.length() > 64 || b.norm.length() > 64 ? 0.0 : Similarity.jaroWinkler(a.norm, b.norm);
    }
    out[offset + 1] = Similarity.jaccard(a.grams, b.grams);
    out[offset + 2] = a.tokens.length == 0 && b.tokens.length == 0 ? out[offset + 1] : Similarity.sortedJaccard(a.tokens, b.tokens);
    out[offset + 3] = a.tokens.length == 0 && b.tokens.length == 0 ? out[offset + 1]
        : Similarity.tfidfCosine(a.tokens, a.weights, b.tokens, b.weights, 0);
  }

  /** 1 if the sorted token sets share a code (letters and digits, 4+ chars), 0 if both have codes and share none, else 0.5. */
  static double codes(String[] a, String[] b) {
    boolean codesA = false;
    boolean codesB = false;
    int i = 0;
    int j = 0;
    while (i < a.length && j < b.length) {
      int c = a[i].compareTo(b[j]);
      if (c == 0) {
        if (isCode(a[i])) {
          return 1.0;
        }
        i++;
        j++;
      } else if (c < 0) {
        codesA |= isCode(a[i++]);
      } else {
        codesB |= isCode(b[j++]);
      }
    }
    for (; i < a.length && !codesA; i++) {
      codesA = isCode(a[i]);
    }
    for (; j < b.length && !codesB; j++) {
      codesB = isCode(b[j]);
    }
    return codesA && codesB ? 0.0 : 0.5;
  }

  private static boolean isCode(String t) {
    if (t.length() < 4) {
      return false;
    }
    boolean digit = false;
    boolean letter = false;
    for (int k = 0; k < t.length(); k++) {
      char c = t.charAt(k);
      digit |= c >= '0' && c <= '9';
      letter |= Character.isLetter(c);
    }
    return digit && letter;
  }

  private static double company(Value a, Value b) {
    if (a.norm.equals(b.norm)) {
      return !a.partA.isEmpty() && !b.partA.isEmpty() && !a.partA.equals(b.partA) ? 0.97 : 1.0;
    }
    if (a.norm.replace(" ", "").equals(b.norm.replace(" ", ""))) {
      return 0.96;
    }
    double s = Similarity.tfidfCosine(a.tokens, a.weights, b.tokens, b.weights, 0.9);
    if (isAcronymOf(a, b) || isAcronymOf(b, a)) {
      s = Math.max(s, 0.9);
    }
    return Math.min(s, 0.995);
  }

  private static boolean isAcronymOf(Value shortOne, Value longOne) {
    return shortOne.tokens.length == 1 && longOne.tokens.length >= 2 && shortOne.norm.length() >= 2
        && shortOne.norm.equals(longOne.partB);
  }

  private static String acronym(List<String> tokens) {
    if (tokens.size() < 2) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (String t : tokens) {
      if (!t.equals("and") && !t.equals("of")) {
        sb.append(t.charAt(0));
      }
    }
    return sb.toString();
  }

  private static double email(Value a, Value b) {
    if (a.norm.equals(b.norm)) {
      return 1.0;
    }
    double local = Similarity.jaroWinkler(a.partA, b.partA);
    if (a.partB.equals(b.partB)) {
      return a.flag ? 0.9 * local : 0.6 + 0.35 * local;
    }
    return 0.85 * local;
  }

  static double phone(String a, String b) {
    if (a.equals(b)) {
      return 1.0;
    }
    int common = 0;
    for (int i = a.length() - 1, j = b.length() - 1; i >= 0 && j >= 0 && a.charAt(i) == b.charAt(j); i--, j--) {
      common++;
    }
    if (common >= 7 && common >= Math.min(a.length(), b.length()) - 1) {
      return 0.95;
    }
    String ta = a.length() > 10 ? a.substring(a.length() - 10) : a;
    String tb = b.length() > 10 ? b.substring(b.length() - 10) : b;
    return Math.min(0.94, Similarity.levenshteinSimilarity(ta, tb, 2));
  }

  private static double address(Value a, Value b) {
    if (a.norm.equals(b.norm)) {
      return 1.0;
    }
    double s = Math.min(0.995, Similarity.tfidfCosine(a.tokens, a.weights, b.tokens, b.weights, 0.9));
    if (!a.partA.isEmpty() && !b.partA.isEmpty() && !a.partA.equals(b.partA)) {
      s = Math.min(s, 0.5);
    }
    return s;
  }

  private static double date(Value a, Value b) {
    if (a.norm.equals(b.norm)) {
      return 1.0;
    }
    double s = Similarity.levenshteinSimilarity(a.partB, b.partB, 2);
    if (!Double.isNaN(a.number) && !Double.isNaN(b.number)) {
      s = Math.max(s, Similarity.dates((long) a.number, (long) b.number, 30));
      if (a.partB.length() == 8 && b.partB.length() == 8 && a.partB.substring(0, 4).equals(b.partB.substring(0, 4))
          && a.partB.substring(4, 6).equals(b.partB.substring(6, 8)) && a.partB.substring(6, 8).equals(b.partB.substring(4, 6))) {
        s = Math.max(s, 0.9);
      }
    }
    return Math.min(s, 0.999);
  }

  /** Text tokens plus, for a code split by hyphens or slashes ("ezxs-88w"), the joined code ("ezxs88w"). */
  static List<String> textTokens(String folded) {
    List<String> toks = Text.tokens(folded);
    List<String> out = new ArrayList<>(toks.size() + 2);
    for (int i = 0; i < toks.size(); i++) {
      String t = toks.get(i);
      out.add(t);
      if (i + 1 < toks.size()) {
        String joined = t + toks.get(i + 1);
        if (Text.hasDigit(joined) && !Text.digits(joined).equals(joined) && joined.length() >= 4 && joined.length() <= 20) {
          out.add(joined);
        }
      }
    }
    return out;
  }

  static double parseNumber(String raw) {
    StringBuilder sb = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if ((c >= '0' && c <= '9') || c == '.' || c == '-' || c == 'e' || c == 'E') {
        sb.append(c);
      }
    }
    try {
      double v = Double.parseDouble(sb.toString());
      return Double.isFinite(v) ? v : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** Epoch day of an ISO date, {@code yyyyMMdd} or {@code dd/MM/yyyy}; {@code Long.MIN_VALUE} if none. */
  static long parseDate(String raw) {
    try {
      if (raw.length() >= 10 && raw.charAt(4) == '-') {
        return LocalDate.parse(raw.substring(0, 10)).toEpochDay();
      }
      if (raw.length() == 8 && Text.digits(raw).length() == 8) {
        return LocalDate.of(Integer.parseInt(raw.substring(0, 4)), Integer.parseInt(raw.substring(4, 6)),
            Integer.parseInt(raw.substring(6, 8))).toEpochDay();
      }
      if (raw.length() == 10 && (raw.charAt(2) == '/' || raw.charAt(2) == '.')) {
        return LocalDate.of(Integer.parseInt(raw.substring(6, 10)), Integer.parseInt(raw.substring(3, 5)),
            Integer.parseInt(raw.substring(0, 2))).toEpochDay();
      }
    } catch (java.time.DateTimeException | NumberFormatException e) {
      return Long.MIN_VALUE;
    }
    return Long.MIN_VALUE;
  }

  private static String isoDigits(long day) {
    LocalDate d = LocalDate.ofEpochDay(day);
    return String.format(java.util.Locale.ROOT, "%04d%02d%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
  }
}
