package dev.scoring.retraining;

import dev.scoring.evaluation.ComparisonReport;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link PromotionGate} found: each check with its figure and bound, the DeLong test, and
 * the per-segment AUCs.
 *
 * @param checks every check, in the gate's order
 * @param rows labelled rows evaluated
 * @param positives positive rows among them
 * @param championAuc the champion's ROC AUC on the window
 * @param candidateAuc the candidate's ROC AUC on the window
 * @param delong DeLong's test of candidate − champion (NaN figures when the window had one class)
 * @param candidateCalibrationError the candidate's expected calibration error (10 equal-width bins)
 * @param championCalibrationError the champion's, for reference (NaN if its scores are not probabilities)
 * @param segments per-segment AUCs (empty without a segment feature)
 */
public record GateReport(
    List<Check> checks,
    int rows,
    int positives,
    double championAuc,
    double candidateAuc,
    ComparisonReport.DeLongTest delong,
    double candidateCalibrationError,
    double championCalibrationError,
    List<SegmentDifference> segments) {

  /** Copies the lists. */
  public GateReport {
    checks = List.copyOf(checks);
    segments = List.copyOf(segments);
  }

  /**
   * One check of the gate.
   *
   * @param name the check ({@code "labels"}, {@code "not-worse"}, {@code "calibration"}, {@code "segments"})
   * @param passed whether it passed
   * @param value the measured figure (a count, a p-value, an error, an AUC loss)
   * @param bound the bound it was held to
   * @param detail the figures in words
   */
  public record Check(String name, boolean passed, double value, double bound, String detail) {
    @Override
    public String toString() {
      return (passed ? "PASS " : "FAIL ") + name + ": " + detail;
    }
  }

  /** Whether every check passed (the candidate may be promoted). */
  public boolean passed() {
    return !checks.isEmpty() && checks.stream().allMatch(Check::passed);
  }

  /** A check by name. */
  public Optional<Check> check(String name) {
    return checks.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** One line per check. */
  public String summary() {
    StringBuilder sb = new StringBuilder(passed() ? "promotion gate passed" : "promotion gate refused");
    for (Check c : checks) {
      sb.append('\n').append(c);
    }
    return sb.toString();
  }
}
