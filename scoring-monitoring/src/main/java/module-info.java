import org.jspecify.annotations.NullMarked;

/**
 * Evaluation and monitoring: offline evaluation ({@code dev.scoring.evaluation}: AUC with intervals,
 * calibration, DeLong, segments, leakage, guardrail simulation) and online drift and quality monitoring
 * ({@code dev.scoring.monitoring}). Depends on {@code scoring-api} only.
 */
@NullMarked
module dev.scoring.monitoring {
  requires transitive dev.scoring.api;
  requires static transitive org.jspecify;

  exports dev.scoring.evaluation;
  exports dev.scoring.monitoring;
  exports dev.scoring.report;
}
