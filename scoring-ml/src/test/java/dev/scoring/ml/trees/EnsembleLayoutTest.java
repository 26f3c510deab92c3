package dev.scoring.ml.trees;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The branch-free complete-tree layout gives bit-identical sums to the general pre-order walk. */
final class EnsembleLayoutTest {

  @Test
  void completeLayout_equalsPreorderWalk() {
    qt().withExamples(6).withFixedSeed(31).forAll(integers().between(0, 1_000_000)).check(seed -> {
      boolean xgb = seed % 2 == 0;
      RandomData d = new RandomData(seed, 403, 6, 0.2, 0, 3, 1, "binary");
      FeatureSchema schema = d.schema(false);
      TreeModel model = xgb
          ? XGBoostModels.read(TreeModels.xgboost(d, "binary:logistic", 1, 25), "m.json")
          : LightGbmModels.read(TreeModels.lightgbm(d, "objective=binary verbose=-1 num_threads=1 max_depth=5 "
              + "num_leaves=20 min_data_in_leaf=5", 25).getBytes(StandardCharsets.UTF_8), "m.txt");
      Ensemble e = Ensemble.compile(model, schema, model.featureNames);
      assertNotNull(e.complete, "shallow numerical trees get the complete layout");
      List<Features> rows = d.features(schema);
      double[] batch = new double[rows.size()];
      e.margins(rows, batch);
      for (int i = 0; i < rows.size(); i++) {
        Features row = rows.get(i);
        double walk;
        if (e.floatSum) {
          float s = (float) e.base[0];
          for (int root : e.roots) {
            s += (float) e.value[e.leaf(root, row)];
          }
          walk = s;
        } else {
          double s = 0;
          for (int root : e.roots) {
            s += e.value[e.leaf(root, row)];
          }
          walk = e.base[0] + s * e.outputScale;
        }
        assertEquals(walk, e.margin(row), 0.0, "one row " + i);
        assertEquals(walk, batch[i], 0.0, "batch row " + i);
      }
      return true;
    });
  }
}
