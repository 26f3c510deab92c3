package dev.scoring.testing;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.Scorer;
import java.util.List;

/** Runs the contract kit on a trivial scorer, so the kit itself is exercised in its own module. */
final class LinearScorerContractTest extends ScorerContract {
  private static final FeatureSchema SCHEMA = FeatureSchema.builder().number("x").build();

  @Override
  protected Scorer createScorer() {
    return new LinearScorer(SCHEMA);
  }

  @Override
  protected List<Features> sampleRows() {
    return List.of(Features.builder(SCHEMA).build(), Features.builder(SCHEMA).set("x", 2).build(),
        Features.builder(SCHEMA).set("x", -3.5).build());
  }
}
