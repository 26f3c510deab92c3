package dev.scoring.ml.anomaly;

import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.Well19937c;

/**
 * Seeded generators of streams with injected anomalies at known onsets. Each stream's time is its
 * index (epoch milliseconds = observation number), so an episode's times are positions.
 */
final class Synthetic {

  private Synthetic() {}

  /** Kinds of change injected into a binomial rate stream. */
  enum RateChange {
    NONE, DROP, RISE, SLOW_DRIFT_DOWN
  }

  /**
   * A binomial stream: {@code n} trials at rate {@code p0}; from {@code onset} on, the odds are
   * multiplied by {@code factor} (at once, or linearly over {@code ramp} trials for a slow drift).
   */
  static boolean[] rates(long seed, int n, double p0, RateChange change, int onset, double factor, int ramp) {
    SplittableRandom r = new SplittableRandom(seed);
    boolean[] x = new boolean[n];
    double odds0 = p0 / (1 - p0);
    for (int i = 0; i < n; i++) {
      double odds = odds0;
      if (change != RateChange.NONE && i >= onset) {
        double f = change == RateChange.SLOW_DRIFT_DOWN ? Math.pow(factor, Math.min(1.0, (i - onset + 1.0) / ramp)) : factor;
        odds = odds0 * f;
      }
      double p = odds / (1 + odds);
      x[i] = r.nextDouble() < p;
    }
    return x;
  }

  /** Kinds of anomaly injected into a seasonal count stream. */
  enum VolumeChange {
    NONE, SPIKE, DROP, LEVEL_SHIFT, MISSING_DAY, BOT_BURST
  }

  /** The seasonal mean of hour {@code t}: a daily curve (busy afternoons, quiet nights) times a weekly one (quiet weekends). */
  static double seasonalMean(int t, double base) {
    int hour = t % 24;
    int day = (t / 24) % 7;
    double daily = 0.25 + 1.5 * Math.max(0, Math.sin(Math.PI * (hour - 6) / 14.0));
    double weekly = day >= 5 ? 0.35 : 1.0;
    return base * daily * weekly;
  }

  /**
   * Hourly counts over {@code weeks} weeks with daily and weekly seasonality and negative binomial
   * noise (gamma-mixed Poisson with shape {@code shape}), and one injected anomaly from {@code onset}.
   */
  static double[] volumes(long seed, int weeks, double base, double shape, VolumeChange change, int onset) {
    Well19937c rng = new Well19937c(seed);
    int n = weeks * 168;
    double[] x = new double[n];
    for (int t = 0; t < n; t++) {
      double mu = seasonalMean(t, base);
      switch (change) {
        case SPIKE -> mu *= t == onset ? 4 : 1;
        case DROP -> mu *= t >= onset && t < onset + 3 ? 0.15 : 1;
        case LEVEL_SHIFT -> mu *= t >= onset ? 1.6 : 1;
        case MISSING_DAY -> mu *= t >= onset && t < onset + 24 ? 0.02 : 1;
        default -> { }
      }
      double lambda = new GammaDistribution(rng, shape, mu / shape).sample();
      double count = lambda <= 0 ? 0 : new PoissonDistribution(rng, lambda, 1e-12, 10_000_000).sample();
      if (change == VolumeChange.BOT_BURST && t >= onset && t < onset + 2) {
        count += Math.round(5 * Math.sqrt(mu + mu * mu / shape) + 5);
      }
      x[t] = count;
    }
    return x;
  }

  /** The length of the anomaly a volume change injects, in intervals. */
  static int length(VolumeChange change, int n, int onset) {
    return switch (change) {
      case NONE -> 0;
      case SPIKE -> 1;
      case DROP -> 3;
      case BOT_BURST -> 2;
      case MISSING_DAY -> 24;
      case LEVEL_SHIFT -> n - onset;
    };
  }
}
