import org.jspecify.annotations.NullMarked;

/** Classical ML: gradient-boosted trees imported from XGBoost and LightGBM, logistic regression, calibration. */
@NullMarked
module dev.scoring.ml {
  requires transitive dev.scoring.api;
  requires com.fasterxml.jackson.core;
  exports dev.scoring.ml.logistic;
  exports dev.scoring.ml.calibration;
  exports dev.scoring.ml.trees;
  exports dev.scoring.ml.anomaly;
  exports dev.scoring.ml.matching;

  provides dev.scoring.api.ScorerProvider with
      dev.scoring.ml.logistic.LogisticProvider,
      dev.scoring.ml.trees.XGBoostProvider,
      dev.scoring.ml.trees.LightGbmProvider,
      dev.scoring.ml.matching.MatcherProvider;
}
