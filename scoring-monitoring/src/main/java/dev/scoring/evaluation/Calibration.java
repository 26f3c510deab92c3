package dev.scoring.evaluation;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reliability of probabilities: equal-width bins over [0, 1], each with its mean predicted
 * probability and its observed positive rate, and the expected calibration error
 * ECE = Σ (n_b / n) · |mean_b − rate_b| (Naeini et al. 2015; Guo et al. 2017). With sample
 * weights, n_b and n are the bins' and the total weight and the means are weighted; counts stay
 * rows.
 *
 * @param bins the bins, lowest first (empty bins included with count 0 and NaN means)
 * @param expectedCalibrationError the ECE
 * @param maximumCalibrationError the largest |mean − rate| over non-empty bins
 */
public record Calibration(List<Bin> bins, double expectedCalibrationError, double maximumCalibrationError) {

  /** Copies the list. */
  public Calibration {
    bins = List.copyOf(bins);
  }

  /**
   * One bin, {@code [lower, upper)} (the last also holds 1.0).
   *
   * @param lower the lower bound
   * @param upper the upper bound
   * @param count rows in the bin
   * @param meanScore their (weighted) mean probability (NaN if empty or of zero weight)
   * @param positiveRate their (weighted) fraction labelled 1 (NaN if empty or of zero weight)
   */
  public record Bin(double lower, double upper, long count, double meanScore, double positiveRate) {}

  /**
   * The calibration of {@code scores} in {@code bins} equal-width bins.
   *
   * @throws IllegalArgumentException for bad input (see {@link BinaryMetrics#of(double[], int[])}),
   *     a score outside [0, 1], or fewer than 1 bin
   */
  public static Calibration of(double[] scores, int[] labels, int bins) {
    return of(scores, labels, bins, null);
  }

  /**
   * The weighted calibration; {@code weights} (finite, not negative) may be {@code null} for equal
   * weights. Integer weights give the same bins (but for the counts) and ECE as repeating each row
   * that many times.
   *
   * @throws IllegalArgumentException as {@link #of(double[], int[], int)}, for a bad weight, or if
   *     every weight is zero
   */
  public static Calibration of(double[] scores, int[] labels, int bins, double @Nullable [] weights) {
    Binary.check(scores, labels, weights);
    double total = Binary.totalWeight(weights, scores.length);
    Binary.requireProbabilities(scores, "calibration");
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be at least 1: " + bins);
    }
    long[] count = new long[bins];
    double[] weight = new double[bins];
    double[] sum = new double[bins];
    double[] pos = new double[bins];
    for (int i = 0; i < scores.length; i++) {
      int b = Math.min((int) (scores[i] * bins), bins - 1);
      double w = weights == null ? 1 : weights[i];
      count[b]++;
      weight[b] += w;
      sum[b] += w * scores[i];
      pos[b] += w * labels[i];
    }
    List<Bin> out = new ArrayList<>(bins);
    double ece = 0;
    double mce = 0;
    for (int b = 0; b < bins; b++) {
      double mean = weight[b] == 0 ? Double.NaN : sum[b] / weight[b];
      double rate = weight[b] == 0 ? Double.NaN : pos[b] / weight[b];
      if (weight[b] > 0) {
        double gap = Math.abs(mean - rate);
        ece += weight[b] / total * gap;
        mce = Math.max(mce, gap);
      }
      out.add(new Bin((double) b / bins, (double) (b + 1) / bins, count[b], mean, rate));
    }
    return new Calibration(out, ece, mce);
  }
}
