package dev.scoring.evaluation;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Seeded, stratified percentile bootstrap: each resample draws n1 rows from the positives and n0
 * from the negatives with replacement (so every resample has both classes, as pROC does by
 * default), and the interval is the pair of percentiles of the resampled statistic. The same seed
 * gives the same intervals. With sample weights, a resample draws rows as above and each drawn
 * row carries its weight (a row drawn k times weighs k·w; rows of zero weight are left out of the
 * draws), so the weighted metrics are computed on every resample; equal weights give exactly the
 * unweighted intervals.
 *
 * <pre>{@code
 * Map<BinaryMetric, Interval> ci = new Bootstrap(2000, 0.95, 42).intervals(scores, labels);
 * ci.get(BinaryMetric.ROC_AUC).lower();
 * }</pre>
 *
 * @param resamples the number of resamples, at least 10
 * @param level the confidence level, in (0, 1)
 * @param seed the random seed
 */
public record Bootstrap(int resamples, double level, long seed) {

  /** Checks the settings. @throws IllegalArgumentException for fewer than 10 resamples or a level outside (0, 1) */
  public Bootstrap {
    if (resamples < 10) {
      throw new IllegalArgumentException("resamples must be at least 10: " + resamples);
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be in (0, 1): " + level);
    }
  }

  /** 1,000 resamples, 95 %, seed 1. */
  public static Bootstrap defaults() {
    return new Bootstrap(1000, 0.95, 1);
  }

  /**
   * An interval for every {@link BinaryMetric}; log loss and Brier are NaN intervals when the
   * scores are not probabilities.
   *
   * @throws IllegalArgumentException for bad input (see {@link BinaryMetrics#of(double[], int[])})
   */
  public Map<BinaryMetric, Interval> intervals(double[] scores, int[] labels) {
    return intervals(scores, labels, null);
  }

  /**
   * Intervals for the weighted metrics; {@code weights} (finite, not negative) may be {@code null}
   * for equal weights.
   *
   * @throws IllegalArgumentException as {@link #intervals(double[], int[])}, or for a bad weight
   */
  public Map<BinaryMetric, Interval> intervals(double[] scores, int[] labels, double @Nullable [] weights) {
    int positives = Binary.check(scores, labels, weights);
    Binary.requireBothClasses(positives, scores.length, "the bootstrap");
    Binary b = new Binary(scores, labels);
    double[][][] stats = resample(new Binary[] {b}, labels, weights);
    Map<BinaryMetric, Interval> out = new EnumMap<>(BinaryMetric.class);
    for (BinaryMetric m : BinaryMetric.values()) {
      out.put(m, interval(b.metric(m, weights), stats[0][m.ordinal()]));
    }
    return Collections.unmodifiableMap(out);
  }

  /** The interval for one metric. @throws IllegalArgumentException as {@link #intervals(double[], int[])} */
  public Interval interval(BinaryMetric metric, double[] scores, int[] labels) {
    return java.util.Objects.requireNonNull(intervals(scores, labels).get(metric));
  }

  /**
   * A percentile interval for any statistic of {@code rows} rows, e.g. the macro F1 of a
   * multiclass model: each resample draws {@code rows} row indices with replacement (not
   * stratified) and {@code statistic} computes the statistic over them (an index may repeat).
   * The estimate is the statistic over {@code 0..rows-1}.
   *
   * <pre>{@code
   * Interval f1 = Bootstrap.defaults().interval(actual.length, idx -> {
   *   int[] a = new int[idx.length], p = new int[idx.length];
   *   for (int k = 0; k < idx.length; k++) { a[k] = actual[idx[k]]; p[k] = predicted[idx[k]]; }
   *   return MulticlassMetrics.of(classes, a, p).macroF1();
   * });
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code rows} is below 1
   */
  public Interval interval(int rows, java.util.function.ToDoubleFunction<int[]> statistic) {
    if (rows < 1) {
      throw new IllegalArgumentException("rows must be at least 1: " + rows);
    }
    int[] idx = new int[rows];
    for (int i = 0; i < rows; i++) {
      idx[i] = i;
    }
    double estimate = statistic.applyAsDouble(idx.clone());
    double[] stats = new double[resamples];
    SplittableRandom random = new SplittableRandom(seed);
    for (int r = 0; r < resamples; r++) {
      for (int i = 0; i < rows; i++) {
        idx[i] = random.nextInt(rows);
      }
      stats[r] = statistic.applyAsDouble(idx);
    }
    return interval(estimate, stats);
  }

  /**
   * Resampled statistics of several scorers on the same rows, with the same resamples (paired):
   * {@code [scorer][metric][resample]}.
   */
  double[][][] resample(Binary[] scorers, int[] labels, double @Nullable [] weights) {
    int n = labels.length;
    // the pools: rows of each class, leaving out rows of zero weight (they do not exist for the metrics)
    int n1 = 0;
    int n0 = 0;
    for (int i = 0; i < n; i++) {
      if (weights != null && weights[i] == 0) {
        continue;
      }
      if (labels[i] == 1) {
        n1++;
      } else {
        n0++;
      }
    }
    int[] pos = new int[n1];
    int[] neg = new int[n0];
    for (int i = 0, p = 0, q = 0; i < n; i++) {
      if (weights != null && weights[i] == 0) {
        continue;
      }
      if (labels[i] == 1) {
        pos[p++] = i;
      } else {
        neg[q++] = i;
      }
    }
    BinaryMetric[] metrics = BinaryMetric.values();
    double[][][] out = new double[scorers.length][metrics.length][resamples];
    double[] w = new double[n];
    SplittableRandom random = new SplittableRandom(seed);
    for (int r = 0; r < resamples; r++) {
      Arrays.fill(w, 0);
      for (int k = 0; k < pos.length; k++) {
        int i = pos[random.nextInt(pos.length)];
        w[i] += weights == null ? 1 : weights[i];
      }
      for (int k = 0; k < neg.length; k++) {
        int i = neg[random.nextInt(neg.length)];
        w[i] += weights == null ? 1 : weights[i];
      }
      for (int s = 0; s < scorers.length; s++) {
        for (BinaryMetric m : metrics) {
          out[s][m.ordinal()][r] = scorers[s].metric(m, w);
        }
      }
    }
    return out;
  }

  /** The percentile interval of {@code resampled} around {@code estimate}. */
  Interval interval(double estimate, double[] resampled) {
    if (Double.isNaN(estimate)) {
      return new Interval(Double.NaN, Double.NaN, Double.NaN, level);
    }
    double[] sorted = resampled.clone();
    Arrays.sort(sorted);
    double alpha = (1 - level) / 2;
    return new Interval(estimate, Binary.quantile(sorted, alpha), Binary.quantile(sorted, 1 - alpha), level);
  }
}
