import org.jspecify.annotations.NullMarked;

/** Classical ML: gradient-boosted trees imported from XGBoost and LightGBM, logistic regression, calibration. */
@NullMarked
module dev.scoring.ml {
  requires transitive dev.scoring.api;
  requires commons.math3;
  requires com.fasterxml.jackson.core;
  // exports dev.scoring.ml; (added with the module's first public type)
  exports dev.scoring.ml.logistic;
  exports dev.scoring.ml.calibration;
  exports dev.scoring.ml.trees;
  exports dev.scoring.ml.matching;

  provides dev.scoring.spi.ScorerProvider with
      dev.scoring.ml.logistic.LogisticProvider,
      dev.scoring.ml.trees.XGBoostProvider,
      dev.scoring.ml.trees.LightGbmProvider,
      dev.scoring.ml.matching.MatcherProvider;
}
