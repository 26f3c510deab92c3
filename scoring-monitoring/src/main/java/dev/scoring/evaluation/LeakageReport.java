package dev.scoring.evaluation;

import dev.scoring.api.FeatureType;
import java.util.List;
import java.util.Optional;

/**
 * The result of a {@link LeakageCheck}.
 *
 * @param aucThreshold the AUC threshold used
 * @param missingGap the missingness gap used
 * @param features one entry per feature, in schema order
 */
public record LeakageReport(double aucThreshold, double missingGap, List<FeatureLeak> features) {

  /** Copies the list. */
  public LeakageReport {
    features = List.copyOf(features);
  }

  /**
   * One feature's check.
   *
   * @param name the feature
   * @param type its type
   * @param present rows where it has a value
   * @param auc its single-feature AUC as max(AUC, 1 − AUC) over present values (NaN for text or too few values)
   * @param missingRatePositives the fraction of positives where it is missing (by weight, with weights)
   * @param missingRateNegatives the fraction of negatives where it is missing (by weight, with weights)
   * @param reasons why it is flagged; empty if it is not
   */
  public record FeatureLeak(
      String name,
      FeatureType type,
      int present,
      double auc,
      double missingRatePositives,
      double missingRateNegatives,
      List<String> reasons) {
    /** Copies the list. */
    public FeatureLeak {
      reasons = List.copyOf(reasons);
    }

    /** Whether the feature is flagged. */
    public boolean flagged() {
      return !reasons.isEmpty();
    }
  }

  /** The flagged features. */
  public List<FeatureLeak> flagged() {
    return features.stream().filter(FeatureLeak::flagged).toList();
  }

  /** The entry for a feature, if present. */
  public Optional<FeatureLeak> feature(String name) {
    return features.stream().filter(f -> f.name().equals(name)).findFirst();
  }
}
