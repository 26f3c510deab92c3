package dev.scoring.api;

import dev.scoring.testing.ScorerContract;
import java.util.List;

/** Runs the contract kit on a trivial scorer, so the kit itself is exercised in this module. */
final class ConstantScorerContractTest extends ScorerContract {
  private static final FeatureSchema SCHEMA = FeatureSchema.builder().number("x").build();

  @Override
  protected Scorer createScorer() {
    return new ConstantScorer(ScorerSpec.builder("constant").schema(SCHEMA).build(), 0.3);
  }

  @Override
  protected List<Features> sampleRows() {
    return List.of(Features.builder(SCHEMA).build(), Features.builder(SCHEMA).set("x", 2).build());
  }
}
