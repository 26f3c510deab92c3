package dev.scoring.ml.trees;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import com.microsoft.ml.lightgbm.PredictionType;
import dev.scoring.api.Contribution;
import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ModelSource;
import dev.scoring.api.Score;
import dev.scoring.api.ScorerSpec;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import io.github.metarank.lightgbm4j.LGBMException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Parity with LightGBM (through lightgbm4j): random models trained in the test on random data with
 * missing values, zeros and categorical features, saved as text and as the JSON dump, imported and compared with
 * LightGBM's own predictions, raw scores, leaf indexes and SHAP contributions.
 */
final class LightGbmParityTest {

  static final String[] OBJECTIVES = {
      "binary", "multiclass", "multiclassova", "regression", "regression_l1", "huber", "poisson", "tweedie",
      "cross_entropy", "quantile"};
  static final double TOLERANCE = 1e-6;
  static final double SHAP_TOLERANCE = 1e-5;

  static double maxPrediction;
  static double maxShap;
  static int models;
  static long rowsCompared;

  @AfterAll
  static void report() {
    System.out.printf("LightGBM parity: %d models, %d rows, max |diff| prediction/raw %.3g, SHAP %.3g%n",
        models, rowsCompared, maxPrediction, maxShap);
  }

  @Test
  void gbdt_matchesLightGbm() {
    qt().withExamples(10).withFixedSeed(21).forAll(integers().between(0, 1_000_000))
        .check(seed -> parity(seed, "gbdt", false, false));
  }

  @Test
  void categoricalSplits_matchLightGbm() {
    qt().withExamples(5).withFixedSeed(22).forAll(integers().between(0, 1_000_000))
        .check(seed -> parity(seed, "gbdt", true, false));
  }

  @Test
  void randomForest_and_dart_matchLightGbm() {
    qt().withExamples(4).withFixedSeed(23).forAll(integers().between(0, 1_000_000))
        .check(seed -> parity(seed, seed % 2 == 0 ? "rf" : "dart", seed % 3 == 0, false));
  }

  @Test
  void linearTrees_matchLightGbm() {
    qt().withExamples(3).withFixedSeed(24).forAll(integers().between(0, 1_000_000))
        .check(seed -> parity(seed, "gbdt", false, true));
  }

  @Test
  void iterationsOption_matchesNumIteration() throws Exception {
    RandomData d = new RandomData(51, 800, 5, 0.1, 0, 3, 3, "multi");
    String text = TreeModels.lightgbm(d, "objective=multiclass num_class=3 verbose=-1 num_threads=1 min_data_in_leaf=10", 20);
    double[] expected;
    try (LightGbmOracle oracle = new LightGbmOracle(text)) {
      expected = oracle.predict(d.asDouble(), d.rows, d.cols, PredictionType.C_API_PREDICT_NORMAL, 6);
    }
    FeatureSchema schema = d.schema(false);
    TreeScorer s = (TreeScorer) new LightGbmProvider().create(ScorerSpec.builder("lightgbm")
        .source(ModelSource.bytes("six.txt", text.getBytes(StandardCharsets.UTF_8))).schema(schema)
        .option("iterations", "6").build());
    List<Features> rows = d.features(schema);
    for (int i = 0; i < rows.size(); i++) {
      Score score = s.score(rows.get(i));
      for (int k = 0; k < 3; k++) {
        XGBoostParityTest.check(expected[i * 3 + k], score.classProbability(k), TOLERANCE, "first 6 iterations, row " + i);
      }
    }
  }

  static boolean parity(int seed, String boosting, boolean categorical, boolean linear) {
    try {
      return parityOrThrow(seed, boosting, categorical, linear);
    } catch (LGBMException e) {
      throw new AssertionError(e);
    }
  }

  static boolean parityOrThrow(int seed, String boosting, boolean categorical, boolean linear) throws LGBMException {
    Random r = new Random(seed);
    return parityOrThrow(r, seed, OBJECTIVES[r.nextInt(OBJECTIVES.length)], boosting, categorical, linear);
  }

