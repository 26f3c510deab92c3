package dev.scoring.evaluation;

import java.util.List;

/**
 * The outcome of a {@link GuardrailSimulation}.
 *
 * @param rows the rows simulated
 * @param automatic rows decided automatically (an automatic action or a route)
 * @param review rows sent to review
 * @param reviewRate review / rows (by weight, with weights)
 * @param automaticPrecision among automatic rows whose action predicts a positive, the fraction
 *     labelled 1 (by weight, with weights; NaN if there are none)
 * @param automaticAccuracy among automatic rows, the fraction whose label agrees with the action
 *     (1 for a positive action, 0 otherwise; by weight, with weights; NaN if there are none)
 * @param actions the rows per final action (reviews by cause), in order of first occurrence
 */
public record SimulationResult(
    long rows,
    long automatic,
    long review,
    double reviewRate,
    double automaticPrecision,
    double automaticAccuracy,
    List<ActionCount> actions) {

  /** Copies the list. */
  public SimulationResult {
    actions = List.copyOf(actions);
  }

  /**
   * Rows per final action.
   *
   * @param action the action's description, or {@code "review: <cause>"}
   * @param automatic whether it is automatic
   * @param rows rows with this outcome
   * @param positives of those, rows labelled 1
   */
  public record ActionCount(String action, boolean automatic, long rows, long positives) {}
}
