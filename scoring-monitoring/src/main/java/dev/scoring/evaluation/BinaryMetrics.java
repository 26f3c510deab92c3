package dev.scoring.evaluation;

import org.jspecify.annotations.Nullable;

/**
 * The threshold-free metrics of a binary scorer on labelled rows.
 *
 * <pre>{@code
 * BinaryMetrics m = BinaryMetrics.of(scores, labels);   // labels are 0 or 1
 * m.rocAuc(); m.prAuc(); m.logLoss(); m.brier();
 * }</pre>
 *
 * @param rows the number of rows
 * @param positives the number of rows labelled 1
 * @param rocAuc ROC AUC, exact with ties counted one half: U / (n1·n0) of the Mann–Whitney test
 * @param prAuc average precision, Σ (R_k − R_(k−1)) P_k over distinct thresholds (as scikit-learn)
 * @param logLoss mean log loss (natural log, probabilities clipped to [1e-15, 1 − 1e-15]); NaN
 *     when a score is outside [0, 1] (points, not probabilities)
 * @param brier mean squared error of the probability; NaN when a score is outside [0, 1]
 */
public record BinaryMetrics(int rows, int positives, double rocAuc, double prAuc, double logLoss, double brier) {

  /**
   * The metrics of {@code scores} against {@code labels}.
   *
   * @throws IllegalArgumentException if the arrays are empty or differ in length, a score is not
   *     finite, a label is not 0 or 1, or only one class is present
   */
  public static BinaryMetrics of(double[] scores, int[] labels) {
    return of(scores, labels, null);
  }

  /**
   * The weighted metrics; {@code weights} (finite, not negative) may be {@code null} for equal
   * weights. Counts stay unweighted.
   *
   * @throws IllegalArgumentException as {@link #of(double[], int[])}, or for a bad weight
   */
  public static BinaryMetrics of(double[] scores, int[] labels, double @Nullable [] weights) {
    int positives = Binary.check(scores, labels, weights);
    Binary.requireBothClasses(positives, scores.length, "ROC AUC");
    Binary b = new Binary(scores, labels);
    return new BinaryMetrics(
        scores.length, positives, b.auc(weights), b.averagePrecision(weights), b.logLoss(weights), b.brier(weights));
  }

  /** The value of one metric. */
  public double get(BinaryMetric metric) {
    return switch (metric) {
      case ROC_AUC -> rocAuc;
      case PR_AUC -> prAuc;
      case LOG_LOSS -> logLoss;
      case BRIER -> brier;
    };
  }

  /** Exact ROC AUC with ties counted one half. @throws IllegalArgumentException as {@link #of(double[], int[])} */
  public static double rocAuc(double[] scores, int[] labels) {
    int positives = Binary.check(scores, labels, null);
    Binary.requireBothClasses(positives, scores.length, "ROC AUC");
    return new Binary(scores, labels).auc(null);
  }

  /** Average precision (PR AUC). @throws IllegalArgumentException as {@link #of(double[], int[])}, or without positives */
  public static double averagePrecision(double[] scores, int[] labels) {
    int positives = Binary.check(scores, labels, null);
    if (positives == 0) {
      throw new IllegalArgumentException("average precision needs at least one positive label");
    }
    return new Binary(scores, labels).averagePrecision(null);
  }

  /** Mean log loss. @throws IllegalArgumentException for bad input or a score outside [0, 1] */
  public static double logLoss(double[] scores, int[] labels) {
    Binary.check(scores, labels, null);
    Binary.requireProbabilities(scores, "log loss");
    return new Binary(scores, labels).logLoss(null);
  }

  /** Brier score. @throws IllegalArgumentException for bad input or a score outside [0, 1] */
  public static double brier(double[] scores, int[] labels) {
    Binary.check(scores, labels, null);
    Binary.requireProbabilities(scores, "Brier score");
    return new Binary(scores, labels).brier(null);
  }
}
