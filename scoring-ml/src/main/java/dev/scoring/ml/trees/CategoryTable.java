package dev.scoring.ml.trees;

/**
 * Maps a category string to the model's code without boxing: an open-addressing table built once
 * at bind time. Without names from the model, a string that is a non-negative integer is its own code.
 * Unknown strings map to NaN (missing).
 */
final class CategoryTable {

  private final String[] keys;
  private final int[] codes;
  private final int mask;
  private final boolean integerCodes;

  private CategoryTable(String[] keys, int[] codes, boolean integerCodes) {
    this.keys = keys;
    this.codes = codes;
    this.mask = keys.length - 1;
    this.integerCodes = integerCodes;
  }

  /** A table over {@code names} (index = code). */
  static CategoryTable of(String[] names) {
    int cap = Integer.highestOneBit(Math.max(4, names.length * 2 + 1) - 1) << 1;
    String[] keys = new String[cap];
    int[] codes = new int[cap];
    for (int code = 0; code < names.length; code++) {
      String k = names[code];
      int i = k.hashCode() & (cap - 1);
      while (keys[i] != null && !keys[i].equals(k)) {
        i = (i + 1) & (cap - 1);
      }
      if (keys[i] == null) {
        keys[i] = k;
        codes[i] = code;
      }
    }
    return new CategoryTable(keys, codes, false);
  }

  /** A table for models without category names: "0", "1", ... are codes. */
  static CategoryTable integers() {
    return new CategoryTable(new String[1], new int[1], true);
  }

  /** The code of {@code s}, or NaN if the model does not know it. */
  double code(String s) {
    if (integerCodes) {
      return parseCode(s);
    }
    int i = s.hashCode() & mask;
    for (String k; (k = keys[i]) != null; i = (i + 1) & mask) {
      if (k.equals(s)) {
        return codes[i];
      }
    }
    return Double.NaN;
  }

  private static double parseCode(String s) {
    int n = s.length();
    if (n == 0 || n > 9) {
      return Double.NaN;
    }
    int v = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return Double.NaN;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
