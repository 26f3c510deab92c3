package dev.scoring.ml.calibration;

/**
 * Platt scaling: {@code p = 1 / (1 + exp(-(a * s + b)))}, where {@code s} is the score, or its
 * log-odds when {@code logitInput} is set (for scores that are already probabilities).
 *
 * <p>{@link #fit} maximises the likelihood with Platt's (1999) smoothed targets
 * {@code (N+ + 1) / (N+ + 2)} and {@code 1 / (N- + 2)}, which keep {@code a} finite on separable data.
 *
 * @param a the slope
 * @param b the offset
 * @param logitInput whether the score is a probability whose log-odds are scaled
 * @param fittedRows how many held-out rows it was fitted on
 */
public record PlattCalibrator(double a, double b, boolean logitInput, long fittedRows) implements Calibrator {

  /** Probabilities are clamped to [EPS, 1 - EPS] before taking log-odds. */
  static final double EPS = 1e-15;

  /**
   * Checks the components.
   *
   * @throws IllegalArgumentException if {@code a} or {@code b} is not finite or {@code fittedRows} negative
   */
  public PlattCalibrator {
    if (!Double.isFinite(a) || !Double.isFinite(b)) {
      throw new IllegalArgumentException("Platt parameters must be finite: a=" + a + ", b=" + b);
    }
    if (fittedRows < 0) {
      throw new IllegalArgumentException("fittedRows must not be negative: " + fittedRows);
    }
  }

  /**
   * Fits Platt scaling on held-out scores and labels.
   *
   * @param scores the scorer's values on held-out rows
   * @param labels whether each row is positive
   * @param logitInput true when the scores are probabilities (their log-odds are scaled)
   * @throws IllegalArgumentException if the arrays differ in length, are empty, hold a non-finite
   *     score, or hold only one class; or if the fit does not converge
   */
  public static PlattCalibrator fit(double[] scores, boolean[] labels, boolean logitInput) {
    Fitting.check(scores, labels);
    int n = scores.length;
    double[] s = new double[n];
    int positives = 0;
    for (int i = 0; i < n; i++) {
      s[i] = logitInput ? logit(scores[i]) : scores[i];
      if (labels[i]) {
        positives++;
      }
    }
    int negatives = n - positives;
    double hi = (positives + 1.0) / (positives + 2.0);
    double lo = 1.0 / (negatives + 2.0);
    double a = 0.0;
    double b = Math.log((positives + 1.0) / (negatives + 1.0));
    double loss = loss(s, labels, hi, lo, a, b);
    for (int iter = 0; iter < 100; iter++) {
      double g1 = 0, g2 = 0, h11 = 1e-12, h22 = 1e-12, h21 = 0;
      for (int i = 0; i < n; i++) {
        double p = sigmoid(a * s[i] + b);
        double t = labels[i] ? hi : lo;
        double d = p - t;
        double w = p * (1 - p);
        g1 += d * s[i];
        g2 += d;
        h11 += w * s[i] * s[i];
        h22 += w;
        h21 += w * s[i];
      }
      double det = h11 * h22 - h21 * h21;
      double da = (h22 * g1 - h21 * g2) / det;
      double db = (h11 * g2 - h21 * g1) / det;
      double step = 1.0;
      double next;
      double decrement = g1 * da + g2 * db;
      // near the optimum the full Newton step is taken (rounding would hide the decrease a line search needs)
      boolean full = decrement <= 1e-12 * Math.max(1.0, loss);
      while (true) {
        next = loss(s, labels, hi, lo, a - step * da, b - step * db);
        if (full || next <= loss - 1e-4 * step * decrement || step < 1e-10) {
          break;
        }
        step *= 0.5;
      }
      a -= step * da;
      b -= step * db;
      double change = Math.max(Math.abs(step * da), Math.abs(step * db));
      loss = next;
      if (step == 1.0 && change <= 1e-12 * Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)))) {
        return new PlattCalibrator(a, b, logitInput, n);
      }
    }
    throw new IllegalArgumentException("Platt scaling did not converge in 100 Newton iterations on " + n + " rows");
  }

  @Override
  public double apply(double score) {
    return sigmoid(a * (logitInput ? logit(score) : score) + b);
  }

  @Override
  public String method() {
    return "platt";
  }

  @Override
  public String toJson() {
    return CalibrationJson.write(this);
  }

  static double logit(double p) {
    double q = Math.min(1 - EPS, Math.max(EPS, p));
    return Math.log(q / (1 - q));
  }

  static double sigmoid(double m) {
    if (m >= 0) {
      return 1.0 / (1.0 + Math.exp(-m));
    }
    double e = Math.exp(m);
    return e / (1.0 + e);
  }

  private static double loss(double[] s, boolean[] labels, double hi, double lo, double a, double b) {
    double sum = 0;
    for (int i = 0; i < s.length; i++) {
      double m = a * s[i] + b;
      double t = labels[i] ? hi : lo;
      // -(t log p + (1-t) log(1-p)) with log p = -log1p(exp(-m)), log(1-p) = -log1p(exp(m))
      sum += t * softplus(-m) + (1 - t) * softplus(m);
    }
    return sum;
  }

  static double softplus(double x) {
    return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
  }
}
