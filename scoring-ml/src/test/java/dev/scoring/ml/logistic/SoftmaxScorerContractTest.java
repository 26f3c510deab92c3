package dev.scoring.ml.logistic;

import dev.scoring.api.Features;
import dev.scoring.api.ModelSource;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerRegistry;
import dev.scoring.api.ScorerSpec;
import dev.scoring.testing.ScorerContract;
import java.util.List;

/** The scorer contract for a softmax (three-class) logistic model loaded through the registry. */
final class SoftmaxScorerContractTest extends ScorerContract {

  @Override
  protected Scorer createScorer() {
    return ScorerRegistry.discover(getClass().getClassLoader()).load(ScorerSpec.builder("logistic").id("poutcome")
        .source(ModelSource.bytes("poutcome.json", Fixtures.softmax().toJson())).schema(Fixtures.bank().schema).build());
  }

  @Override
  protected List<Features> sampleRows() {
    return Fixtures.sampleRows();
  }
}
