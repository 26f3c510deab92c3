package dev.scoring.ml.anomaly;

import dev.scoring.internal.Special;

/**
 * Tail probabilities of a count under a negative binomial (Poisson-gamma) law with mean {@code μ}
 * and shape {@code k} (variance {@code μ + μ²/k}; {@code k = ∞} is Poisson), and normal scores of
 * counts under it.
 *
 * <p>Exact tails use the identities {@code P(X ≥ x) = I_{μ/(k+μ)}(x, k)} and
 * {@code P(X ≤ x) = I_{k/(k+μ)}(k, x + 1)} (regularized incomplete beta; for a Poisson law the
 * regularized incomplete gamma). They cost a few hundred nanoseconds, so the per-observation score is
 * Paulson's (1942) cube-root approximation of the same tail, through {@code P(X ≥ y) = P(F(2y, 2k) ≤ μ/y)}
 * for an F variable: it needs one cube root and one square root, and becomes the Wilson-Hilferty
 * approximation of the Poisson tail as {@code k → ∞}. Stateless.
 */
final class CountTail {

  private CountTail() {}

  /**
   * The approximate normal score of count {@code y} (a continuous position, e.g. {@code x + ½} for a
   * mid-point): {@code s} with {@code P(X ≥ y) ≈ Φ(−s)}, increasing in {@code y}.
   */
  static double score(double y, double mu, double shape) {
    double f = mu / y;
    double c1 = 2 / (9 * 2 * y);
    double c2 = Double.isInfinite(shape) ? 0 : 2 / (9 * 2 * shape);
    double f3 = Math.cbrt(f);
    double zf = ((1 - c2) * f3 - (1 - c1)) / Math.sqrt(c1 + f3 * f3 * c2);
    return -zf;
  }

  /** The mid-point normal score of an observed count {@code x ≥ 0}: 0 at the median, about N(0, 1) under the law. */
  static double midScore(double x, double mu, double shape) {
    return score(x + 0.5, mu, shape);
  }

  /** {@code P(X ≥ x)} exactly. */
  static double upper(double x, double mu, double shape) {
    if (x <= 0) {
      return 1;
    }
    if (Double.isInfinite(shape)) {
      return 1 - Special.gammaQ(x, mu);
    }
    return Stats.incompleteBeta(mu / (shape + mu), x, shape);
  }

  /** {@code P(X ≤ x)} exactly. */
  static double lower(double x, double mu, double shape) {
    if (x < 0) {
      return 0;
    }
    if (Double.isInfinite(shape)) {
      return Special.gammaQ(x + 1, mu);
    }
    return Stats.incompleteBeta(shape / (shape + mu), shape, x + 1);
  }

  /** The normal score of a tail probability: {@code Φ⁻¹(1 − p)}, finite even when {@code p} underflows. */
  static double tailScore(double p) {
    return -Stats.normalQuantile(Math.min(0.5, Math.max(Double.MIN_NORMAL, p)));
  }

  /** The largest whole count {@code x} with {@code P(X ≤ x) ≤ alpha}, or −1 if even 0 is more likely. */
  static double lowestUsual(double mu, double shape, double alpha) {
    if (lower(0, mu, shape) > alpha) {
      return -1;
    }
    double lo = 0; // P(X ≤ lo) ≤ alpha
    double hi = Math.max(1, Math.ceil(mu));
    while (lower(hi, mu, shape) <= alpha) {
      lo = hi;
      hi *= 2;
    }
    while (hi - lo > 1) {
      double mid = Math.floor((lo + hi) / 2);
      if (lower(mid, mu, shape) <= alpha) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The smallest whole count {@code x} with {@code P(X ≥ x) ≤ alpha}. */
  static double highestUsual(double mu, double shape, double alpha) {
    double lo = Math.max(0, Math.floor(mu)); // P(X ≥ lo) > alpha (for alpha < 0.5)
    double hi = Math.max(1, 2 * lo);
    while (upper(hi, mu, shape) > alpha) {
      lo = hi;
      hi *= 2;
    }
    while (hi - lo > 1) {
      double mid = Math.floor((lo + hi) / 2);
      if (upper(mid, mu, shape) > alpha) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return hi;
  }
}
