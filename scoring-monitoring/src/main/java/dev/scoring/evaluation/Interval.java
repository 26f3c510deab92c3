package dev.scoring.evaluation;

/**
 * A point estimate with a bootstrap confidence interval.
 *
 * @param estimate the statistic on the full data
 * @param lower the lower bound (the (1 − level)/2 percentile of the resampled statistics)
 * @param upper the upper bound (the (1 + level)/2 percentile)
 * @param level the confidence level, e.g. 0.95
 */
public record Interval(double estimate, double lower, double upper, double level) {

  /** Whether {@code value} lies within [lower, upper]. */
  public boolean contains(double value) {
    return value >= lower && value <= upper;
  }

  /** upper − lower. */
  public double width() {
    return upper - lower;
  }
}
