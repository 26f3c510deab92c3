/**
 * Retraining from feedback behind a promotion gate: {@link dev.scoring.retraining.Retrainer} trains
 * a logistic candidate (or refits a calibrator) from the feedback log, evaluates it against the
 * champion on a held-out recent window through a {@link dev.scoring.retraining.PromotionGate}, and
 * stores it on success; {@link dev.scoring.retraining.TrainingExport} writes training files for
 * XGBoost and LightGBM, whose trained models come back through the same gate.
 */
@NullMarked
package dev.scoring.retraining;

import org.jspecify.annotations.NullMarked;
