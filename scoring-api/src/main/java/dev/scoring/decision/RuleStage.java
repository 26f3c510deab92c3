package dev.scoring.decision;

import dev.scoring.api.Features;
import java.util.Optional;

/**
 * A rule stage of a {@link DecisionPipeline}: looks at a record and passes, adjusts or decides.
 * The {@code scoring-rules} module implements it with compiled rule sets; a host may also write
 * one in Java. Implementations are thread-safe.
 */
@FunctionalInterface
public interface RuleStage {

  /**
   * Evaluates the rules on one record.
   *
   * @throws dev.scoring.api.RecordException if the record cannot be evaluated (the pipeline sends it to review)
   */
  RuleOutcome evaluate(Features row);

  /**
   * The version of the rules this stage evaluates (e.g. {@code "routing 3 (sha256:...)"}): a
   * decision made by this stage names it in its reasons, hence in its audit record. Empty (the
   * default) for a stage without a version.
   */
  default Optional<String> rulesVersion() {
    return Optional.empty();
  }
}
