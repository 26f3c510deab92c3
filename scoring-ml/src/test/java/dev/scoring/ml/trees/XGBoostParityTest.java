package dev.scoring.ml.trees;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.scoring.api.Contribution;
import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ModelSource;
import dev.scoring.api.Score;
import dev.scoring.api.ScorerSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Parity with XGBoost4J: random models trained in the test on random data with missing values
 * (and categorical features), saved as JSON, imported and compared row by row with XGBoost's own
 * predictions, margins, leaf indexes and TreeSHAP contributions.
 */
final class XGBoostParityTest {

  static final String[] OBJECTIVES = {
      "binary:logistic", "binary:logitraw", "reg:squarederror", "reg:logistic", "multi:softprob", "multi:softmax", "count:poisson"};
  static final double PREDICTION_TOLERANCE = 1e-6;
  static final double SHAP_TOLERANCE = 1e-5;

  static double maxPrediction;
  static double maxMargin;
  static double maxShap;
  static int models;
  static int ubjsonModels;
  static long rowsCompared;

  @AfterAll
  static void report() {
    System.out.printf("XGBoost parity: %d models (%d UBJSON), %d rows, max |diff| prediction %.3g, margin %.3g, SHAP %.3g%n",
        models, ubjsonModels, rowsCompared, maxPrediction, maxMargin, maxShap);
  }

  @Test
  void gbtree_matchesXGBoost() {
    forSeeds(12, 11, seed -> parityOrThrow(seed, "gbtree", false));
  }

  @Test
  void categoricalSplits_matchXGBoost() {
    forSeeds(6, 12, seed -> parityOrThrow(seed, "gbtree", true));
  }

  @Test
  void dart_matchesXGBoost() {
    forSeeds(4, 13, seed -> parityOrThrow(seed, "dart", false));
  }

  @Test
  void gblinear_matchesXGBoost() {
    forSeeds(4, 14, seed -> parityOrThrow(seed, "gblinear", false));
  }

  /**
   * Survival models: Cox (a negative label is a censored time) and accelerated failure time (label
   * bounds, +inf above for a censored row; three error distributions). Both predict exp(margin).
   */
  @Test
  void survival_matchesXGBoost() {
    forSeeds(4, 15, XGBoostParityTest::survival);
  }

  static boolean survival(int seed) throws XGBoostError {
    Random r = new Random(seed);
    String objective = r.nextBoolean() ? "survival:cox" : "survival:aft";
    RandomData data = new RandomData(seed, 800 + r.nextInt(800), 3 + r.nextInt(5), r.nextDouble() * 0.2, 0, 3, 1, "count");
    DMatrix m = matrix(data, false);
    float[] label = new float[data.rows];
    float[] lower = new float[data.rows];
    float[] upper = new float[data.rows];
    for (int i = 0; i < data.rows; i++) {
      float time = data.label[i] + 1;
      boolean censored = r.nextInt(10) < 3;
      label[i] = objective.equals("survival:cox") && censored ? -time : time;
      lower[i] = time;
      upper[i] = censored ? Float.POSITIVE_INFINITY : time;
    }
    m.setLabel(label);
    Map<String, Object> params = params(objective, seed, r);
    if (objective.equals("survival:aft")) {
      check(ml.dmlc.xgboost4j.java.XGBoostJNI.XGDMatrixSetFloatInfo(m.getHandle(), "label_lower_bound", lower));
      check(ml.dmlc.xgboost4j.java.XGBoostJNI.XGDMatrixSetFloatInfo(m.getHandle(), "label_upper_bound", upper));
      params.put("aft_loss_distribution", new String[] {"normal", "logistic", "extreme"}[r.nextInt(3)]);
      params.put("aft_loss_distribution_scale", 0.8 + r.nextDouble());
    }
    Booster b = XGBoost.train(m, params, 3 + r.nextInt(20), new HashMap<>(), null, null);
    compare(b, m, data, r, "seed " + seed + " " + objective + " " + params, objective, 1, false, false);
    m.dispose();
    b.dispose();
    return true;
  }

  /**
   * Every other supported objective, each on two seeds: regression losses (squared log, pseudo-Huber,
   * absolute, quantile, expectile), Gamma and Tweedie (exp link), the hinge (0/1 output) and the
   * ranking objectives (raw scores, query groups of 20 rows).
   */
  @Test
  void otherObjectives_matchXGBoost() throws XGBoostError {
    String[] objectives = {"reg:squaredlogerror", "reg:pseudohubererror", "reg:absoluteerror", "reg:quantileerror",
        "reg:expectileerror", "reg:gamma", "reg:tweedie", "binary:hinge", "rank:pairwise", "rank:ndcg", "rank:map"};
    for (String objective : objectives) {
      for (int seed = 1; seed <= 2; seed++) {
        otherObjective(objective, 100 * seed + objective.length());
      }
    }
  }

