/**
 * The decision pipeline and the guardrail layer: {@link dev.scoring.decision.DecisionPipeline}
 * runs rule stages and scorers, combines their scores, and applies a
 * {@link dev.scoring.decision.GuardrailPolicy} to produce a {@link dev.scoring.api.Decision}.
 */
@NullMarked
package dev.scoring.decision;

import org.jspecify.annotations.NullMarked;
