package dev.scoring.rules;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.scoring.api.Features;
import dev.scoring.api.ModelSource;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerRegistry;
import dev.scoring.api.ScorerSpec;
import dev.scoring.testing.ScorerContract;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scorer contract with bytecode generation turned off (provider option {@code bytecode=false}). */
final class RulesScorerNodeTreeContractTest extends ScorerContract {

  @Override
  protected Scorer createScorer() {
    return ScorerRegistry.discover(getClass().getClassLoader()).load(ScorerSpec.builder("rules").id("scorecard")
        .source(ModelSource.bytes("scorecard.rules", RulesScorerContractTest.RULES.getBytes(StandardCharsets.UTF_8)))
        .schema(RandomRules.SCHEMA).option("clock", "2027-01-15T00:00:00Z").option("bytecode", "false").build());
  }

  @Override
  protected List<Features> sampleRows() {
    RandomRules gen = new RandomRules(7, false);
    List<Features> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      rows.add(gen.row());
    }
    return rows;
  }

  @Test
  void bytecodeIsOff() {
    assertFalse(((RulesScorer) scorer()).ruleSet().generated());
  }
}
