package dev.scoring.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.ModelException;
import dev.scoring.api.ScoreKind;
import dev.scoring.api.Scorer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The common options {@code version} and {@code max-bytes} are spelt as for every other provider; the kind is declared. */
final class OnnxCommonOptionsTest {

  private static Map<String, String> options(String... more) {
    Map<String, String> m = new HashMap<>(OnnxGeneratedModelsTest.mlpOptions());
    for (int i = 0; i < more.length; i += 2) {
      m.put(more[i], more[i + 1]);
    }
    return m;
  }

  @Test
  void versionAndMaxBytes_areTheCommonSpelling() {
    byte[] model = OnnxGeneratedModelsTest.MLP.bytes();
    try (Scorer s = Fixtures.bytes(model, OnnxGeneratedModelsTest.MLP_SCHEMA, options("version", "v9", "max-bytes", "100000000"))) {
      assertEquals("v9", s.provenance().modelVersion());
      assertEquals(ScoreKind.PROBABILITY, s.kind().orElseThrow());
    }
    ModelException old = assertThrows(ModelException.class,
        () -> Fixtures.bytes(model, OnnxGeneratedModelsTest.MLP_SCHEMA, options("model.version", "v9")));
    assertTrue(old.getMessage().contains("'model.version' is spelt 'version' for every provider"), old.getMessage());
    ModelException large = assertThrows(ModelException.class,
        () -> Fixtures.bytes(model, OnnxGeneratedModelsTest.MLP_SCHEMA, options("max-bytes", "16")));
    assertTrue(large.getMessage().contains("more than the limit of 16"), large.getMessage());
  }
}
