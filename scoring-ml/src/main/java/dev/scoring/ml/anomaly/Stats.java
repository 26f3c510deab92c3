package dev.scoring.ml.anomaly;

import dev.scoring.internal.Special;

/** The statistics the detectors share: quantiles, Wilson intervals, binomial log likelihoods. */
final class Stats {

  private Stats() {}

  /**
   * The standard normal quantile at {@code p} in (0, 1): Wichura's algorithm AS 241 (PPND16),
   * accurate to about 1e-16 relative.
   */
  static double normalQuantile(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("p must be in (0, 1): " + p);
    }
    double q = p - 0.5;
    if (Math.abs(q) <= 0.425) {
      double r = 0.180625 - q * q;
      return q * (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r
          + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r
          + 133.14166789178437745) * r + 3.387132872796366608)
          / (((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r
          + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r
          + 42.313330701600911252) * r + 1.0);
    }
    double r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
    double x;
    if (r <= 5) {
      r -= 1.6;
      x = (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r
          + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r
          + 4.6303378461565452959) * r + 1.42343711074968357734)
          / (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r
          + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r
          + 2.05319162663775882187) * r + 1.0);
    } else {
      r -= 5;
      x = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r
          + 0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r
          + 5.4637849111641143699) * r + 6.6579046435011037772)
          / (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r
          + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r
          + 0.59983220655588793769) * r + 1.0);
    }
    return q < 0 ? -x : x;
  }

  /**
   * The quantile of Student's t distribution with {@code df} degrees of freedom at {@code p} in
   * (0, 1): the CDF (a regularized incomplete beta function) inverted by bisection to full precision.
   */
  static double tQuantile(double p, double df) {
    if (!(p > 0 && p < 1) || !(df > 0)) {
      throw new IllegalArgumentException("need p in (0, 1) and df > 0: p=" + p + ", df=" + df);
    }
    if (p == 0.5) {
      return 0;
    }
    double target = p > 0.5 ? 1 - p : p; // the lower tail below -|t|
    double lo = 0;
    double hi = 1;
    while (lowerTail(-hi, df) > target) {
      hi *= 2;
    }
    for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
      double mid = 0.5 * (lo + hi);
      if (lowerTail(-mid, df) > target) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double t = 0.5 * (lo + hi);
    return p > 0.5 ? t : -t;
  }

  /** P(T <= t) for t <= 0: half the regularized incomplete beta I_{df/(df+t²)}(df/2, 1/2). */
  private static double lowerTail(double t, double df) {
    return 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  }

  /** The regularized incomplete beta function I_x(a, b) (Numerical Recipes 6.4, Lentz's continued fraction). */
  static double incompleteBeta(double x, double a, double b) {
    if (x <= 0) {
      return 0;
    }
    if (x >= 1) {
      return 1;
    }
    double lnFront = Special.logGamma(a + b) - Special.logGamma(a) - Special.logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
    if (x < (a + 1) / (a + b + 2)) {
      return Math.exp(lnFront) * betaFraction(x, a, b) / a;
    }
    return 1 - Math.exp(lnFront) * betaFraction(1 - x, b, a) / b;
  }

  private static double betaFraction(double x, double a, double b) {
    final double tiny = 1e-300;
    double c = 1;
    double d = 1 - (a + b) * x / (a + 1);
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    double h = d;
    for (int m = 1; m <= 10_000; m++) {
      int m2 = 2 * m;
      double aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
      d = 1 + aa * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + aa / c;
      c = Math.abs(c) < tiny ? tiny : c;
      h *= d * c;
      aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
      d = 1 + aa * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + aa / c;
      c = Math.abs(c) < tiny ? tiny : c;
      double del = d * c;
      h *= del;
      if (Math.abs(del - 1) < 1e-16) {
        break;
      }
    }
    return h;
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
