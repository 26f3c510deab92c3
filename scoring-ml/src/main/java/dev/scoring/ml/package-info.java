/** Classical ML: gradient-boosted trees imported from XGBoost and LightGBM, logistic regression, calibration. */
@NullMarked
package dev.scoring.ml;

import org.jspecify.annotations.NullMarked;
