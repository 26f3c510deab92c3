package dev.scoring.ml.anomaly;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * An estimate with its interval: a rate with its confidence interval, or an expected volume with
 * the band outside which a value is an anomaly.
 *
 * @param estimate the point estimate
 * @param lower the lower bound, at most the estimate
 * @param upper the upper bound, at least the estimate
 */
public record Interval(double estimate, double lower, double upper) {

  /**
   * Checks the bounds.
   *
   * @throws IllegalArgumentException if a number is not finite or the bounds do not hold the estimate
   */
  public Interval {
    if (!Double.isFinite(estimate) || !Double.isFinite(lower) || !Double.isFinite(upper)) {
      throw new IllegalArgumentException("interval numbers must be finite: " + estimate + " [" + lower + ", " + upper + "]");
    }
    if (lower > estimate || estimate > upper) {
      throw new IllegalArgumentException("interval [" + lower + ", " + upper + "] does not hold " + estimate);
    }
  }

  /** A value known exactly (an observed count). */
  public static Interval exact(double value) {
    return new Interval(value, value, value);
  }

  /** Whether {@code value} lies within the bounds. */
  public boolean contains(double value) {
    return value >= lower && value <= upper;
  }

  /** As a rate for people, e.g. {@code "11.2% [9.8%, 12.7%]"}. */
  public String percent() {
    return round(100 * estimate) + "% [" + round(100 * lower) + "%, " + round(100 * upper) + "%]";
  }

  @Override
  public String toString() {
    return lower == upper ? round(estimate) : round(estimate) + " [" + round(lower) + ", " + round(upper) + "]";
  }

  static String round(double v) {
    if (v == 0) {
      return "0";
    }
    return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
  }
}
