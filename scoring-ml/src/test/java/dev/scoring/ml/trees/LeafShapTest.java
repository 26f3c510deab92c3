package dev.scoring.ml.trees;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The per-leaf TreeSHAP tables ({@link LeafShap}) give the recursive algorithm's values: random
 * XGBoost and LightGBM models (missing values, categorical splits, multiclass, averaged random
 * forests), every row, every output, to 1e-12 relative. The parity tests compare both with the
 * libraries' own SHAP values.
 */
final class LeafShapTest {

  @Test
  void tables_equalTheRecursion_xgboost() {
    qt().withExamples(6).withFixedSeed(31).forAll(integers().between(0, 1_000_000)).check(seed -> {
      boolean multi = seed % 2 == 0;
      RandomData d = new RandomData(seed, 400, 5, 0.2, seed % 3 == 0 ? 1 : 0, 6, multi ? 3 : 1, multi ? "multi" : "binary");
      FeatureSchema schema = d.schema(false);
      TreeModel model = XGBoostModels.read(TreeModels.xgboost(d, multi ? "multi:softprob" : "binary:logistic",
          multi ? 3 : 1, 12), "m.json");
      return equalOnEveryRow(Ensemble.compile(model, schema, model.featureNames), d.features(schema));
    });
  }

  @Test
  void tables_equalTheRecursion_lightgbm() {
    qt().withExamples(6).withFixedSeed(32).forAll(integers().between(0, 1_000_000)).check(seed -> {
      RandomData d = new RandomData(seed, 400, 5, 0.2, seed % 3 == 0 ? 1 : 0, 6, 1, "binary");
      FeatureSchema schema = d.schema(false);
      String params = "objective=binary verbose=-1 num_threads=1 min_data_in_leaf=5 max_depth=5 num_leaves=20 seed=" + seed
          + (seed % 2 == 0 ? " boosting=rf bagging_fraction=0.7 bagging_freq=1" : "")
          + (seed % 3 == 0 ? " categorical_feature=0" : "");
      TreeModel model = LightGbmModels.read(TreeModels.lightgbm(d, params, 10).getBytes(StandardCharsets.UTF_8), "m.txt");
      return equalOnEveryRow(Ensemble.compile(model, schema, model.featureNames), d.features(schema));
    });
  }

  @Test
  void zeroCover_leavesTheTreeToTheRecursion() {
    FeatureSchema ab = FeatureSchema.builder().number("a").number("b").build();
    String tree = TreeFormatsTest.tree("[1,-1,-1]", "[2,-1,-1]", 3).replace("[10,4,6]", "[10,0,10]");
    TreeModel model = XGBoostModels.read(TreeFormatsTest.xgb("reg:squarederror", "0", tree).getBytes(StandardCharsets.UTF_8), "m.json");
    Ensemble e = Ensemble.compile(model, ab, model.featureNames);
    assertTrue(!LeafShap.of(e).covers(0), "a zero fraction needs the recursion");
    double[] phi = new double[2];
    Features row = Features.builder(ab).set("a", 1.0).build();
    double bias = e.treeShap.shap(row, 0, phi, TreeShap.Algorithm.FASTEST);
    assertEquals(e.margin(row), bias + phi[0] + phi[1], 1e-12);
  }

  private static boolean equalOnEveryRow(Ensemble e, List<Features> rows) {
    LeafShap tables = LeafShap.of(e);
    int covered = 0;
    for (int t = 0; t < e.roots.length; t++) {
      covered += tables.covers(t) ? 1 : 0;
    }
    assertTrue(covered > 0, "shallow trees get tables");
    int features = e.schema.size();
    for (Features row : rows) {
      for (int g = 0; g < e.numGroups; g++) {
        double[] fast = new double[features];
        double[] recursive = new double[features];
        double bias = e.treeShap.shap(row, g, fast, TreeShap.Algorithm.FASTEST);
        assertEquals(e.treeShap.shap(row, g, recursive, TreeShap.Algorithm.RECURSION), bias, 0.0);
        double total = bias;
        for (int f = 0; f < features; f++) {
          assertEquals(recursive[f], fast[f], 1e-12 * (1 + Math.abs(recursive[f])), "feature " + f + " group " + g);
          total += fast[f];
        }
        if (e.numGroups == 1) {
          // bias plus contributions is the margin, averaged random forests included (XGBoost's margin
          // is a float32 sum, so it agrees to float precision)
          double tolerance = (e.floatSum ? 1e-6 : 1e-9) * (1 + Math.abs(total));
          assertEquals(e.margin(row), total, tolerance, "sum of contributions");
        }
      }
    }
    return true;
  }
}
