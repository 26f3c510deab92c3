package dev.scoring.internal;

/**
 * Special functions and the tail probabilities of the distributions the evaluation and drift tests
 * and the anomaly detectors need (exported only to {@code dev.scoring.monitoring} and
 * {@code dev.scoring.ml}), written here so that scoring-api depends on nothing: log-gamma (Lanczos), the regularized
 * incomplete gamma function (series and Lentz continued fraction, as in Numerical Recipes 6.2),
 * the chi-square and standard normal upper tails, and the Kolmogorov distribution. Allocation-free.
 */
public final class Special {

  private static final double EPS = 1e-15;
  private static final double TINY = 1e-300;
  private static final int MAX_ITER = 10_000;
  private static final double[] LANCZOS = {
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7
  };
  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

  private Special() {}

  /** ln Γ(x) for x > 0 (Lanczos, g = 7, about 15 significant digits). */
  public static double logGamma(double x) {
    if (x < 0.5) {
      // reflection: Γ(x)Γ(1-x) = π / sin(πx)
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    x -= 1;
    double a = LANCZOS[0];
    double t = x + 7.5;
    for (int i = 1; i < 9; i++) {
      a += LANCZOS[i] / (x + i);
    }
    return HALF_LOG_2PI + (x + 0.5) * Math.log(t) - t + Math.log(a);
  }

  /** The regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a), for a > 0, x ≥ 0. */
  public static double gammaQ(double a, double x) {
    if (!(a > 0) || !(x >= 0)) {
      return Double.NaN;
    }
    if (x == 0) {
      return 1.0;
    }
    if (x == Double.POSITIVE_INFINITY) {
      return 0.0;
    }
    return x < a + 1 ? 1.0 - gammaPSeries(a, x) : gammaQFraction(a, x);
  }

  /** P(a, x) by its series; converges fast for x < a + 1. */
  private static double gammaPSeries(double a, double x) {
    double ap = a;
    double sum = 1.0 / a;
    double del = sum;
    for (int n = 0; n < MAX_ITER; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * EPS) {
        break;
      }
    }
    return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
  }

  /** Q(a, x) by its continued fraction (modified Lentz); converges fast for x ≥ a + 1. */
  private static double gammaQFraction(double a, double x) {
    double b = x + 1 - a;
    double c = 1 / TINY;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < MAX_ITER; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      if (Math.abs(d) < TINY) {
        d = TINY;
      }
      c = b + an / c;
      if (Math.abs(c) < TINY) {
        c = TINY;
      }
      d = 1 / d;
      double del = d * c;
      h *= del;
      if (Math.abs(del - 1) < EPS) {
        break;
      }
    }
    return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
  }

  /** P(X > x) for X chi-square with {@code df} degrees of freedom. */
  public static double chiSquareSf(double x, double df) {
    if (!(df > 0)) {
      return Double.NaN;
    }
    return x <= 0 ? 1.0 : gammaQ(df / 2, x / 2);
  }

  /** P(Z > z) for a standard normal Z. */
  public static double normalSf(double z) {
    if (Double.isNaN(z)) {
      return Double.NaN;
    }
    double half = 0.5 * gammaQ(0.5, z * z / 2); // erfc(|z|/√2) / 2
    return z >= 0 ? half : 1 - half;
  }

  /**
   * The Kolmogorov distribution's upper tail P(K > λ) = 2 Σ (-1)^(k-1) exp(-2k²λ²), with the
   * Jacobi theta form √(2π)/λ Σ exp(-(2k-1)²π²/(8λ²)) for the lower tail when λ is small.
   */
  public static double kolmogorovSf(double lambda) {
    if (Double.isNaN(lambda)) {
      return Double.NaN;
    }
    if (lambda <= 0) {
      return 1.0;
    }
    if (lambda < 1.0) {
      double cdf = 0;
      double f = -Math.PI * Math.PI / (8 * lambda * lambda);
      for (int k = 1; k < 100; k++) {
        double term = Math.exp(f * (2 * k - 1) * (2 * k - 1));
        cdf += term;
        if (term < 1e-17 * cdf) {
          break;
        }
      }
      return 1 - Math.sqrt(2 * Math.PI) / lambda * cdf;
    }
    double sum = 0;
    double sign = 1;
    for (int k = 1; k < 100; k++) {
      double term = Math.exp(-2.0 * k * k * lambda * lambda);
      sum += sign * term;
      if (term < 1e-17) {
        break;
      }
      sign = -sign;
    }
    return Math.max(0, Math.min(1, 2 * sum));
  }
}