  static void otherObjective(String objective, int seed) throws XGBoostError {
    Random r = new Random(seed);
    boolean rank = objective.startsWith("rank:");
    String task = objective.equals("binary:hinge") || objective.equals("rank:map") ? "binary"
        : rank || objective.equals("reg:gamma") || objective.equals("reg:tweedie") || objective.equals("reg:squaredlogerror")
            ? "count" : "reg";
    RandomData data = new RandomData(seed, 600 + 20 * r.nextInt(20), 3 + r.nextInt(5), r.nextDouble() * 0.2, 0, 3, 1, task);
    DMatrix m = matrix(data, false);
    if (objective.equals("reg:gamma")) {
      float[] positive = data.label.clone();
      for (int i = 0; i < positive.length; i++) {
        positive[i] += 1;
      }
      m.setLabel(positive);
    }
    if (rank) {
      float[] relevance = data.label.clone();
      for (int i = 0; i < relevance.length; i++) {
        relevance[i] = Math.min(3, relevance[i]);
      }
      m.setLabel(relevance);
      int[] groups = new int[data.rows / 20];
      java.util.Arrays.fill(groups, 20);
      m.setGroup(groups);
    }
    Map<String, Object> params = params(objective, seed, r);
    if (objective.equals("reg:quantileerror")) {
      params.put("quantile_alpha", 0.3);
    } else if (objective.equals("reg:expectileerror")) {
      params.put("expectile_alpha", 0.7);
    }
    Booster b = XGBoost.train(m, params, 3 + r.nextInt(15), new HashMap<>(), null, null);
    compare(b, m, data, r, "seed " + seed + " " + objective + " " + params, objective, 1, false, false);
    m.dispose();
    b.dispose();
  }

  /**
   * Multi-target trees ({@code multi_strategy=multi_output_tree}): one tree per iteration with a
   * vector of class margins in each leaf, with missing values and categorical features.
   */
  @Test
  void multiTargetTrees_matchXGBoost() {
    forSeeds(4, 16, XGBoostParityTest::multiTarget);
  }

  static boolean multiTarget(int seed) throws XGBoostError {
    Random r = new Random(seed);
    String objective = r.nextBoolean() ? "multi:softprob" : "multi:softmax";
    int classes = 3 + r.nextInt(3);
    int cols = 3 + r.nextInt(5);
    boolean categorical = r.nextBoolean();
    RandomData data = new RandomData(seed, 800 + r.nextInt(800), cols, r.nextDouble() * 0.2, categorical ? 1 : 0,
        3 + r.nextInt(10), classes, "multi");
    DMatrix m = matrix(data, categorical);
    Map<String, Object> params = new HashMap<>();
    params.put("objective", objective);
    params.put("num_class", classes);
    params.put("multi_strategy", "multi_output_tree");
    params.put("tree_method", "hist");
    params.put("seed", seed);
    params.put("nthread", 1);
    params.put("verbosity", 0);
    params.put("eta", 0.1 + r.nextDouble() * 0.4);
    params.put("max_depth", 1 + r.nextInt(5));
    Booster b = XGBoost.train(m, params, 2 + r.nextInt(15), new HashMap<>(), null, null);
    compare(b, m, data, r, "seed " + seed + " " + params, objective, classes, categorical, false);
    m.dispose();
    b.dispose();
    return true;
  }

  private static void check(int rc) throws XGBoostError {
    if (rc != 0) {
      throw new XGBoostError(ml.dmlc.xgboost4j.java.XGBoostJNI.XGBGetLastError());
    }
  }

