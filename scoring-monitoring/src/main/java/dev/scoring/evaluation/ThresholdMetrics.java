package dev.scoring.evaluation;

import org.jspecify.annotations.Nullable;

/**
 * The confusion counts and derived metrics of a binary scorer at one threshold: a row is
 * predicted positive when its score is at or above the threshold. With sample weights the counts
 * are sums of weights (without, they are whole numbers of rows).
 *
 * @param threshold the threshold
 * @param truePositives label 1, predicted 1
 * @param falsePositives label 0, predicted 1
 * @param trueNegatives label 0, predicted 0
 * @param falseNegatives label 1, predicted 0
 */
public record ThresholdMetrics(
    double threshold, double truePositives, double falsePositives, double trueNegatives, double falseNegatives) {

  /**
   * The metrics of {@code scores} at {@code threshold}.
   *
   * @throws IllegalArgumentException for bad input (see {@link BinaryMetrics#of(double[], int[])})
   *     or a threshold that is NaN
   */
  public static ThresholdMetrics of(double[] scores, int[] labels, double threshold) {
    return of(scores, labels, threshold, null);
  }

  /**
   * The weighted metrics: each row counts its weight; {@code weights} (finite, not negative) may be
   * {@code null} for equal weights.
   *
   * @throws IllegalArgumentException as {@link #of(double[], int[], double)}, or for a bad weight
   */
  public static ThresholdMetrics of(double[] scores, int[] labels, double threshold, double @Nullable [] weights) {
    Binary.check(scores, labels, weights);
    if (Double.isNaN(threshold)) {
      throw new IllegalArgumentException("threshold is NaN");
    }
    double tp = 0;
    double fp = 0;
    double tn = 0;
    double fn = 0;
    for (int i = 0; i < scores.length; i++) {
      boolean predicted = scores[i] >= threshold;
      double w = weights == null ? 1 : weights[i];
      if (labels[i] == 1) {
        if (predicted) {
          tp += w;
        } else {
          fn += w;
        }
      } else if (predicted) {
        fp += w;
      } else {
        tn += w;
      }
    }
    return new ThresholdMetrics(threshold, tp, fp, tn, fn);
  }

  /** TP / (TP + FP); 0 when nothing is predicted positive (scikit-learn's {@code zero_division=0}). */
  public double precision() {
    double d = truePositives + falsePositives;
    return d == 0 ? 0 : truePositives / d;
  }

  /** TP / (TP + FN); 0 without positive labels. */
  public double recall() {
    double d = truePositives + falseNegatives;
    return d == 0 ? 0 : truePositives / d;
  }

  /** The harmonic mean of precision and recall, 2TP / (2TP + FP + FN); 0 when both are 0. */
  public double f1() {
    double d = 2 * truePositives + falsePositives + falseNegatives;
    return d == 0 ? 0 : 2.0 * truePositives / d;
  }

  /** (TP + TN) / rows (by weight); NaN if every weight is zero. */
  public double accuracy() {
    double n = rows();
    return n == 0 ? Double.NaN : (truePositives + trueNegatives) / n;
  }

  /** 1 − accuracy. */
  public double errorRate() {
    return 1 - accuracy();
  }

  /** The number of rows (the total weight, with weights). */
  public double rows() {
    return truePositives + falsePositives + trueNegatives + falseNegatives;
  }
}
