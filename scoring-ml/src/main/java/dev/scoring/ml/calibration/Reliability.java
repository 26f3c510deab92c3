package dev.scoring.ml.calibration;

/**
 * Reliability of probabilities against outcomes: the expected calibration error (ECE) over
 * equal-width bins, {@code sum_b (n_b / n) * |mean(p in b) - rate of positives in b|}.
 */
public final class Reliability {

  private Reliability() {}

  /**
   * The expected calibration error with {@code bins} equal-width bins on [0, 1] (a probability of
   * exactly 1 falls in the last bin).
   *
   * @throws IllegalArgumentException if the arrays differ in length or are empty, {@code bins < 1},
   *     or a probability is outside [0, 1]
   */
  public static double expectedCalibrationError(double[] probabilities, boolean[] labels, int bins) {
    if (probabilities.length != labels.length || probabilities.length == 0) {
      throw new IllegalArgumentException(probabilities.length + " probabilities and " + labels.length + " labels");
    }
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be at least 1: " + bins);
    }
    double[] sumP = new double[bins];
    double[] sumY = new double[bins];
    long[] count = new long[bins];
    for (int i = 0; i < probabilities.length; i++) {
      double p = probabilities[i];
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("probability " + i + " is outside [0, 1]: " + p);
      }
      int b = Math.min(bins - 1, (int) (p * bins));
      sumP[b] += p;
      sumY[b] += labels[i] ? 1 : 0;
      count[b]++;
    }
    double ece = 0;
    for (int b = 0; b < bins; b++) {
      if (count[b] > 0) {
        ece += Math.abs(sumP[b] - sumY[b]) / probabilities.length;
      }
    }
    return ece;
  }
}
