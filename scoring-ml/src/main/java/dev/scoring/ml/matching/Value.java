package dev.scoring.ml.matching;

/**
 * One field of one record, normalised once and ready to compare: the normalised string, its
 * distinct tokens with unit IDF weights, its 3-gram hashes, and type-specific parts.
 */
final class Value {

  static final Value MISSING = new Value("", new String[0], new double[0], new long[0], Double.NaN, "", "", false);

  /** The normalised value; empty when missing. */
  final String norm;
  /** Distinct tokens of the normalised value (for COMPANY: of the core). */
  final String[] tokens;
  /** Unit-length IDF weights aligned with {@link #tokens}. */
  final double[] weights;
  /** Sorted distinct 3-gram hashes of {@link #norm}. */
  final long[] grams;
  /** NUMBER: the value; DATE: the epoch day; NaN otherwise. */
  final double number;
  /** COMPANY: legal form; EMAIL: local part; ADDRESS: house number; DOMAIN: brand label; PERSON: sorted tokens. */
  final String partA;
  /** EMAIL: domain; COMPANY: acronym of the core; DATE: yyyymmdd digits. */
  final String partB;
  /** EMAIL: free-mail domain. */
  final boolean flag;

  Value(String norm, String[] tokens, double[] weights, long[] grams, double number, String partA, String partB, boolean flag) {
    this.norm = norm;
    this.tokens = tokens;
    this.weights = weights;
    this.grams = grams;
    this.number = number;
    this.partA = partA;
    this.partB = partB;
    this.flag = flag;
  }

  boolean missing() {
    return norm.isEmpty();
  }
}
