package dev.scoring.ml.logistic;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ModelException;
import dev.scoring.api.RecordException;
import dev.scoring.api.Scorer;
import dev.scoring.ml.calibration.PlattCalibrator;
import dev.scoring.testing.ModelFileDamage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * No model file crashes the logistic reader: the binary (Platt-calibrated) and softmax model files,
 * damaged at random, either load and score the sample rows (a {@link RecordException} for a row
 * counts as handled) or fail with a {@link ModelException}.
 */
class LogisticModelFuzzTest {

  @Test
  void damagedModelFiles_loadOrFailWithModelException() {
    List<byte[]> files = List.of(Fixtures.binary().withCalibration(new PlattCalibrator(0.9, -0.1, true, 1000)).toJson(),
        Fixtures.softmax().toJson());
    FeatureSchema schema = Fixtures.bank().schema;
    List<Features> rows = Fixtures.sampleRows().subList(0, 8);
    qt().withFixedSeed(ModelFileDamage.seed()).withExamples(ModelFileDamage.examples(1_000))
        .forAll(integers().between(0, files.size() - 1), longs().all())
        .check((k, seed) -> {
          byte[] damaged = ModelFileDamage.damage(files.get(k), true, new Random(seed));
          return ModelFileDamage.loadsOrFailsClearly("model " + k + " seed " + seed, () -> {
            Scorer s = LogisticModel.read(damaged, "damaged.json").scorer("fuzz", schema);
            for (Features row : rows) {
              ModelFileDamage.use(s, row, true);
            }
          });
        });
  }
}
