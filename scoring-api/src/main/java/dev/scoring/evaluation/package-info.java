/**
 * Offline evaluation of scorers on labelled rows: binary metrics ({@link
 * dev.scoring.evaluation.BinaryMetrics}, {@link dev.scoring.evaluation.ThresholdMetrics}, {@link
 * dev.scoring.evaluation.ThresholdTable}, {@link dev.scoring.evaluation.Calibration}), multiclass
 * metrics ({@link dev.scoring.evaluation.MulticlassMetrics}), seeded bootstrap intervals ({@link
 * dev.scoring.evaluation.Bootstrap}), segments ({@link dev.scoring.evaluation.SegmentedEvaluation}),
 * model against baseline ({@link dev.scoring.evaluation.BaselineComparison}), guardrail simulation
 * ({@link dev.scoring.evaluation.GuardrailSimulation}) and leakage checks ({@link
 * dev.scoring.evaluation.LeakageCheck}).
 *
 * <p>Inputs are parallel arrays: {@code double[] scores} (finite; probabilities in [0, 1] for log
 * loss, Brier and calibration) and {@code int[] labels} (0 or 1). Bad input (empty arrays,
 * different lengths, NaN scores, labels other than 0/1) throws {@link IllegalArgumentException}
 * naming what is wrong. Every class here is stateless or immutable, and thread-safe.
 */
@NullMarked
package dev.scoring.evaluation;

import org.jspecify.annotations.NullMarked;
