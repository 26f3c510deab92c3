package dev.scoring.ml.trees;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.ModelException;
import dev.scoring.api.ModelSource;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerRegistry;
import dev.scoring.api.ScorerSpec;
import dev.scoring.ml.logistic.LogisticModel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The common options ({@code version}, {@code missing}, {@code max-bytes}) are spelt and mean the same for the ML providers. */
final class CommonOptionsTest {

  private static final RandomData DATA = new RandomData(3, 200, 4, 0.1, 0, 0, 1, "binary");
  private static final FeatureSchema SCHEMA = DATA.schema(false);
  private static final ScorerRegistry REGISTRY = ScorerRegistry.discover(CommonOptionsTest.class.getClassLoader());

  private static Scorer load(String type, byte[] model, Map<String, String> options) {
    return REGISTRY.load(ScorerSpec.builder(type).source(ModelSource.bytes("m", model)).schema(SCHEMA).options(options).build());
  }

  @Test
  void theJavadocExample_missingNan_loadsAnXGBoostModel() {
    byte[] model = TreeModels.xgboost(DATA, "binary:logistic", 1, 5);
    Scorer s = load("xgboost", model, Map.of("missing", "nan", "version", "7"));
    assertEquals("7", s.provenance().modelVersion());
    Scorer byDefault = load("xgboost", model, Map.of());
    assertEquals(byDefault.score(DATA.features(SCHEMA).get(0)).value(), s.score(DATA.features(SCHEMA).get(0)).value());
    ModelException reject = assertThrows(ModelException.class, () -> load("xgboost", model, Map.of("missing", "reject")));
    assertTrue(reject.getMessage().contains("must be one of [model, nan]"), reject.getMessage());
  }

  @Test
  void versionAndMaxBytes_areTheSameForEveryMlProvider() {
    byte[] xgb = TreeModels.xgboost(DATA, "binary:logistic", 1, 5);
    byte[] lgb = TreeModels.lightgbm(DATA, "objective=binary verbose=-1", 5).getBytes(StandardCharsets.UTF_8);
    byte[] lr = logistic();
    for (var model : Map.of("xgboost", xgb, "lightgbm", lgb, "logistic", lr).entrySet()) {
      Scorer s = load(model.getKey(), model.getValue(), Map.of("version", "2026-q4", "max-bytes", "100000000"));
      assertEquals("2026-q4", s.provenance().modelVersion(), model.getKey());
      ModelException tooLarge = assertThrows(ModelException.class, () -> load(model.getKey(), model.getValue(), Map.of("max-bytes", "10")));
      assertTrue(tooLarge.getMessage().contains("more than the limit of 10"), tooLarge.getMessage());
      ModelException respelt = assertThrows(ModelException.class,
          () -> load(model.getKey(), model.getValue(), Map.of("model.version", "3")));
      assertTrue(respelt.getMessage().contains("'model.version' is spelt 'version' for every provider"), respelt.getMessage());
    }
    ModelException oldTrees = assertThrows(ModelException.class, () -> load("xgboost", xgb, Map.of("max_bytes", "100")));
    assertTrue(oldTrees.getMessage().contains("'max_bytes' is spelt 'max-bytes'"), oldTrees.getMessage());
  }

  private static byte[] logistic() {
    LogisticModel m = dev.scoring.ml.logistic.LogisticTrainer.builder().build()
        .train(DATA.features(SCHEMA), labels(DATA.label));
    return m.toJson();
  }

  private static java.util.List<String> labels(float[] labels) {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (float l : labels) {
      out.add(l > 0.5f ? "yes" : "no");
    }
    return out;
  }
}
