package dev.scoring.ml.trees;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ModelException;
import dev.scoring.api.ModelSource;
import dev.scoring.api.MutableFeatures;
import dev.scoring.api.RecordException;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerSpec;
import dev.scoring.api.ScorerProvider;
import dev.scoring.testing.ModelFileDamage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.HashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No model file crashes the readers: real files of every format (XGBoost JSON, UBJSON and legacy
 * binary, LightGBM text and JSON dump) damaged at random (bytes overwritten, cut, spliced; numbers in text
 * replaced by extreme ones) either load, and then score rows without anything but a
 * {@link RecordException}, or fail with a {@link ModelException}. Never another exception, an
 * out-of-memory error or a hang (each case runs under a time limit).
 */
class ModelFileFuzzTest {

  private static final List<Case> CASES = new ArrayList<>();

  record Case(String name, String type, byte[] bytes, FeatureSchema schema, boolean text) {}

  @BeforeAll
  static void models() throws Exception {
    RandomData d = new RandomData(21, 600, 4, 0.1, 1, 6, 1, "binary");
    byte[] json = TreeModels.xgboost(d, "binary:logistic", 1, 6);
    FeatureSchema xs = d.schema(true);
    CASES.add(new Case("xgboost.json", "xgboost", json, xs, true));
    byte[] ubj = XGBoost.loadModel(json).toByteArray("ubj");
    CASES.add(new Case("xgboost.ubj", "xgboost", ubj, xs, false));
    RandomData m = new RandomData(22, 600, 3, 0.1, 0, 3, 3, "multi");
    CASES.add(new Case("softprob.json", "xgboost", TreeModels.xgboost(m, "multi:softprob", 3, 4), m.schema(false), true));
    CASES.add(new Case("multi_output_tree.json", "xgboost", multiOutputTrees(m), m.schema(false), true));
    CASES.add(new Case("xgagaricus.model", "xgboost", XGBoostLegacyFilesTest.bytes("trees/leaves/xgagaricus.model"),
        XGBoostLegacyFilesTest.schema(127), false));
    CASES.add(new Case("xgblin_agaricus.model", "xgboost", XGBoostLegacyFilesTest.bytes("trees/leaves/xgblin_agaricus.model"),
        XGBoostLegacyFilesTest.schema(127), false));
    String lgb = TreeModels.lightgbm(d, "objective=binary verbose=-1 num_threads=1 min_data_in_leaf=5 categorical_feature=0", 5);
    CASES.add(new Case("lightgbm.txt", "lightgbm", lgb.getBytes(StandardCharsets.UTF_8), d.schema(false), true));
    FeatureSchema.Builder iris = FeatureSchema.builder();
    for (int i = 0; i < 4; i++) {
      iris.number("Column_" + i);
    }
    CASES.add(new Case("lg_rf_iris.model", "lightgbm", XGBoostLegacyFilesTest.bytes("trees/leaves/lg_rf_iris.model"),
        iris.build(), true));
    CASES.add(new Case("lg_1tree.json", "lightgbm", XGBoostLegacyFilesTest.bytes("trees/leaves/lg_1tree.json"),
        FeatureSchema.builder().number("Column_0").number("Column_1").build(), true));
    // every case loads and scores before it is damaged
    for (Case c : CASES) {
      assertTrue(Double.isFinite(score(c, c.bytes(), new Random(1))), c.name());
    }
  }

  @Test
  void damagedModelFiles_loadOrFailWithModelException() {
    qt().withFixedSeed(ModelFileDamage.seed()).withExamples(ModelFileDamage.examples(1_500))
        .forAll(integers().between(0, CASES.size() - 1), longs().all())
        .check((k, seed) -> {
          Case c = CASES.get(k);
          Random r = new Random(seed);
          byte[] damaged = ModelFileDamage.damage(c.bytes(), c.text(), r);
          return ModelFileDamage.loadsOrFailsClearly(c.name() + " seed " + seed, () -> score(c, damaged, r));
        });
  }

  /** A multiclass model of multi-target trees (vector leaves), as XGBoost saves it. */
  private static byte[] multiOutputTrees(RandomData d) throws Exception {
    DMatrix m = XGBoostParityTest.matrix(d, false);
    Booster b = XGBoost.train(m, Map.of("objective", "multi:softprob", "num_class", 3, "multi_strategy", "multi_output_tree",
        "tree_method", "hist", "max_depth", 3, "nthread", 1, "verbosity", 0), 4, new HashMap<>(), null, null);
    byte[] json = b.toByteArray("json");
    b.dispose();
    m.dispose();
    return json;
  }

  /** Loads {@code bytes} and scores a few random rows; a {@link RecordException} while scoring counts as handled. */
  private static double score(Case c, byte[] bytes, Random r) {
    ScorerProvider provider = c.type().equals("xgboost") ? new XGBoostProvider() : new LightGbmProvider();
    Scorer s = provider.create(ScorerSpec.builder(c.type()).id("fuzz").source(ModelSource.bytes(c.name(), bytes))
        .schema(c.schema()).build());
    double last = 0;
    MutableFeatures row = Features.mutable(c.schema());
    for (int n = 0; n < 8; n++) {
      row.clear();
      for (int f = 0; f < c.schema().size(); f++) {
        if (r.nextInt(5) == 0) {
          continue;
        }
        if (c.schema().feature(f).type() == dev.scoring.api.FeatureType.CATEGORY) {
          row.setString(f, Integer.toString(r.nextInt(8)));
        } else {
          row.setNumber(f, r.nextGaussian() * 3);
        }
      }
      last = ModelFileDamage.use(s, row, true);
    }
    s.close();
    return last;
  }
}
