package dev.scoring.evaluation;

import java.util.List;

/**
 * The result of a {@link BaselineComparison}.
 *
 * @param model the model's metrics
 * @param baseline the baseline's metrics
 * @param differences model − baseline for each {@link BinaryMetric}, with paired bootstrap intervals
 * @param delong DeLong's test for the AUC difference (all NaN for a comparison with unequal
 *     weights: the test is unweighted; read the weighted bootstrap interval instead)
 */
public record ComparisonReport(
    BinaryMetrics model, BinaryMetrics baseline, List<Difference> differences, DeLongTest delong) {

  /** Copies the list. */
  public ComparisonReport {
    differences = List.copyOf(differences);
  }

  /**
   * The paired difference of one metric.
   *
   * @param metric the metric
   * @param model the model's value
   * @param baseline the baseline's value
   * @param difference model − baseline, with its paired bootstrap interval
   */
  public record Difference(BinaryMetric metric, double model, double baseline, Interval difference) {}

  /**
   * DeLong's test for two correlated ROC AUCs.
   *
   * @param modelAuc the model's AUC
   * @param baselineAuc the baseline's AUC
   * @param difference modelAuc − baselineAuc
   * @param standardError the standard error of the difference
   * @param z difference / standardError
   * @param pValue the two-sided p-value, 2·(1 − Φ(|z|))
   */
  public record DeLongTest(
      double modelAuc, double baselineAuc, double difference, double standardError, double z, double pValue) {}

  /** The difference for one metric. */
  public Difference difference(BinaryMetric metric) {
    for (Difference d : differences) {
      if (d.metric() == metric) {
        return d;
      }
    }
    throw new IllegalArgumentException("no difference for " + metric);
  }
}
