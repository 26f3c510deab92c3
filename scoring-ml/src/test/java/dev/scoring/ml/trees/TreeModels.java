package dev.scoring.ml.trees;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.ModelSource;
import dev.scoring.api.ScorerSpec;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;

/** Small models trained once per test run with the real libraries, for contract and format tests. */
final class TreeModels {

  private TreeModels() {}

  /** An XGBoost JSON model trained on {@code data} (categorical columns marked "c"). */
  static byte[] xgboost(RandomData data, String objective, int classes, int rounds) {
    return xgboost(data, objective, classes, rounds, 4);
  }

  /** {@link #xgboost(RandomData, String, int, int)} with trees up to {@code maxDepth} deep. */
  static byte[] xgboost(RandomData data, String objective, int classes, int rounds, int maxDepth) {
    try {
      DMatrix m = new DMatrix(data.x, data.rows, data.cols, Float.NaN);
      m.setLabel(data.label);
      m.setFeatureNames(data.names);
      String[] types = new String[data.cols];
      for (int c = 0; c < data.cols; c++) {
        types[c] = data.categorical[c] ? "c" : "q";
      }
      m.setFeatureTypes(types);
      Map<String, Object> p = new HashMap<>();
      p.put("objective", objective);
      p.put("nthread", 1);
      p.put("verbosity", 0);
      p.put("tree_method", "hist");
      p.put("max_depth", maxDepth);
      if (classes > 1) {
        p.put("num_class", classes);
      }
      Booster b = XGBoost.train(m, p, rounds, new HashMap<>(), null, null);
      byte[] json = b.toByteArray("json");
      b.dispose();
      m.dispose();
      return json;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** A LightGBM text model trained on {@code data}. */
  static String lightgbm(RandomData data, String params, int rounds) {
    try (LGBMDataset ds = LGBMDataset.createFromMat(data.asDouble(), data.rows, data.cols, true, params, null)) {
      ds.setField("label", data.label);
      ds.setFeatureNames(data.names);
      try (LGBMBooster b = LGBMBooster.create(ds, params)) {
        for (int i = 0; i < rounds; i++) {
          b.updateOneIter();
        }
        return b.saveModelToString(0, 0, LGBMBooster.FeatureImportanceType.SPLIT);
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static ScorerSpec spec(String type, String name, byte[] bytes, FeatureSchema schema) {
    return ScorerSpec.builder(type).id("trees-" + type).source(ModelSource.bytes(name, bytes)).schema(schema).build();
  }

  static ScorerSpec spec(String type, String name, String text, FeatureSchema schema) {
    return spec(type, name, text.getBytes(StandardCharsets.UTF_8), schema);
  }
}
