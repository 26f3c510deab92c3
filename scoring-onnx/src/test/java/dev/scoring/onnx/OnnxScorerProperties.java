package dev.scoring.onnx;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;

import dev.scoring.api.Features;
import dev.scoring.api.Scorer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Properties of the ONNX scorer on the generated MLP, over random records. */
final class OnnxScorerProperties {

  private static Scorer scorer;

  @BeforeAll
  static void load() {
    scorer = Fixtures.bytes(OnnxGeneratedModelsTest.MLP.bytes(), OnnxGeneratedModelsTest.MLP_SCHEMA, OnnxGeneratedModelsTest.mlpOptions());
  }

  @AfterAll
  static void close() {
    scorer.close();
  }

  private static Features row(double a, double b, double c, double d) {
    return Features.builder(OnnxGeneratedModelsTest.MLP_SCHEMA).set("a", a).set("b", b).set("c", c).set("d", d).build();
  }

  @Test
  void score_matchesTheForwardPass_andEveryPathAgrees() {
    qt().withExamples(200).forAll(doubles().between(-50, 50), doubles().between(-50, 50), doubles().between(-50, 50),
        doubles().between(-1e4, 1e4)).check((a, b, c, d) -> {
          Features row = row(a, b, c, d);
          double value = scorer.scoreValue(row);
          double[] batch = new double[2];
          scorer.scoreBatch(List.of(row, row), batch);
          return Math.abs(value - OnnxGeneratedModelsTest.MLP.forward(new double[] {a, b, c, d})) < 1e-6
              && value == scorer.score(row).value() && value == batch[0] && value == batch[1];
        });
  }
}
