import org.jspecify.annotations.NullMarked;

/**
 * The scoring API: records, scores, decisions and the plugin interface {@code ScorerProvider}
 * ({@code dev.scoring.api}), the decision pipeline and guardrails ({@code dev.scoring.decision}),
 * review, audit and feedback ({@code dev.scoring.review}), and model versions ({@code dev.scoring.lifecycle}).
 */
@NullMarked
module dev.scoring.api {
  requires static transitive org.jspecify;

  exports dev.scoring.api;
  exports dev.scoring.decision;
  exports dev.scoring.review;
  exports dev.scoring.lifecycle;
  // JSON string escaping shared with the monitors' profile files; not API
  exports dev.scoring.internal to dev.scoring.monitoring;

  uses dev.scoring.api.ScorerProvider;
}
