package dev.scoring.evaluation;

import dev.scoring.monitoring.internal.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Metrics per segment (region, customer segment, deal-size band), with a flag where a segment's
 * error rate at the threshold differs from the error rate of all other rows by more than a
 * margin, when both sides have at least a minimum number of rows.
 *
 * <pre>{@code
 * SegmentReport report = SegmentedEvaluation.builder().threshold(0.5).margin(0.05).minRows(100).build()
 *     .evaluate(scores, labels, regions);
 * report.flagged();   // the segments with uneven error rates
 * }</pre>
 *
 * Immutable and thread-safe.
 */
public final class SegmentedEvaluation {

  private final double threshold;
  private final double margin;
  private final int minRows;

  private SegmentedEvaluation(Builder b) {
    this.threshold = b.threshold;
    this.margin = b.margin;
    this.minRows = b.minRows;
  }

  /** Starts a configuration: threshold 0.5, margin 0.05, at least 30 rows. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Evaluates every segment. AUC, average precision, log loss and Brier are NaN in a segment
   * where they are undefined (one class only; scores that are not probabilities).
   *
   * @param segments the segment of each row, parallel to {@code scores}
   * @throws IllegalArgumentException for bad input (see {@link BinaryMetrics#of(double[], int[])})
   *     or segments of another length
   */
  public SegmentReport evaluate(double[] scores, int[] labels, String[] segments) {
    return evaluate(scores, labels, segments, null);
  }

  /**
   * Evaluates every segment on weighted rows: the metrics and error rates are by weight, the
   * counts (and the {@code minRows} test) stay rows; {@code weights} (finite, not negative) may be
   * {@code null} for equal weights. Integer weights give the same metrics and flags as repeating
   * each row that many times, but for the counts. A side whose rows weigh nothing has a NaN
   * error rate and is not flagged.
   *
   * @throws IllegalArgumentException as {@link #evaluate(double[], int[], String[])}, or for a bad weight
   */
  public SegmentReport evaluate(double[] scores, int[] labels, String[] segments, double @Nullable [] weights) {
    Binary.check(scores, labels, weights);
    if (segments.length != scores.length) {
      throw new IllegalArgumentException(
          "segments and scores differ in length: " + segments.length + " segments, " + scores.length + " scores");
    }
    Map<String, List<Integer>> rows = new TreeMap<>();
    double errors = 0;
    double total = 0;
    for (int i = 0; i < scores.length; i++) {
      rows.computeIfAbsent(segments[i], k -> new ArrayList<>()).add(i);
      double w = weights == null ? 1 : weights[i];
      errors += isError(scores[i], labels[i]) ? w : 0;
      total += w;
    }
    int n = scores.length;
    List<SegmentReport.Segment> out = new ArrayList<>(rows.size());
    for (Map.Entry<String, List<Integer>> e : rows.entrySet()) {
      List<Integer> idx = e.getValue();
      int m = idx.size();
      double[] s = new double[m];
      int[] y = new int[m];
      double @Nullable [] sw = weights == null ? null : new double[m];
      double segErrors = 0;
      double segWeight = 0;
      int positives = 0;
      for (int k = 0; k < m; k++) {
        int i = idx.get(k);
        s[k] = scores[i];
        y[k] = labels[i];
        double w = weights == null ? 1 : weights[i];
        if (sw != null) {
          sw[k] = w;
        }
        positives += y[k];
        segErrors += isError(s[k], y[k]) ? w : 0;
        segWeight += w;
      }
      Binary b = new Binary(s, y);
      double rate = segWeight == 0 ? Double.NaN : segErrors / segWeight;
      int rest = n - m;
      double restWeight = total - segWeight;
      double restRate = rest == 0 || !(restWeight > 0) ? Double.NaN : (errors - segErrors) / restWeight;
      double diff = rate - restRate;
      boolean flagged = m >= minRows && rest >= minRows && Math.abs(diff) > margin;
      out.add(new SegmentReport.Segment(e.getKey(), m, positives, b.auc(sw), b.averagePrecision(sw),
          b.logLoss(sw), b.brier(sw), rate, restRate, diff, flagged));
    }
    return new SegmentReport(threshold, margin, minRows, out);
  }

  private boolean isError(double score, int label) {
    return (score >= threshold ? 1 : 0) != label;
  }

  /** Configures a {@link SegmentedEvaluation}; not thread-safe. */
  public static final class Builder {
    private double threshold = 0.5;
    private double margin = 0.05;
    private int minRows = 30;

    private Builder() {}

    /** Rows scoring at or above it are predicted positive (default 0.5). @throws IllegalArgumentException if NaN */
    public Builder threshold(double threshold) {
      if (Double.isNaN(threshold)) {
        throw new IllegalArgumentException("threshold is NaN");
      }
      this.threshold = threshold;
      return this;
    }

    /** The largest tolerated |segment error rate − rest error rate| (default 0.05). @throws IllegalArgumentException unless in [0, 1] */
    public Builder margin(double margin) {
this.margin = Check.inClosed("margin", margin, 0, 1);
      return this;
    }

    /** The fewest rows in a segment (and in the rest) for a flag (default 30). @throws IllegalArgumentException if below 1 */
    public Builder minRows(int minRows) {
this.minRows = Check.atLeast("minRows", minRows, 1);
      return this;
    }

    /** The configuration. */
    public SegmentedEvaluation build() {
      return new SegmentedEvaluation(this);
    }
  }
}
