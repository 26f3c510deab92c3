package dev.scoring.evaluation;

import dev.scoring.internal.Special;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The model against a baseline (e.g. the rule scorecard) on the same rows: both scorers'
 * metrics, the paired difference of each metric with a paired bootstrap interval (both scorers
 * see the same resamples), and DeLong's test for the difference of the correlated ROC AUCs
 * (DeLong, DeLong and Clarke-Pearson 1988).
 *
 * <pre>{@code
 * ComparisonReport r = BaselineComparison.compare(modelScores, ruleScores, labels, Bootstrap.defaults());
 * r.delong().pValue();                         // is the AUC difference significant?
 * r.difference(BinaryMetric.ROC_AUC).difference().lower();  // model − baseline, lower bound
 * }</pre>
 *
 * The baseline may score in points rather than probabilities: AUC and average precision only
 * need an ordering; log loss and Brier are then NaN.
 *
 * <p>With sample weights every metric and the paired bootstrap are weighted (resampled rows carry
 * their weights). DeLong's test has no weighted form here (its variance is that of unweighted
 * U-statistics): with weights that are not all equal the report's {@link
 * ComparisonReport#delong()} is all NaN, and the weighted paired bootstrap interval of the ROC AUC
 * difference is the test to read; {@link #delong(double[], double[], int[])} takes no weights.
 */
public final class BaselineComparison {

  private BaselineComparison() {}

  /**
   * Compares {@code model} with {@code baseline}.
   *
   * @throws IllegalArgumentException for bad input (see {@link BinaryMetrics#of(double[], int[])})
   *     in either scorer's scores, or scores of different lengths
   */
  public static ComparisonReport compare(double[] model, double[] baseline, int[] labels, Bootstrap bootstrap) {
    return compare(model, baseline, labels, null, bootstrap);
  }

  /**
   * Compares {@code model} with {@code baseline} on weighted rows; {@code weights} (finite, not
   * negative) may be {@code null} for equal weights. Counts stay rows.
   *
   * @throws IllegalArgumentException as {@link #compare(double[], double[], int[], Bootstrap)}, or for a bad weight
   */
  public static ComparisonReport compare(
      double[] model, double[] baseline, int[] labels, double @Nullable [] weights, Bootstrap bootstrap) {
    int positives = Binary.check(model, labels, weights);
    if (baseline.length != model.length) {
      throw new IllegalArgumentException(
          "model and baseline scores differ in length: " + model.length + " and " + baseline.length);
    }
    Binary.check(baseline, labels, weights);
    Binary.requireBothClasses(positives, labels.length, "a comparison");
    Binary a = new Binary(model, labels);
    Binary b = new Binary(baseline, labels);
    double[] w = weights;
    BinaryMetrics ma = new BinaryMetrics(labels.length, positives, a.auc(w), a.averagePrecision(w), a.logLoss(w), a.brier(w));
    BinaryMetrics mb = new BinaryMetrics(labels.length, positives, b.auc(w), b.averagePrecision(w), b.logLoss(w), b.brier(w));
    double[][][] stats = bootstrap.resample(new Binary[] {a, b}, labels, weights);
    List<ComparisonReport.Difference> diffs = new ArrayList<>();
    for (BinaryMetric m : BinaryMetric.values()) {
      double[] d = new double[bootstrap.resamples()];
      for (int r = 0; r < d.length; r++) {
        d[r] = stats[0][m.ordinal()][r] - stats[1][m.ordinal()][r];
      }
      Interval ci = bootstrap.interval(ma.get(m) - mb.get(m), d);
      diffs.add(new ComparisonReport.Difference(m, ma.get(m), mb.get(m), ci));
    }
    ComparisonReport.DeLongTest test = Binary.uniform(weights)
        ? delong(model, baseline, labels)
        : new ComparisonReport.DeLongTest(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    return new ComparisonReport(ma, mb, diffs, test);
  }

  /**
   * DeLong's test of H0: AUC(model) = AUC(baseline) on the same rows, unweighted (for weighted
   * rows use the paired bootstrap of {@link #compare(double[], double[], int[], double[], Bootstrap)}).
   *
   * @throws IllegalArgumentException for bad input or only one class
   */
  public static ComparisonReport.DeLongTest delong(double[] model, double[] baseline, int[] labels) {
    int n1 = Binary.check(model, labels, null);
    if (baseline.length != model.length) {
      throw new IllegalArgumentException(
          "model and baseline scores differ in length: " + model.length + " and " + baseline.length);
    }
    Binary.check(baseline, labels, null);
    Binary.requireBothClasses(n1, labels.length, "DeLong's test");
    int n0 = labels.length - n1;
    double[][] v10 = new double[2][];
    double[][] v01 = new double[2][];
    double[] auc = new double[2];
    double[][] all = {model, baseline};
    for (int s = 0; s < 2; s++) {
      double[] x = new double[n1];
      double[] y = new double[n0];
      for (int i = 0, p = 0, q = 0; i < labels.length; i++) {
        if (labels[i] == 1) {
          x[p++] = all[s][i];
        } else {
          y[q++] = all[s][i];
        }
      }
      double[] xs = x.clone();
      double[] ys = y.clone();
      Arrays.sort(xs);
      Arrays.sort(ys);
      v10[s] = new double[n1];
      v01[s] = new double[n0];
      double sum = 0;
      for (int i = 0; i < n1; i++) {
        int below = lowerBound(ys, x[i]);
        int equal = upperBound(ys, x[i]) - below;
        v10[s][i] = (below + 0.5 * equal) / n0;
        sum += v10[s][i];
      }
      for (int j = 0; j < n0; j++) {
        int atOrBelow = upperBound(xs, y[j]);
        int equal = atOrBelow - lowerBound(xs, y[j]);
        v01[s][j] = (n1 - atOrBelow + 0.5 * equal) / n1;
      }
      auc[s] = sum / n1;
    }
    double var = (cov(v10[0], v10[0]) + cov(v10[1], v10[1]) - 2 * cov(v10[0], v10[1])) / n1
        + (cov(v01[0], v01[0]) + cov(v01[1], v01[1]) - 2 * cov(v01[0], v01[1])) / n0;
    double diff = auc[0] - auc[1];
    double se = Math.sqrt(Math.max(var, 0));
    double z;
    double p;
    if (se == 0) {
      z = diff == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, diff);
      p = diff == 0 ? 1 : 0;
    } else {
      z = diff / se;
      p = Math.min(1, 2 * Special.normalSf(Math.abs(z)));
    }
    return new ComparisonReport.DeLongTest(auc[0], auc[1], diff, se, z, p);
  }

  /** Sample covariance (denominator n − 1); 0 for fewer than 2 values. */
  private static double cov(double[] a, double[] b) {
    int n = a.length;
    if (n < 2) {
      return 0;
    }
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < n; i++) {
      ma += a[i];
      mb += b[i];
    }
    ma /= n;
    mb /= n;
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += (a[i] - ma) * (b[i] - mb);
    }
    return s / (n - 1);
  }

  /** The number of values in sorted {@code a} strictly below {@code v}. */
  static int lowerBound(double[] a, double v) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The number of values in sorted {@code a} at or below {@code v}. */
  static int upperBound(double[] a, double v) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
