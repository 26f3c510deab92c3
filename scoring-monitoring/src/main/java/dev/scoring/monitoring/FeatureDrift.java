package dev.scoring.monitoring;

/**
 * One feature's (or the score's) drift in a window.
 *
 * @param name the feature, or {@value ReferenceProfile#SCORE}
 * @param kind numeric or categorical
 * @param windowRows rows in the window
 * @param missingRate the window's fraction of missing values
 * @param psi the population stability index over the coarse buckets (missing included)
 * @param jensenShannon the Jensen–Shannon distance (base 2) over the same buckets
 * @param test Kolmogorov–Smirnov for numbers (present values), chi-square for categories (missing included)
 * @param statistic the test's statistic (D, or the chi-square statistic)
 * @param pValue the test's asymptotic p-value (NaN if the window has no value to test)
 * @param adjustedPValue the p-value after the multiple-testing correction across features
 * @param drifted whether an alarm threshold was crossed
 */
public record FeatureDrift(
    String name,
    FeatureProfile.Kind kind,
    long windowRows,
    double missingRate,
    double psi,
    double jensenShannon,
    Test test,
    double statistic,
    double pValue,
    double adjustedPValue,
    boolean drifted) {

  /** The test applied. */
  public enum Test {
    /** Two-sample Kolmogorov–Smirnov on the fine bins. */
    KOLMOGOROV_SMIRNOV,
    /** Chi-square test of homogeneity. */
    CHI_SQUARE
  }

  /** The PSI's customary band. */
  public PsiBand psiBand() {
    return PsiBand.of(psi);
  }
}