  /**
   * Every other supported objective, two seeds each: Fair, MAPE and Gamma regression, cross-entropy
   * with its lambda parameterisation, the square-root regression, and the ranking objectives (query
   * groups of 20 rows, relevance 0-3).
   */
  @Test
  void otherObjectives_matchLightGbm() throws LGBMException {
    String[] objectives = {"fair", "mape", "gamma", "cross_entropy_lambda", "regression reg_sqrt=true", "lambdarank",
        "rank_xendcg"};
    for (String objective : objectives) {
      for (int seed = 1; seed <= 2; seed++) {
        parityOrThrow(new Random(seed), 100 * seed + objective.length(), objective, "gbdt", false, false);
      }
    }
  }

  /** GOSS sampling (LightGBM 4 spells it {@code data_sample_strategy=goss}; {@code boosting=goss} still works). */
  @Test
  void goss_matchesLightGbm() throws LGBMException {
    for (int seed = 1; seed <= 2; seed++) {
      parityOrThrow(new Random(seed), 300 + seed, "binary data_sample_strategy=goss", "gbdt", seed == 2, false);
    }
  }

  /** Trains a model for {@code objective} (which may carry more parameters after a space) and compares it. */
  static boolean parityOrThrow(Random r, int seed, String objective, String boosting, boolean categorical, boolean linear)
      throws LGBMException {
    boolean multi = objective.startsWith("multiclass");
    boolean rank = objective.equals("lambdarank") || objective.equals("rank_xendcg");
    int classes = multi ? 3 + r.nextInt(2) : 1;
    String task = multi ? "multi" : objective.equals("poisson") || objective.equals("tweedie") || objective.equals("gamma")
        || rank ? "count" : objective.startsWith("binary") || objective.startsWith("cross_entropy") ? "binary" : "reg";
    int cols = 3 + r.nextInt(6);
    int catCols = categorical ? 1 + r.nextInt(2) : 0;
    RandomData data = new RandomData(seed, rank ? 1000 : 1000 + r.nextInt(1000), cols, r.nextDouble() * 0.25, catCols,
        3 + r.nextInt(30), classes, task);
    if (objective.equals("gamma") || rank) {
      for (int i = 0; i < data.rows; i++) {
        data.label[i] = rank ? Math.min(3, data.label[i]) : data.label[i] + 1;
      }
    }
    double[] x = data.asDouble();
    StringBuilder p = new StringBuilder("objective=" + objective + " boosting=" + boosting + " verbose=-1 num_threads=1 seed=" + seed
        + " deterministic=true min_data_in_leaf=" + (5 + r.nextInt(20)) + " num_leaves=" + (2 + r.nextInt(30))
        + " learning_rate=" + (0.05 + r.nextDouble() * 0.3) + " max_bin=" + (16 + r.nextInt(240)));
    if (multi) {
      p.append(" num_class=").append(classes);
    }
    if (boosting.equals("rf")) {
      p.append(" bagging_fraction=0.7 bagging_freq=1 feature_fraction=0.8");
    }
    if (r.nextInt(3) == 0) {
      p.append(" zero_as_missing=true");
    }
    if (r.nextInt(4) == 0) {
      p.append(" use_missing=false");
    }
    if (categorical) {
      StringBuilder cats = new StringBuilder();
      for (int c = 0; c < catCols; c++) {
        cats.append(c == 0 ? "" : ",").append(c);
      }
      p.append(" categorical_feature=").append(cats).append(" min_data_per_group=5 cat_smooth=1 max_cat_to_onehot=")
          .append(r.nextBoolean() ? 4 : 32);
    }
    if (linear) {
      p.append(" linear_tree=true");
    }
    String params = p.toString();
    LGBMDataset ds = LGBMDataset.createFromMat(x, data.rows, cols, true, params, null);
    ds.setField("label", data.label);
    ds.setFeatureNames(data.names);
    if (rank) {
      int[] groups = new int[data.rows / 20];
      java.util.Arrays.fill(groups, 20);
      ds.setField("group", groups);
    }
    LGBMBooster b = LGBMBooster.create(ds, params);
    int rounds = 3 + r.nextInt(25);
    for (int i = 0; i < rounds; i++) {
      if (b.updateOneIter()) {
        break;
      }
    }
    String text = b.saveModelToString(0, 0, LGBMBooster.FeatureImportanceType.SPLIT);
    double[] pred;
    double[] raw;
    double[] leaves;
    double[] contrib;
    String json;
    try (LightGbmOracle oracle = new LightGbmOracle(text)) {
      json = oracle.dumpJson();
      pred = oracle.predict(x, data.rows, cols, PredictionType.C_API_PREDICT_NORMAL);
      raw = oracle.predict(x, data.rows, cols, PredictionType.C_API_PREDICT_RAW_SCORE);
      leaves = oracle.predict(x, data.rows, cols, PredictionType.C_API_PREDICT_LEAF_INDEX);
      contrib = linear || boosting.equals("rf") ? null : oracle.predict(x, data.rows, cols, PredictionType.C_API_PREDICT_CONTRIB);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    b.close();
    ds.close();

    FeatureSchema schema = data.schema(categorical && r.nextBoolean());
    TreeScorer scorer = (TreeScorer) new LightGbmProvider().create(ScorerSpec.builder("lightgbm").id("parity")
        .source(ModelSource.bytes("seed-" + seed + ".txt", text.getBytes(StandardCharsets.UTF_8))).schema(schema).build());
    // the same model from its JSON dump
    TreeScorer fromJson = (TreeScorer) new LightGbmProvider().create(ScorerSpec.builder("lightgbm").id("parity-json")
        .source(ModelSource.bytes("seed-" + seed + ".json", json.getBytes(StandardCharsets.UTF_8))).schema(schema).build());
    List<Features> rows = data.features(schema);
    String what = "seed " + seed + " " + params;
    double[] values = new double[rows.size()];
    scorer.scoreBatch(rows, values);
    int trees = leaves.length / data.rows;
    assertEquals(0, trees % classes, what);
    for (int i = 0; i < rows.size(); i++) {
      Features row = rows.get(i);
      Score s = scorer.score(row);
      double[] ms = scorer.margins(row);
      for (int k = 0; k < classes; k++) {
        // LightGBM's raw_score is the plain sum even with average_output; its prediction (and our margin) is the average
        double expectedRaw = boosting.equals("rf") ? raw[i * classes + k] / (trees / classes) : raw[i * classes + k];
        maxPrediction = Math.max(maxPrediction, XGBoostParityTest.check(expectedRaw, ms[k], TOLERANCE, what + " raw row " + i));
        double ours = multi ? s.classProbability(k) : s.value();
        maxPrediction = Math.max(maxPrediction, XGBoostParityTest.check(pred[i * classes + k], ours, TOLERANCE, what + " row " + i));
      }
      assertEquals(s.value(), values[i], 0.0, what + " batch row " + i);
      double[] jsonMargins = fromJson.margins(row);
      for (int k = 0; k < classes; k++) {
        double expectedRaw = boosting.equals("rf") ? raw[i * classes + k] / (trees / classes) : raw[i * classes + k];
        maxPrediction = Math.max(maxPrediction, XGBoostParityTest.check(expectedRaw, jsonMargins[k], TOLERANCE, what + " JSON dump raw row " + i));
      }
      assertEquals(s.value(), fromJson.score(row).value(), TOLERANCE, what + " JSON dump row " + i);
      assertArrayEquals(scorer.leaves(row), fromJson.leaves(row), what + " JSON dump leaves row " + i);
      int[] ours = scorer.leaves(row);
      assertEquals(trees, ours.length, what);
      for (int t = 0; t < trees; t++) {
        assertEquals((int) leaves[i * trees + t], ours[t], what + " leaf of tree " + t + " row " + i);
      }
      if (linear && i % 8 == 0) {
        Explanation e = scorer.explain(row);
        XGBoostParityTest.check(ms[multi ? Integer.parseInt(s.label()) : 0], e.margin(), 1e-9, what + " linear-tree SHAP sum row " + i);
      }
      if (contrib != null && i % 4 == 0) {
        Explanation e = scorer.explain(row);
        int group = multi ? Integer.parseInt(s.label()) : 0;
        int off = (i * classes + group) * (cols + 1);
        for (Contribution c : e.contributions()) {
          int f = schema.feature(c.feature()).index();
          maxShap = Math.max(maxShap, XGBoostParityTest.check(contrib[off + f], c.weight(), SHAP_TOLERANCE, what + " SHAP " + c.feature() + " row " + i));
        }
        maxShap = Math.max(maxShap, XGBoostParityTest.check(contrib[off + cols], e.bias(), SHAP_TOLERANCE, what + " SHAP bias row " + i));
      }
    }
    models++;
    rowsCompared += rows.size();
    return true;
  }
}
