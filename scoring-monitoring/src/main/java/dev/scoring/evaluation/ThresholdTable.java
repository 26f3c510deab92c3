package dev.scoring.evaluation;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * For every cut, the trade-off between review load and the precision of automatic decisions:
 * rows scoring at or above the cut are acted on automatically, the rest go to review.
 *
 * <pre>{@code
 * for (ThresholdTable.Row r : ThresholdTable.of(scores, labels).rows()) {
 *   if (r.automaticPrecision() >= 0.9) { ... r.reviewRate() ... }
 * }
 * }</pre>
 *
 * @param rows one row per distinct score, highest cut first
 */
public record ThresholdTable(List<Row> rows) {

  /** Copies the list. */
  public ThresholdTable {
    rows = List.copyOf(rows);
  }

  /**
   * One cut.
   *
   * @param threshold the cut: rows scoring {@code >= threshold} are automatic
   * @param automatic rows acted on automatically
   * @param automaticPositives of those, rows labelled 1
   * @param review rows sent to review
   * @param reviewRate review / all rows (by weight, with weights)
   * @param automaticPrecision automaticPositives / automatic (by weight; NaN if the automatic rows weigh nothing)
   * @param recall automaticPositives / all positives (by weight; 0 without positives)
   */
  public record Row(
      double threshold,
      long automatic,
      long automaticPositives,
      long review,
      double reviewRate,
      double automaticPrecision,
      double recall) {}

  /**
   * The table for {@code scores} and {@code labels}.
   *
   * @throws IllegalArgumentException for bad input (see {@link BinaryMetrics#of(double[], int[])})
   */
  public static ThresholdTable of(double[] scores, int[] labels) {
    return of(scores, labels, null);
  }

  /**
   * The weighted table: the counts stay rows, the rates and the precision are by weight;
   * {@code weights} (finite, not negative) may be {@code null} for equal weights. Integer weights
   * give the same rates as repeating each row that many times.
   *
   * @throws IllegalArgumentException for bad input or weights, or if every weight is zero
   */
  public static ThresholdTable of(double[] scores, int[] labels, double @Nullable [] weights) {
    Binary.check(scores, labels, weights);
    double total = Binary.totalWeight(weights, scores.length);
    double positives = 0;
    for (int i = 0; i < labels.length; i++) {
      positives += labels[i] * (weights == null ? 1 : weights[i]);
    }
    Binary b = new Binary(scores, labels);
    int n = scores.length;
    List<Row> out = new ArrayList<>(b.groups);
    long auto = 0;
    long autoPos = 0;
    double autoWeight = 0;
    double autoPosWeight = 0;
    for (int g = b.groups - 1; g >= 0; g--) {
      for (int k = b.groupStart[g]; k < b.groupStart[g + 1]; k++) {
        int i = b.order[k];
        double w = weights == null ? 1 : weights[i];
        auto++;
        autoPos += labels[i];
        autoWeight += w;
        autoPosWeight += w * labels[i];
      }
      double threshold = scores[b.order[b.groupStart[g]]];
      out.add(new Row(threshold, auto, autoPos, n - auto, (total - autoWeight) / total,
          autoWeight == 0 ? Double.NaN : autoPosWeight / autoWeight, positives == 0 ? 0 : autoPosWeight / positives));
    }
    return new ThresholdTable(out);
  }

  /**
   * The row with the lowest review rate whose automatic precision is at least {@code precision},
   * or {@code null} if no cut reaches it.
   */
  public @Nullable Row lowestReviewRateFor(double precision) {
    Row best = null;
    for (Row r : rows) {
      if (r.automaticPrecision() >= precision && (best == null || r.reviewRate() < best.reviewRate())) {
        best = r;
      }
    }
    return best;
  }
}
