/** Tests of the tree ensembles: parity with XGBoost and LightGBM, TreeSHAP, formats, limits. */
@NullMarked
package dev.scoring.ml.trees;

import org.jspecify.annotations.NullMarked;
