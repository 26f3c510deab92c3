package dev.scoring.ml.anomaly;

import org.apache.commons.math3.distribution.NormalDistribution;

/** The statistics the detectors share: quantiles, Wilson intervals, binomial log likelihoods. */
final class Stats {

  private Stats() {}

  /** The standard normal quantile at {@code p}. */
  static double normalQuantile(double p) {
    return new NormalDistribution(null, 0, 1).inverseCumulativeProbability(p);
  }

  /** The Wilson score interval of {@code events} in {@code trials} at quantile {@code z} (trials may be weighted). */
  static Interval wilson(double events, double trials, double z) {
    if (trials <= 0) {
      return new Interval(0, 0, 1);
    }
    double p = Math.min(1, Math.max(0, events / trials));
    double z2 = z * z;
    double denom = 1 + z2 / trials;
    double centre = (p + z2 / (2 * trials)) / denom;
    double half = z * Math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / denom;
    return new Interval(p, Math.max(0, Math.min(p, centre - half)), Math.min(1, Math.max(p, centre + half)));
  }

  /** {@code e·ln(p) + (n − e)·ln(1 − p)}, with {@code 0·ln 0 = 0}. */
  static double binomialLogLikelihood(double events, double trials, double p) {
    double ll = 0;
    if (events > 0) {
      ll += events * Math.log(p);
    }
    if (trials - events > 0) {
      ll += (trials - events) * Math.log1p(-p);
    }
    return ll;
  }

  /**
   * The log likelihood ratio of "two rates" against "one rate" for two binomial samples: half the
   * G statistic, which is about χ²(1)/2 when the rates are equal.
   */
  static double twoSampleLogLikelihoodRatio(double e0, double n0, double e1, double n1) {
    if (n0 <= 0 || n1 <= 0) {
      return 0;
    }
    double pooled = (e0 + e1) / (n0 + n1);
    return binomialLogLikelihood(e0, n0, e0 / n0)
        + binomialLogLikelihood(e1, n1, e1 / n1)
        - binomialLogLikelihood(e0 + e1, n0 + n1, pooled);
  }

  /** The median of {@code values[0..n)}, sorting {@code scratch} (at least {@code n} long). */
  static double median(double[] values, int n, double[] scratch) {
    System.arraycopy(values, 0, scratch, 0, n);
    // insertion sort: n is a handful of seasonal cycles
    for (int i = 1; i < n; i++) {
      double v = scratch[i];
      int j = i - 1;
      while (j >= 0 && scratch[j] > v) {
        scratch[j + 1] = scratch[j];
        j--;
      }
      scratch[j + 1] = v;
    }
    return (n & 1) == 1 ? scratch[n / 2] : 0.5 * (scratch[n / 2 - 1] + scratch[n / 2]);
  }
}
