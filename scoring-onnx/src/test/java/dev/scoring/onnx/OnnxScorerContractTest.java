package dev.scoring.onnx;

import dev.scoring.api.Features;
import dev.scoring.api.Scorer;
import dev.scoring.testing.ScorerContract;
import java.util.List;

/** The scorer contract on the generated MLP, loaded through the registry. */
final class OnnxScorerContractTest extends ScorerContract {

  @Override
  protected Scorer createScorer() {
    return Fixtures.bytes(OnnxGeneratedModelsTest.MLP.bytes(), OnnxGeneratedModelsTest.MLP_SCHEMA, OnnxGeneratedModelsTest.mlpOptions());
  }

  @Override
  protected List<Features> sampleRows() {
    return OnnxGeneratedModelsTest.mlpRows(30, 21);
  }
}
