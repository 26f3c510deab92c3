package dev.scoring.retraining;

import dev.scoring.api.Scorer;
import dev.scoring.lifecycle.ModelVersion;
import java.time.Instant;
import java.util.Optional;

/**
 * The result of one {@link Retrainer} run: what was trained on what, the gate's verdict with its
 * figures, and the stored version when the gate passed.
 *
 * @param modelId the model id in the store
 * @param kind {@code "logistic"} (retrained), {@code "calibration"} (a refitted calibrator) or
 *     {@code "imported"} (a model trained elsewhere on an exported file)
 * @param candidate the candidate scorer (shadow it, or score with it once promoted)
 * @param trainingRows rows the candidate was trained (or calibrated) on: feedback plus base rows
 * @param baseRows rows of the base training set among them
 * @param holdOutRows feedback rows in the held-out recent window
 * @param holdOutFrom when the held-out window starts (the first held-out example's record time)
 * @param gate the promotion gate's report
 * @param saved the stored version, present only when the gate passed and a store is configured
 */
public record RetrainingReport(
    String modelId,
    String kind,
    Scorer candidate,
    int trainingRows,
    int baseRows,
    int holdOutRows,
    Instant holdOutFrom,
    GateReport gate,
    Optional<ModelVersion> saved) {

  /** Whether the gate passed. */
  public boolean passed() {
    return gate.passed();
  }

  /** The gate's verdict and checks, with the counts and the stored version. */
  public String summary() {
    return modelId + " (" + kind + "): trained on " + trainingRows + " rows (" + baseRows + " base), judged on "
        + holdOutRows + " held-out rows from " + holdOutFrom + "\n" + gate.summary()
        + saved.map(v -> "\nstored as " + v.label() + " (" + v.state().name().toLowerCase(java.util.Locale.ROOT) + ")")
            .orElse(passed() ? "\nnot stored (no store configured)" : "\nnot stored");
  }
}
