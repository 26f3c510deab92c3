package dev.scoring.shadow;

import dev.scoring.evaluation.ComparisonReport;
import dev.scoring.evaluation.Interval;
import dev.scoring.retraining.SegmentDifference;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The champion against one challenger, from a shadow log and the feedback (see {@link ShadowComparison}).
 *
 * @param challengerId the challenger's scorer id
 * @param shadowed shadow records of this challenger
 * @param scored those where it scored in time
 * @param failed those where it failed
 * @param overBudget those where it overran its budget
 * @param agreementRate the share of scored records where its action is the champion's
 * @param actionChanges champion action → challenger action → count, over the scored records (sorted by key)
 * @param labelled the comparison on the scored records that have a label, if there are both classes
 */
public record ShadowReport(
    String challengerId,
    int shadowed,
    int scored,
    int failed,
    int overBudget,
    double agreementRate,
    Map<String, Map<String, Long>> actionChanges,
    Optional<Labelled> labelled) {

  /** Copies the matrix. */
  public ShadowReport {
    actionChanges = Map.copyOf(actionChanges);
    actionChanges = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(actionChanges));
  }

  /**
   * The comparison where labels exist.
   *
   * @param rows labelled, scored records with a champion score
   * @param positives positive records among them
   * @param championAuc the champion's ROC AUC with its bootstrap interval
   * @param challengerAuc the challenger's ROC AUC with its bootstrap interval
   * @param comparison challenger (as the model) against champion (as the baseline): paired
   *     bootstrap differences of every metric and DeLong's test
   * @param championCalibrationError the champion's expected calibration error (NaN if its scores are not probabilities)
   * @param challengerCalibrationError the challenger's (NaN if its scores are not probabilities)
   * @param championReviewRate the share of these records the champion sent to review
   * @param championAutoPrecision the positive share among the champion's automatic decisions (NaN if none)
   * @param challengerReviewRate the share the challenger would have sent to review
   * @param challengerAutoPrecision the positive share among the challenger's would-be automatic decisions
   * @param championPrecisionAtRate the positive share among the champion's top-scored records, as many as it decided automatically
   * @param challengerPrecisionAtRate the same for the challenger's top-scored records: precision at the champion's review rate
   * @param segments per-segment AUCs (empty without a segment feature)
   */
  public record Labelled(
      int rows,
      int positives,
      Interval championAuc,
      Interval challengerAuc,
      ComparisonReport comparison,
      double championCalibrationError,
      double challengerCalibrationError,
      double championReviewRate,
      double championAutoPrecision,
      double challengerReviewRate,
      double challengerAutoPrecision,
      double championPrecisionAtRate,
      double challengerPrecisionAtRate,
      List<SegmentDifference> segments) {

    /** Copies the list. */
    public Labelled {
      segments = List.copyOf(segments);
    }
  }

  /** The report as text for people. */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "challenger %s: %d shadowed, %d scored, %d failed, %d over budget%n",
        challengerId, shadowed, scored, failed, overBudget));
    sb.append(String.format(Locale.ROOT, "agreement %.4f%n", agreementRate));
    sb.append("action changes (champion -> challenger: count)\n");
    actionChanges.forEach((from, row) -> row.forEach((to, n) ->
        sb.append("  ").append(from).append(" -> ").append(to).append(": ").append(n).append('\n')));
    if (labelled.isEmpty()) {
      sb.append("no labelled records with both classes: no AUC, calibration or precision\n");
      return sb.toString();
    }
    Labelled l = labelled.get();
    ComparisonReport.DeLongTest d = l.comparison().delong();
    sb.append(String.format(Locale.ROOT, "labelled: %d rows, %d positive%n", l.rows(), l.positives()));
    sb.append(String.format(Locale.ROOT, "AUC champion %.4f [%.4f, %.4f], challenger %.4f [%.4f, %.4f]%n",
        l.championAuc().estimate(), l.championAuc().lower(), l.championAuc().upper(),
        l.challengerAuc().estimate(), l.challengerAuc().lower(), l.challengerAuc().upper()));
    sb.append(String.format(Locale.ROOT, "DeLong: difference %+.4f, z %.2f, p %.4g%n", d.difference(), d.z(), d.pValue()));
    sb.append(String.format(Locale.ROOT, "calibration error: champion %.4f, challenger %.4f%n",
        l.championCalibrationError(), l.challengerCalibrationError()));
    sb.append(String.format(Locale.ROOT, "review rate: champion %.4f, challenger %.4f%n",
        l.championReviewRate(), l.challengerReviewRate()));
    sb.append(String.format(Locale.ROOT, "precision of automatic decisions: champion %.4f, challenger %.4f%n",
        l.championAutoPrecision(), l.challengerAutoPrecision()));
    sb.append(String.format(Locale.ROOT, "precision at the champion's review rate: champion %.4f, challenger %.4f%n",
        l.championPrecisionAtRate(), l.challengerPrecisionAtRate()));
    for (SegmentDifference s : l.segments()) {
      sb.append(String.format(Locale.ROOT, "  segment %s: %d rows, %d positive, AUC champion %.4f, challenger %.4f%n",
          s.segment(), s.rows(), s.positives(), s.championAuc(), s.candidateAuc()));
    }
    return sb.toString();
  }
}
