package dev.scoring.ml.trees;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import java.nio.charset.StandardCharsets;
import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;

/**
 * Linear TreeSHAP ({@link LinearShap}, the default explanation) gives the recursive algorithm's
 * values to 1e-12 on random shallow and deep XGBoost and LightGBM models (missing values, categorical splits, repeated features on a
 * path, multiclass, averaged random forests, linear leaves), and the libraries' own SHAP values to
 * 1e-6 on deep models, where the default explanation uses it.
 */
final class LinearShapTest {

  @Test
  void gaussLegendre_integratesPolynomialsBelowTwiceItsPointsExactly() {
    for (int n = 1; n <= 40; n++) {
      double[][] gl = LinearShap.gaussLegendre(n);
      for (int degree = 0; degree < 2 * n; degree++) {
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
          assertTrue(gl[0][i] > 0 && gl[0][i] < 1, "points inside (0, 1)");
          sum += gl[1][i] * Math.pow(gl[0][i], degree);
        }
        assertEquals(1.0 / (degree + 1), sum, 1e-14, n + " points, degree " + degree);
      }
    }
  }

  @Test
  void linear_equalsTheRecursion_xgboost() {
    qt().withExamples(6).withFixedSeed(41).forAll(integers().between(0, 1_000_000)).check(seed -> {
      boolean multi = seed % 2 == 0;
      RandomData d = new RandomData(seed, 500, 5, 0.2, seed % 3 == 0 ? 1 : 0, 6, multi ? 3 : 1, multi ? "multi" : "binary");
      FeatureSchema schema = d.schema(false);
      TreeModel model = XGBoostModels.read(TreeModels.xgboost(d, multi ? "multi:softprob" : "binary:logistic",
          multi ? 3 : 1, 6, 1 + seed % 10), "m.json");
      return equalOnEveryRow(Ensemble.compile(model, schema, model.featureNames), d.features(schema));
    });
  }

  @Test
  void linear_equalsTheRecursion_lightgbm() {
    qt().withExamples(6).withFixedSeed(42).forAll(integers().between(0, 1_000_000)).check(seed -> {
      RandomData d = new RandomData(seed, 500, 5, 0.2, seed % 3 == 0 ? 1 : 0, 6, 1, seed % 4 == 1 ? "regression" : "binary");
      FeatureSchema schema = d.schema(false);
      String params = (seed % 4 == 1 ? "objective=regression linear_tree=true" : "objective=binary")
          + " verbose=-1 num_threads=1 min_data_in_leaf=3 num_leaves=60 max_depth=" + (3 + seed % 10) + " seed=" + seed
          + (seed % 2 == 0 ? " boosting=rf bagging_fraction=0.7 bagging_freq=1" : "")
          + (seed % 3 == 0 ? " categorical_feature=0" : "");
      TreeModel model = LightGbmModels.read(TreeModels.lightgbm(d, params, 6).getBytes(StandardCharsets.UTF_8), "m.txt");
      return equalOnEveryRow(Ensemble.compile(model, schema, model.featureNames), d.features(schema));
    });
  }

  @Test
  void deepXGBoost_agreesWithPredictContrib() throws Exception {
    RandomData d = new RandomData(7, 1500, 6, 0.15, 0, 6, 1, "binary");
    FeatureSchema schema = d.schema(false);
    byte[] json = TreeModels.xgboost(d, "binary:logistic", 1, 20, 10);
    TreeModel model = XGBoostModels.read(json, "m.json");
    Ensemble e = Ensemble.compile(model, schema, model.featureNames);
    int deep = deepTrees(e);
    Booster b = XGBoost.loadModel(json);
    DMatrix m = new DMatrix(d.x, d.rows, d.cols, Float.NaN);
    float[][] contrib = b.predictContrib(m, 0);
    m.dispose();
    b.dispose();
    List<Features> rows = d.features(schema);
    double max = 0.0;
    for (int i = 0; i < rows.size(); i++) {
      double[] phi = new double[d.cols];
      double bias = e.treeShap.shap(rows.get(i), 0, phi);
      for (int f = 0; f < d.cols; f++) {
        max = Math.max(max, XGBoostParityTest.check(contrib[i][f], phi[f], 1e-6, "SHAP feature " + f + " row " + i));
      }
      max = Math.max(max, XGBoostParityTest.check(contrib[i][d.cols], bias, 1e-6, "SHAP bias row " + i));
    }
    System.out.printf("Linear TreeSHAP vs XGBoost predictContrib, %d deep trees: max |diff| %.3g%n", deep, max);
  }

  @Test
  void deepLightGbm_agreesWithItsContributions() throws Exception {
    RandomData d = new RandomData(8, 600, 6, 0.15, 1, 6, 1, "binary");
    FeatureSchema schema = d.schema(false);
    String text = TreeModels.lightgbm(d, "objective=binary verbose=-1 num_threads=1 min_data_in_leaf=3 num_leaves=200"
        + " max_depth=14 categorical_feature=0 seed=8", 15);
    TreeModel model = LightGbmModels.read(text.getBytes(StandardCharsets.UTF_8), "m.txt");
    Ensemble e = Ensemble.compile(model, schema, model.featureNames);
    int deep = deepTrees(e);
    double[] contrib;
    try (LightGbmOracle oracle = new LightGbmOracle(text)) {
      contrib = oracle.predict(d.asDouble(), d.rows, d.cols, com.microsoft.ml.lightgbm.PredictionType.C_API_PREDICT_CONTRIB);
    }
    List<Features> rows = d.features(schema);
    double max = 0.0;
    for (int i = 0; i < rows.size(); i++) {
      double[] phi = new double[d.cols];
      double bias = e.treeShap.shap(rows.get(i), 0, phi);
      int off = i * (d.cols + 1);
      for (int f = 0; f < d.cols; f++) {
        max = Math.max(max, XGBoostParityTest.check(contrib[off + f], phi[f], 1e-9, "SHAP feature " + f + " row " + i));
      }
      max = Math.max(max, XGBoostParityTest.check(contrib[off + d.cols], bias, 1e-9, "SHAP bias row " + i));
    }
    System.out.printf("Linear TreeSHAP vs LightGBM contributions, %d deep trees: max |diff| %.3g%n", deep, max);
  }

  /** How many trees deeper than 8 (more than four quadrature points) Linear TreeSHAP covers; at least one. */
  private static int deepTrees(Ensemble e) {
    LinearShap linear = LinearShap.of(e);
    int deep = 0;
    for (int t = 0; t < e.roots.length; t++) {
      deep += linear.covers(t) && e.treeDepth[t] > 8 ? 1 : 0;
    }
    assertTrue(deep > 0, "deep trees take Linear TreeSHAP");
    return deep;
  }

  @Test
  void zeroCover_leavesTheTreeToTheRecursion() {
    FeatureSchema ab = FeatureSchema.builder().number("a").number("b").build();
    String tree = TreeFormatsTest.tree("[1,-1,-1]", "[2,-1,-1]", 3).replace("[10,4,6]", "[10,0,10]");
    TreeModel model = XGBoostModels.read(TreeFormatsTest.xgb("reg:squarederror", "0", tree).getBytes(StandardCharsets.UTF_8), "m.json");
    Ensemble e = Ensemble.compile(model, ab, model.featureNames);
    assertTrue(!LinearShap.of(e).covers(0), "a zero fraction needs the recursion");
    double[] phi = new double[2];
    Features row = Features.builder(ab).set("a", 1.0).build();
    double bias = e.treeShap.shap(row, 0, phi);
    assertEquals(e.margin(row), bias + phi[0] + phi[1], 1e-12);
  }

  private static boolean equalOnEveryRow(Ensemble e, List<Features> rows) {
    LinearShap linear = LinearShap.of(e);
    int covered = 0;
    for (int t = 0; t < e.roots.length; t++) {
      covered += linear.covers(t) ? 1 : 0;
    }
    assertTrue(covered > 0, "trees with positive covers are covered");
    int features = e.schema.size();
    for (Features row : rows) {
      for (int g = 0; g < e.numGroups; g++) {
        double[] fast = new double[features];
        double[] recursive = new double[features];
        double bias = e.treeShap.shap(row, g, fast);
        assertEquals(e.treeShap.shap(row, g, recursive, TreeShap.Algorithm.RECURSION), bias, 0.0);
        double total = bias;
        for (int f = 0; f < features; f++) {
          assertEquals(recursive[f], fast[f], 1e-12 * (1 + Math.abs(recursive[f])), "feature " + f + " group " + g);
          total += fast[f];
        }
        if (e.numGroups == 1) {
          // bias plus contributions is the margin (XGBoost's margin is a float32 sum)
          double tolerance = (e.floatSum ? 1e-6 : 1e-9) * (1 + Math.abs(total));
          assertEquals(e.margin(row), total, tolerance, "sum of contributions");
        }
      }
    }
    return true;
  }
}
