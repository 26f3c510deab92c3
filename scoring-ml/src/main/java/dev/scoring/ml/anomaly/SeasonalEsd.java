package dev.scoring.ml.anomaly;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The batch view of a series: seasonal hybrid ESD (Hochenbaum, Vallis and Kejariwal 2017). The
 * seasonal component is the median of each position in the cycle, the residual is what is left
 * after it and the series' median, and Rosner's generalised extreme Studentised deviate test
 * (1983), with the median and MAD in place of the mean and standard deviation, finds up to
 * {@code maxShare} of the points as anomalies at significance {@code alpha}.
 *
 * <p>Unlike the streaming detectors it sees the whole series; use it for reports and backfills.
 * Stateless and thread-safe.
 */
public final class SeasonalEsd {

  /**
   * One anomaly.
   *
   * @param index its position in the series
   * @param value the value
   * @param expected the seasonal expectation (seasonal median)
   * @param statistic its robust deviate {@code |r − median| / MAD}
   * @param critical the critical value it exceeded
   */
  public record Anomaly(int index, double value, double expected, double statistic, double critical) {}

  private SeasonalEsd() {}

  /**
   * Finds the anomalies of a series.
   *
   * @param values the series, finite, at least 3 points and two cycles
   * @param period the seasonal cycle in points (1: none)
   * @param maxShare the largest share of points that may be anomalies, in (0, 0.5)
   * @param alpha the significance of the test, in (0, 1)
   * @return the anomalies in series order
   * @throws IllegalArgumentException if an argument is out of range or a value is not finite
   */
  public static List<Anomaly> detect(double[] values, int period, double maxShare, double alpha) {
    int n = values.length;
    if (period < 1 || n < Math.max(3, 2 * period)) {
      throw new IllegalArgumentException("need at least two cycles of " + period + " and 3 points, got " + n);
    }
    if (!(maxShare > 0 && maxShare < 0.5) || !(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("maxShare must be in (0, 0.5) and alpha in (0, 1): " + maxShare + ", " + alpha);
    }
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException("value " + i + " is not finite: " + values[i]);
      }
    }
    double[] seasonal = new double[n];
    double[] phase = new double[n / period + 1];
    double[] scratch = new double[phase.length];
    for (int p = 0; p < period; p++) {
      int m = 0;
      for (int i = p; i < n; i += period) {
        phase[m++] = values[i];
      }
      double med = Stats.median(phase, m, scratch);
      for (int i = p; i < n; i += period) {
        seasonal[i] = med;
      }
    }
    double[] residual = new double[n];
    double[] tmp = new double[n];
    for (int i = 0; i < n; i++) {
      residual[i] = values[i] - seasonal[i];
    }
    double level = quickMedian(residual);
    for (int i = 0; i < n; i++) {
      residual[i] -= level;
    }
    int k = Math.max(1, (int) Math.floor(maxShare * n));
    boolean[] removed = new boolean[n];
    int[] order = new int[k];
    double[] stats = new double[k];
    double[] crit = new double[k];
    int found = 0;
    for (int i = 1; i <= k; i++) {
      int size = 0;
      for (int j = 0; j < n; j++) {
        if (!removed[j]) {
          tmp[size++] = residual[j];
        }
      }
      double med = quickMedian(Arrays.copyOf(tmp, size));
      for (int j = 0; j < size; j++) {
        tmp[j] = Math.abs(tmp[j] - med);
      }
      double mad = 1.4826 * quickMedian(Arrays.copyOf(tmp, size));
      if (mad == 0) {
        break;
      }
      int worst = -1;
      double r = -1;
      for (int j = 0; j < n; j++) {
        if (!removed[j]) {
          double d = Math.abs(residual[j] - med) / mad;
          if (d > r) {
            r = d;
            worst = j;
          }
        }
      }
      int rest = n - i + 1;
      double p = 1 - alpha / (2.0 * rest);
      double t = Stats.tQuantile(p, rest - 2);
      double lambda = (rest - 1) * t / Math.sqrt((rest - 2 + t * t) * rest);
      removed[worst] = true;
      order[i - 1] = worst;
      stats[i - 1] = r;
      crit[i - 1] = lambda;
      if (r > lambda) {
        found = i;
      }
      if (rest - 1 < 3) {
        break;
      }
    }
    List<Anomaly> anomalies = new ArrayList<>();
    for (int i = 0; i < found; i++) {
      int j = order[i];
      anomalies.add(new Anomaly(j, values[j], seasonal[j] + level, stats[i], crit[i]));
    }
    anomalies.sort(Comparator.comparingInt(Anomaly::index));
    return anomalies;
  }

  private static double quickMedian(double[] values) {
    double[] s = Arrays.copyOf(values, values.length);
    Arrays.sort(s);
    int n = s.length;
    return (n & 1) == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
  }
}
