/**
 * Calibration as its own stage: maps any scorer's output (a probability, a tree ensemble's
 * probability, a scorecard's points) to a calibrated probability.
 *
 * <p>{@link dev.scoring.ml.calibration.PlattCalibrator} (a logistic fit) and
 * {@link dev.scoring.ml.calibration.IsotonicCalibrator} (pool-adjacent-violators) are fitted on
 * held-out scores and labels; {@link dev.scoring.ml.calibration.CalibratedScorer} wraps any
 * {@link dev.scoring.api.Scorer}; {@link dev.scoring.ml.calibration.Reliability} measures the
 * expected calibration error before and after. Calibrators are immutable, thread-safe and
 * serialise to a small versioned JSON document ({@link dev.scoring.ml.calibration.Calibrator#toJson()}).
 */
@NullMarked
package dev.scoring.ml.calibration;

import org.jspecify.annotations.NullMarked;
