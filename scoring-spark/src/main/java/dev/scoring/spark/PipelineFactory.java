package dev.scoring.spark;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Scorer;
import dev.scoring.decision.DecisionPipeline;
import java.io.Serializable;
import java.util.List;

/**
 * Configures a decision pipeline on each executor: rules, the scorers (built from the broadcast
 * specs, in the order given to {@link SparkPipeline.Builder#scorer}), the combiner and the guardrail
 * policy. Shipped to the executors, so it must be serializable with everything it captures (a lambda
 * or a static nested class; build schemas and policies inside it, not outside).
 *
 * <p>The review queue, audit sink and decision ids are set by {@link SparkScoring#decide}: they become
 * the output's columns, so anything set for them here is replaced.
 *
 * <pre>{@code
 * PipelineFactory factory = (schema, scorers) -> DecisionPipeline.builder(schema)
 *     .scorer(scorers.get(0))
 *     .policy(GuardrailPolicy.builder().band(0, 0.3, Action.negative("disqualify"))
 *         .band(0.3, 0.7, Action.review("sdr", "uncertain")).band(0.7, 1.0, Action.auto("fast-track")).build());
 * }</pre>
 */
@FunctionalInterface
public interface PipelineFactory extends Serializable {

  /** A pipeline builder over {@code schema} using {@code scorers}; called once per executor JVM and once on the driver. */
  DecisionPipeline.Builder builder(FeatureSchema schema, List<Scorer> scorers);
}
