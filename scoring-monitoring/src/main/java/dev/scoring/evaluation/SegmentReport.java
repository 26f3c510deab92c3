package dev.scoring.evaluation;

import java.util.List;
import java.util.Optional;

/**
 * The result of a {@link SegmentedEvaluation}.
 *
 * @param threshold the threshold used for error rates
 * @param margin the margin for a flag
 * @param minRows the fewest rows for a flag
 * @param segments one entry per segment, by name
 */
public record SegmentReport(double threshold, double margin, int minRows, List<Segment> segments) {

  /** Copies the list. */
  public SegmentReport {
    segments = List.copyOf(segments);
  }

  /**
   * One segment's metrics.
   *
   * @param name the segment value
   * @param rows its rows (a count, also with weights)
   * @param positives its rows labelled 1 (a count)
   * @param rocAuc ROC AUC (NaN with one class only)
   * @param prAuc average precision (NaN without positives)
   * @param logLoss log loss (NaN if the scores are not probabilities)
   * @param brier Brier score (NaN if the scores are not probabilities)
   * @param errorRate the fraction misclassified at the threshold (by weight, with weights)
   * @param restErrorRate the same for every other row (NaN if there are none, or they weigh nothing)
   * @param difference errorRate − restErrorRate
   * @param flagged whether |difference| exceeds the margin with enough rows on both sides
   */
  public record Segment(
      String name,
      int rows,
      int positives,
      double rocAuc,
      double prAuc,
      double logLoss,
      double brier,
      double errorRate,
      double restErrorRate,
      double difference,
      boolean flagged) {}

  /** The flagged segments. */
  public List<Segment> flagged() {
    return segments.stream().filter(Segment::flagged).toList();
  }

  /** The segment with this name, if present. */
  public Optional<Segment> segment(String name) {
    return segments.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
