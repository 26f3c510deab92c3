/**
 * Gradient-boosted tree ensembles imported from XGBoost (JSON, UBJSON) and LightGBM (text model):
 * scoring with exact parity, batch scoring, predicted leaves and exact path-dependent TreeSHAP.
 *
 * <p>Use it through {@link dev.scoring.api.Scorers#load(dev.scoring.api.ScorerSpec)} with type
 * {@code xgboost} ({@link dev.scoring.ml.trees.XGBoostProvider}) or {@code lightgbm}
 * ({@link dev.scoring.ml.trees.LightGbmProvider}); everything else in this package is internal.
 */
@NullMarked
package dev.scoring.ml.trees;

import org.jspecify.annotations.NullMarked;
