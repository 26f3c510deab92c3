import org.jspecify.annotations.NullMarked;

/**
 * The scoring API: records and scorers ({@code dev.scoring.api}), the plugin interface
 * ({@code dev.scoring.spi}), the decision pipeline and guardrails ({@code dev.scoring.decision}),
 * review, audit and feedback ({@code dev.scoring.review}), offline evaluation
 * ({@code dev.scoring.evaluation}) and online drift and quality monitoring ({@code dev.scoring.monitoring}).
 */
@NullMarked
module dev.scoring.api {
  requires static transitive org.jspecify;

  exports dev.scoring.api;
  exports dev.scoring.spi;
  exports dev.scoring.decision;
  exports dev.scoring.review;
  exports dev.scoring.evaluation;
  exports dev.scoring.monitoring;

  uses dev.scoring.spi.ScorerProvider;
}
