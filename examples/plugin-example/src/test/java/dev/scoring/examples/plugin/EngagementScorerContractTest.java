package dev.scoring.examples.plugin;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ScorerRegistry;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerSpec;
import dev.scoring.testing.ScorerContract;
import java.util.ArrayList;
import java.util.List;

final class EngagementScorerContractTest extends ScorerContract {

  private static final FeatureSchema SCHEMA =
      FeatureSchema.builder().number("email_opens").number("web_visits").bool("demo_requested").category("country").build();

  @Override
  protected Scorer createScorer() {
    return ScorerRegistry.discover(getClass().getClassLoader()).load(ScorerSpec.builder("engagement").schema(SCHEMA)
        .option("weights", "email_opens:0.25, web_visits:0.15, demo_requested:1.5").option("intercept", "-2.5").build());
  }

  @Override
  protected List<Features> sampleRows() {
    List<Features> rows = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      rows.add(Features.builder(SCHEMA).set("email_opens", i % 7).set("web_visits", i * 3 % 11)
          .set("demo_requested", i % 3 == 0).set("country", i % 2 == 0 ? "US" : null).build());
    }
    return rows;
  }
}