  @Test
  void iterationsOption_matchesXGBoostTreeLimit() throws XGBoostError {
    for (String variant : new String[] {"binary:logistic", "multi:softprob", "multi_output_tree"}) {
      boolean multiTarget = variant.equals("multi_output_tree");
      String objective = multiTarget ? "multi:softprob" : variant;
      int classes = objective.startsWith("multi") ? 3 : 1;
      RandomData data = new RandomData(41, 800, 5, 0.1, 0, 3, classes, classes > 1 ? "multi" : "binary");
      DMatrix m = matrix(data, false);
      Map<String, Object> params = new HashMap<>();
      params.put("objective", objective);
      params.put("nthread", 1);
      params.put("verbosity", 0);
      params.put("max_depth", 3);
      if (classes > 1) {
        params.put("num_class", classes);
      }
      if (multiTarget) {
        params.put("multi_strategy", "multi_output_tree");
        params.put("tree_method", "hist");
      }
      Booster b = XGBoost.train(m, params, 20, new HashMap<>(), null, null);
      float[][] margin = b.predict(m, true, 7);
      FeatureSchema schema = data.schema(false);
      TreeScorer scorer = (TreeScorer) new XGBoostProvider().create(ScorerSpec.builder("xgboost")
          .source(ModelSource.bytes("limit.json", b.toByteArray("json"))).schema(schema).option("iterations", "7").build());
      List<Features> rows = data.features(schema);
      for (int i = 0; i < rows.size(); i++) {
        double[] ms = scorer.margins(rows.get(i));
        for (int k = 0; k < classes; k++) {
          check(margin[i][k], ms[k], PREDICTION_TOLERANCE, variant + " first 7 iterations, row " + i);
        }
      }
      // one leaf per file tree: a class per tree, or one multi-target tree per iteration
      assertEquals(7 * (multiTarget ? 1 : classes), scorer.leaves(rows.get(0)).length, variant + " leaves of 7 iterations");
      m.dispose();
      b.dispose();
    }
  }

  /** Training parameters for one seed: one thread, random learning rate, depth and tree method. */
  static Map<String, Object> params(String objective, int seed, Random r) {
    Map<String, Object> params = new HashMap<>();
    params.put("objective", objective);
    params.put("seed", seed);
    params.put("nthread", 1);
    params.put("verbosity", 0);
    params.put("eta", 0.05 + r.nextDouble() * 0.3);
    params.put("max_depth", 1 + r.nextInt(5));
    params.put("tree_method", r.nextBoolean() ? "hist" : "exact");
    return params;
  }

  /** The rows of {@code data} with their labels, feature names and (if categorical) feature types. */
  static DMatrix matrix(RandomData data, boolean categorical) throws XGBoostError {
    DMatrix m = new DMatrix(data.x, data.rows, data.cols, Float.NaN);
    m.setLabel(data.label);
    m.setFeatureNames(data.names);
    if (categorical) {
      String[] types = new String[data.cols];
      for (int c = 0; c < data.cols; c++) {
        types[c] = data.categorical[c] ? "c" : "q";
      }
      m.setFeatureTypes(types);
    }
    return m;
  }

  /** One parity case per seed: {@code check} trains, imports and compares a model for the seed. */
  @FunctionalInterface
  interface SeedCheck {
    boolean run(int seed) throws XGBoostError;
  }

  /** Runs {@code check} on {@code examples} seeds that QuickTheories draws from {@code fixedSeed}. */
  static void forSeeds(int examples, long fixedSeed, SeedCheck check) {
    qt().withExamples(examples).withFixedSeed(fixedSeed).forAll(integers().between(0, 1_000_000))
        .check(seed -> {
          try {
            return check.run(seed);
          } catch (XGBoostError e) {
            throw new AssertionError(e);
          }
        });
  }

  static boolean parityOrThrow(int seed, String booster, boolean categorical) throws XGBoostError {
    Random r = new Random(seed);
    String objective = OBJECTIVES[r.nextInt(OBJECTIVES.length)];
    if (booster.equals("gblinear") && objective.startsWith("multi")) {
      objective = "reg:squarederror";
    }
    int classes = objective.startsWith("multi") ? 3 + r.nextInt(2) : 1;
    String task = objective.startsWith("multi") ? "multi"
        : objective.startsWith("count") ? "count" : objective.startsWith("reg:squared") ? "reg" : "binary";
    int cols = 3 + r.nextInt(6);
    int catCols = categorical ? 1 + r.nextInt(2) : 0;
    RandomData data = new RandomData(seed, 1000 + r.nextInt(1000), cols, r.nextDouble() * 0.25, catCols,
        3 + r.nextInt(20), classes, task);
    DMatrix m = matrix(data, categorical);
    Map<String, Object> params = new HashMap<>();
    params.put("objective", objective);
    params.put("booster", booster);
    params.put("seed", seed);
    params.put("nthread", 1);
    params.put("verbosity", 0);
    params.put("eta", 0.1 + r.nextDouble() * 0.4);
    params.put("max_depth", 1 + r.nextInt(6));
    params.put("tree_method", categorical || r.nextBoolean() ? "hist" : "exact");
    if (categorical) {
      params.put("max_cat_to_onehot", r.nextBoolean() ? 1 : 64);
    }
    if (r.nextBoolean()) {
      params.put("subsample", 0.8);
    }
    if (classes > 1) {
      params.put("num_class", classes);
    }
    if (booster.equals("dart")) {
      params.put("rate_drop", 0.3);
      params.put("skip_drop", 0.2);
    }
    if (r.nextInt(3) == 0 && !objective.startsWith("multi") && !objective.startsWith("count")) {
      params.put("base_score", 0.3);
    }
    int rounds = 3 + r.nextInt(28);
    Booster b = XGBoost.train(m, params, rounds, new HashMap<>(), null, null);
    compare(b, m, data, new Random(seed + 1), "seed " + seed + " " + booster + " " + objective + " " + params,
        objective, classes, categorical, booster.equals("gblinear"));
    m.dispose();
    b.dispose();
    return true;
  }

