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
 *
 * <p>Sample weights: every evaluation takes an optional {@code double[] weights} (finite, not
 * negative; {@code null} means equal weights). Counts of rows ({@code rows}, {@code positives},
 * {@code count}, {@code automatic}, {@code review}) stay counts; everything computed from the rows
 * (metrics, rates, precisions, calibration means and ECE, error rates, and the confusion counts of
 * {@link dev.scoring.evaluation.ThresholdMetrics} and {@link dev.scoring.evaluation.MulticlassMetrics},
 * which are sums of weights) is weighted, so integer weights give what repeating each row that
 * many times gives, and weights of 1 give exactly the unweighted result. The bootstrap resamples
 * rows with their weights. DeLong's test has no weighted form: a comparison with unequal weights
 * reports it as NaN and the weighted paired bootstrap interval is the test to read.
 */
@NullMarked
package dev.scoring.evaluation;

import org.jspecify.annotations.NullMarked;
