package dev.scoring.decision;

/**
 * What a {@link DecisionPipeline} does when one of its scorers fails (throws, returns no score,
 * misses its deadline or meets a record it cannot score). Either way the record goes to review
 * with the reason.
 */
public enum ScorerFailurePolicy {
  /** Discard every score and score with the rule baseline (the default). */
  FALL_BACK,
  /**
   * Leave the failed scorer out of the combination, the remaining weights scaled to the same
   * total; the baseline stands in only when every scorer failed. Needs a combiner that
   * {@linkplain Combiner#combinesAvailable() can leave one out} (the built-in ones can).
   */
  DROP_FAILED
}
