import org.jspecify.annotations.NullMarked;

/**
 * The scoring API: records, scores and decisions ({@code dev.scoring.api}), the plugin interface
 * ({@code dev.scoring.spi}), the decision pipeline and guardrails ({@code dev.scoring.decision}), and
 * review, audit and feedback ({@code dev.scoring.review}).
 */
@NullMarked
module dev.scoring.api {
  requires static transitive org.jspecify;

  exports dev.scoring.api;
  exports dev.scoring.spi;
  exports dev.scoring.decision;
  exports dev.scoring.review;
  // JSON string escaping shared with the monitors' profile files; not API
  exports dev.scoring.internal to dev.scoring.monitoring;

  uses dev.scoring.spi.ScorerProvider;
}
