package dev.scoring.onnx;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ModelException;
import dev.scoring.api.RecordException;
import dev.scoring.api.Scorer;
import dev.scoring.testing.ModelFileDamage;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * No ONNX file makes the scorer fail badly: the generated MLP and the scikit-learn voting classifier
 * (ZipMap output), damaged at random, either load and score rows (a {@link RecordException} for a
 * row counts as handled) or fail with a {@link ModelException}. The seed is fixed: ONNX Runtime
 * parses the file in native code, so CI runs exactly the cases checked here (and more were run with
 * {@code -Dfuzz.examples=N}).
 */
final class OnnxModelFuzzTest {

  private static final FeatureSchema AB = FeatureSchema.builder().number("a").number("b").build();

  private record Case(byte[] bytes, FeatureSchema schema, Map<String, String> options) {}

  @Test
  void damagedModelFiles_loadOrFailWithModelException() {
    List<Case> cases = List.of(
        new Case(OnnxGeneratedModelsTest.MLP.bytes(), OnnxGeneratedModelsTest.MLP_SCHEMA, OnnxGeneratedModelsTest.mlpOptions()),
        new Case(Fixtures.resourceBytes("sklearn_bin_voting_classifier_soft.onnx"), AB, Map.of()));
    qt().withFixedSeed(ModelFileDamage.seed()).withExamples(ModelFileDamage.examples(400))
        .forAll(integers().between(0, cases.size() - 1), longs().all()).check((k, seed) -> {
          Case c = cases.get(k);
          Random r = new Random(seed);
          byte[] damaged = ModelFileDamage.damage(c.bytes(), false, r);
          return ModelFileDamage.loadsOrFailsClearly("case " + k + " seed " + seed, () -> {
            try (Scorer s = Fixtures.bytes(damaged, c.schema(), c.options())) {
              for (int n = 0; n < 4; n++) {
                Features.Builder row = Features.builder(c.schema());
                for (dev.scoring.api.Feature f : c.schema().features()) {
                  row.set(f.name(), f.type() == dev.scoring.api.FeatureType.NUMBER ? (Object) r.nextGaussian() : "x" + r.nextInt(3));
                }
                ModelFileDamage.use(s, row.build(), false);
              }
            }
          });
        });
  }
}
