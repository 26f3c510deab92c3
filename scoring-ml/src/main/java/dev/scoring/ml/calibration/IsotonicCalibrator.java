package dev.scoring.ml.calibration;

import java.util.Arrays;
import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/**
 * Isotonic regression: a non-decreasing map from score to probability, fitted with the
 * pool-adjacent-violators algorithm.
 *
 * <p>The fit is a step function over blocks of held-out scores; it is stored as strictly
 * increasing knots {@code x} with values {@code y} (each block's lowest and highest score carry the
 * block's mean label) and applied by linear interpolation between knots, clamped to the first and
 * last value outside them (as scikit-learn's {@code IsotonicRegression(out_of_bounds="clip")} does).
 */
public final class IsotonicCalibrator implements Calibrator {

  private final double[] x;
  private final double[] y;
  private final long fittedRows;

  private IsotonicCalibrator(double[] x, double[] y, long fittedRows) {
    this.x = x;
    this.y = y;
    this.fittedRows = fittedRows;
  }

  /**
   * A calibrator from its knots.
   *
   * @param x strictly increasing, finite scores
   * @param y non-decreasing values in [0, 1], one per knot
   * @param fittedRows how many rows it was fitted on
   * @throws IllegalArgumentException if the knots are empty or break these rules
   */
  public static IsotonicCalibrator of(double[] x, double[] y, long fittedRows) {
    if (x.length == 0 || x.length != y.length) {
      throw new IllegalArgumentException("isotonic knots: " + x.length + " scores and " + y.length + " values");
    }
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i]) || !(y[i] >= 0 && y[i] <= 1)) {
        throw new IllegalArgumentException("isotonic knot " + i + " is invalid: (" + x[i] + ", " + y[i] + ")");
      }
      if (i > 0 && (x[i] <= x[i - 1] || y[i] < y[i - 1])) {
        throw new IllegalArgumentException(
            "isotonic knots must have increasing scores and non-decreasing values; knot " + i + " breaks it");
      }
    }
    if (fittedRows < 0) {
      throw new IllegalArgumentException("fittedRows must not be negative: " + fittedRows);
    }
    return new IsotonicCalibrator(x.clone(), y.clone(), fittedRows);
  }

  /** Fits on held-out scores and labels, each row with weight 1. @see #fit(double[], boolean[], double[]) */
  public static IsotonicCalibrator fit(double[] scores, boolean[] labels) {
    double[] w = new double[scores.length];
    Arrays.fill(w, 1.0);
    return fit(scores, labels, w);
  }

  /**
   * Fits on held-out scores, labels and row weights with pool-adjacent-violators.
   *
   * @throws IllegalArgumentException if the arrays differ in length, are empty, hold a non-finite
   *     score or a negative or non-finite weight, or hold only one class
   */
  public static IsotonicCalibrator fit(double[] scores, boolean[] labels, double[] weights) {
    Fitting.check(scores, labels);
    int n = scores.length;
    if (weights.length != n) {
      throw new IllegalArgumentException(n + " scores but " + weights.length + " weights");
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      if (!(weights[i] >= 0) || !Double.isFinite(weights[i])) {
        throw new IllegalArgumentException("weight " + i + " must be finite and not negative: " + weights[i]);
      }
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]));
    // blocks: weighted label sum, weight, lowest and highest score; equal scores start in one block
    double[] sum = new double[n];
    double[] wt = new double[n];
    double[] lo = new double[n];
    double[] hi = new double[n];
    int blocks = 0;
    int k = 0;
    while (k < n) {
      // a group of equal scores enters as one block
      double score = scores[order[k]];
      double gs = 0;
      double gw = 0;
      while (k < n && scores[order[k]] == score) {
        int i = order[k++];
        gs += labels[i] ? weights[i] : 0.0;
        gw += weights[i];
      }
      sum[blocks] = gs;
      wt[blocks] = gw;
      lo[blocks] = score;
      hi[blocks] = score;
      blocks++;
      // pool while the last block's mean is below the one before it
      while (blocks > 1 && mean(sum, wt, blocks - 1) < mean(sum, wt, blocks - 2)) {
        int b = blocks - 2;
        sum[b] += sum[b + 1];
        wt[b] += wt[b + 1];
        hi[b] = hi[b + 1];
        blocks--;
      }
    }
    double[] kx = new double[2 * blocks];
    double[] ky = new double[2 * blocks];
    int m = 0;
    for (int b = 0; b < blocks; b++) {
      double v = wt[b] > 0 ? sum[b] / wt[b] : (m > 0 ? ky[m - 1] : 0.0);
      kx[m] = lo[b];
      ky[m++] = v;
      if (hi[b] > lo[b]) {
        kx[m] = hi[b];
        ky[m++] = v;
      }
    }
    return new IsotonicCalibrator(Arrays.copyOf(kx, m), Arrays.copyOf(ky, m), n);
  }

  private static double mean(double[] sum, double[] wt, int b) {
    return wt[b] > 0 ? sum[b] / wt[b] : 0.0;
  }

  @Override
  public double apply(double score) {
    if (score <= x[0]) {
      return y[0];
    }
    int last = x.length - 1;
    if (score >= x[last]) {
      return y[last];
    }
    int j = Arrays.binarySearch(x, score);
    if (j >= 0) {
      return y[j];
    }
    int hiIdx = -j - 1;
    int loIdx = hiIdx - 1;
    double t = (score - x[loIdx]) / (x[hiIdx] - x[loIdx]);
    return y[loIdx] + t * (y[hiIdx] - y[loIdx]);
  }

  /** A copy of the knots' scores. */
  public double[] knots() {
    return x.clone();
  }

  /** A copy of the knots' values. */
  public double[] values() {
    return y.clone();
  }

  @Override
  public long fittedRows() {
    return fittedRows;
  }

  @Override
  public String method() {
    return "isotonic";
  }

  @Override
  public String toJson() {
    return CalibrationJson.write(this);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof IsotonicCalibrator c && fittedRows == c.fittedRows && Arrays.equals(x, c.x) && Arrays.equals(y, c.y);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(x) + Arrays.hashCode(y);
  }

  @Override
  public String toString() {
    return "IsotonicCalibrator[" + x.length + " knots, fitted on " + fittedRows + " rows]";
  }
}
