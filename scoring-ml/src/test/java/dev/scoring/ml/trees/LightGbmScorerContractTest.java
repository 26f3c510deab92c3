package dev.scoring.ml.trees;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerRegistry;
import dev.scoring.testing.ScorerContract;
import java.util.List;

/** The scorer contract for a multiclass LightGBM model with categorical splits and missing values. */
final class LightGbmScorerContractTest extends ScorerContract {

  private static final RandomData DATA = new RandomData(8, 600, 5, 0.15, 1, 8, 3, "multi");
  private static final FeatureSchema SCHEMA = DATA.schema(true);
  private static final String MODEL = TreeModels.lightgbm(DATA,
      "objective=multiclass num_class=3 verbose=-1 num_threads=1 seed=1 min_data_in_leaf=10 categorical_feature=0", 15);

  @Override
  protected Scorer createScorer() {
    return ScorerRegistry.discover(getClass().getClassLoader()).load(TreeModels.spec("lightgbm", "contract.txt", MODEL, SCHEMA));
  }

  @Override
  protected List<Features> sampleRows() {
    return DATA.features(SCHEMA).subList(0, 60);
  }
}
