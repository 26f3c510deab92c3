package dev.scoring.onnx;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.ModelSource;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerRegistry;
import dev.scoring.api.ScorerSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** Loading helpers shared by the tests. */
final class Fixtures {

  private Fixtures() {}

  static final ScorerRegistry REGISTRY = ScorerRegistry.discover(Fixtures.class.getClassLoader());

  static Scorer load(ModelSource source, FeatureSchema schema, Map<String, String> options) {
    return REGISTRY.load(ScorerSpec.builder("onnx").id("test-model").source(source).schema(schema).options(options).build());
  }

  static Scorer resource(String name, FeatureSchema schema, Map<String, String> options) {
    return load(ModelSource.resource(Fixtures.class.getClassLoader(), "models/" + name), schema, options);
  }

  static Scorer bytes(byte[] model, FeatureSchema schema, Map<String, String> options) {
    return load(ModelSource.bytes("generated.onnx", model), schema, options);
  }

  static byte[] resourceBytes(String name) {
    try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream("models/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource models/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
