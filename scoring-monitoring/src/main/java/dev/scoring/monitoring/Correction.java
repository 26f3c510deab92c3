package dev.scoring.monitoring;

/**
 * Multiple-testing corrections for the p-values of many features tested in the same window.
 * Adjusted p-values are compared with the significance level directly. NaN p-values (features
 * with no test in a window) are passed through and not counted.
 */
public enum Correction {
  /** No correction. */
  NONE,
  /** Bonferroni: p·m; controls the family-wise error rate. */
  BONFERRONI,
  /** Holm's step-down method: controls the family-wise error rate, uniformly better than Bonferroni. */
  HOLM,
  /** Benjamini–Hochberg step-up method: controls the false discovery rate; the default. */
  BENJAMINI_HOCHBERG;

  /**
   * The adjusted p-values, in the input order.
   *
   * @throws IllegalArgumentException if a p-value is outside [0, 1]
   */
  public double[] adjust(double[] pValues) {
    for (int i = 0; i < pValues.length; i++) {
      double p = pValues[i];
      if (!Double.isNaN(p) && !(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("p-value " + i + " is outside [0, 1]: " + p);
      }
    }
    double[] out = new double[pValues.length];
    adjust(pValues, out, new int[pValues.length], pValues.length);
    return out;
  }

  /** Adjusts {@code p[0..n)} into {@code out}, using {@code order} as scratch; allocation-free. */
  void adjust(double[] p, double[] out, int[] order, int n) {
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (!Double.isNaN(p[i])) {
        order[m++] = i;
      }
      out[i] = p[i];
    }
    if (this == NONE || m == 0) {
      return;
    }
    if (this == BONFERRONI) {
      for (int k = 0; k < m; k++) {
        out[order[k]] = Math.min(1, p[order[k]] * m);
      }
      return;
    }
    // insertion sort of the tested indices by p-value (m is the number of features: small)
    for (int k = 1; k < m; k++) {
      int idx = order[k];
      int j = k - 1;
      while (j >= 0 && p[order[j]] > p[idx]) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = idx;
    }
    if (this == HOLM) {
      double running = 0;
      for (int k = 0; k < m; k++) {
        running = Math.max(running, Math.min(1, (m - k) * p[order[k]]));
        out[order[k]] = running;
      }
    } else {
      double running = 1;
      for (int k = m - 1; k >= 0; k--) {
        running = Math.min(running, Math.min(1, (double) m / (k + 1) * p[order[k]]));
        out[order[k]] = running;
      }
    }
  }
}
