package dev.scoring.evaluation;

/**
 * The confusion counts and derived metrics of a binary scorer at one threshold: a row is
 * predicted positive when its score is at or above the threshold.
 *
 * @param threshold the threshold
 * @param truePositives label 1, predicted 1
 * @param falsePositives label 0, predicted 1
 * @param trueNegatives label 0, predicted 0
 * @param falseNegatives label 1, predicted 0
 */
public record ThresholdMetrics(
    double threshold, long truePositives, long falsePositives, long trueNegatives, long falseNegatives) {

  /**
   * The metrics of {@code scores} at {@code threshold}.
   *
   * @throws IllegalArgumentException for bad input (see {@link BinaryMetrics#of(double[], int[])})
   *     or a threshold that is NaN
   */
  public static ThresholdMetrics of(double[] scores, int[] labels, double threshold) {
    Binary.check(scores, labels, null);
    if (Double.isNaN(threshold)) {
      throw new IllegalArgumentException("threshold is NaN");
    }
    long tp = 0;
    long fp = 0;
    long tn = 0;
    long fn = 0;
    for (int i = 0; i < scores.length; i++) {
      boolean predicted = scores[i] >= threshold;
      if (labels[i] == 1) {
        if (predicted) {
          tp++;
        } else {
          fn++;
        }
      } else if (predicted) {
        fp++;
      } else {
        tn++;
      }
    }
    return new ThresholdMetrics(threshold, tp, fp, tn, fn);
  }

  /** TP / (TP + FP); 0 when nothing is predicted positive (scikit-learn's {@code zero_division=0}). */
  public double precision() {
    long d = truePositives + falsePositives;
    return d == 0 ? 0 : (double) truePositives / d;
  }

  /** TP / (TP + FN); 0 without positive labels. */
  public double recall() {
    long d = truePositives + falseNegatives;
    return d == 0 ? 0 : (double) truePositives / d;
  }

  /** The harmonic mean of precision and recall, 2TP / (2TP + FP + FN); 0 when both are 0. */
  public double f1() {
    long d = 2 * truePositives + falsePositives + falseNegatives;
    return d == 0 ? 0 : 2.0 * truePositives / d;
  }

  /** (TP + TN) / rows. */
  public double accuracy() {
    return (double) (truePositives + trueNegatives) / rows();
  }

  /** 1 − accuracy. */
  public double errorRate() {
    return 1 - accuracy();
  }

  /** The number of rows. */
  public long rows() {
    return truePositives + falsePositives + trueNegatives + falseNegatives;
  }
}
