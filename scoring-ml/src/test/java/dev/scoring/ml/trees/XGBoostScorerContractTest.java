package dev.scoring.ml.trees;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerRegistry;
import dev.scoring.testing.ScorerContract;
import java.util.List;

/** The scorer contract for an XGBoost model with missing values and a categorical feature given as strings. */
final class XGBoostScorerContractTest extends ScorerContract {

  private static final RandomData DATA = new RandomData(7, 400, 5, 0.15, 1, 6, 1, "binary");
  private static final FeatureSchema SCHEMA = DATA.schema(true);
  private static final byte[] MODEL = TreeModels.xgboost(DATA, "binary:logistic", 1, 20);

  @Override
  protected Scorer createScorer() {
    return ScorerRegistry.discover(getClass().getClassLoader()).load(TreeModels.spec("xgboost", "contract.json", MODEL, SCHEMA));
  }

  @Override
  protected List<Features> sampleRows() {
    return DATA.features(SCHEMA).subList(0, 60);
  }
}