  /**
   * Saves {@code b} as JSON or UBJSON, imports it and requires our margins, predictions, leaves and
   * SHAP values to equal XGBoost's on every row of {@code data} (SHAP on every fourth).
   */
  static void compare(Booster b, DMatrix m, RandomData data, Random r, String model, String objective, int classes,
      boolean categorical, boolean linear) throws XGBoostError {
    // JSON or UBJSON, as XGBoost saves them
    String format = r.nextBoolean() ? "json" : "ubj";
    byte[] json = b.toByteArray(format);
    if (format.equals("ubj")) {
      assertTrue(Ubjson.looksLike(json), "XGBoost wrote UBJSON");
      ubjsonModels++;
    }
    float[][] pred = b.predict(m);
    float[][] margin = b.predict(m, true, 0);
    float[][] leaves = linear ? null : b.predictLeaf(m, 0);
    float[][] contrib = b.predictContrib(m, 0);

    FeatureSchema schema = data.schema(categorical && r.nextBoolean());
    TreeScorer scorer = (TreeScorer) new XGBoostProvider().create(ScorerSpec.builder("xgboost").id("parity")
        .source(ModelSource.bytes("model." + format, json)).schema(schema).build());
    List<Features> rows = data.features(schema);
    String what = model + " " + format;
    int cols = data.cols;
    double[] values = new double[rows.size()];
    scorer.scoreBatch(rows, values);
    for (int i = 0; i < rows.size(); i++) {
      Features row = rows.get(i);
      Score s = scorer.score(row);
      double[] ms = scorer.margins(row);
      for (int k = 0; k < ms.length; k++) {
        maxMargin = Math.max(maxMargin, check(margin[i][k], ms[k], PREDICTION_TOLERANCE, what + " margin row " + i + " class " + k));
      }
      if (objective.equals("multi:softprob")) {
        for (int k = 0; k < classes; k++) {
          maxPrediction = Math.max(maxPrediction, check(pred[i][k], s.classProbability(k), PREDICTION_TOLERANCE, what + " row " + i));
        }
      } else if (objective.equals("multi:softmax")) {
        assertEquals(Integer.toString((int) pred[i][0]), s.label(), what + " class of row " + i);
      } else {
        // XGBoost predicts in float32, whose step is above 1e-6 for values over 8 (exp links): relative there
        double tolerance = PREDICTION_TOLERANCE * Math.max(1, Math.abs(pred[i][0]));
        maxPrediction = Math.max(maxPrediction, check(pred[i][0], s.value(), tolerance, what + " row " + i) / Math.max(1, Math.abs(pred[i][0])));
      }
      assertEquals(s.value(), values[i], 0.0, what + " batch row " + i);
      if (leaves != null) {
        int[] ours = scorer.leaves(row);
        assertEquals(leaves[i].length, ours.length, what);
        for (int t = 0; t < ours.length; t++) {
          assertEquals((int) leaves[i][t], ours[t], what + " leaf of tree " + t + " row " + i);
        }
      }
      if (i % 4 == 0) {
        Explanation e = scorer.explain(row);
        int group = classes > 1 ? Integer.parseInt(s.label()) : 0;
        int off = group * (cols + 1);
        for (Contribution c : e.contributions()) {
          int f = schema.feature(c.feature()).index();
          maxShap = Math.max(maxShap, check(contrib[i][off + f], c.weight(), SHAP_TOLERANCE, what + " SHAP " + c.feature() + " row " + i));
        }
        maxShap = Math.max(maxShap, check(contrib[i][off + cols], e.bias(), SHAP_TOLERANCE, what + " SHAP bias row " + i));
      }
    }
    models++;
    rowsCompared += rows.size();
  }

  static double check(double expected, double actual, double tolerance, String what) {
    double d = Math.abs(expected - actual);
    assertTrue(d <= tolerance, () -> what + ": expected " + expected + " but was " + actual + " (|diff| " + d + ")");
    return d;
  }
}
