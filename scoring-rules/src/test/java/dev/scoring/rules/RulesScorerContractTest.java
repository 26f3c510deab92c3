package dev.scoring.rules;

import dev.scoring.api.Features;
import dev.scoring.api.ModelSource;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerRegistry;
import dev.scoring.api.ScorerSpec;
import dev.scoring.testing.ScorerContract;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The scorer contract kit on a rule file loaded through the registry (type {@code rules}). */
final class RulesScorerContractTest extends ScorerContract {

  static final String RULES = """
      ruleset lead_scorecard version "4"
      base 50
      list codes = (2, 5, 7)

      group scorecard policy collect-sum
        big: +10 when n1 > 2 because "large company"
        small: -5 when n1 <= 0.5
        canada: +4 when country in ("CA") and segment == "SMB"
        gmail: -20 when email ends with "gmail.com" ignoring case because "free mail"
        coded: +3 when n2 in codes
        stale: -7 when days_since(changed) > 14
        inbound: +6 when inbound

      group routing policy first
        ca_smb: when country == "CA" and segment == "SMB" then route "canada-smb"
        strategic: route "strategic-ae" when `size.log` >= 3

      group governance policy all
        no_change: review "missing stage change" when changed is missing
      """;

  @Override
  protected Scorer createScorer() {
    return ScorerRegistry.discover(getClass().getClassLoader()).load(ScorerSpec.builder("rules").id("scorecard")
        .source(ModelSource.bytes("scorecard.rules", RULES.getBytes(StandardCharsets.UTF_8)))
        .schema(RandomRules.SCHEMA).option("clock", "2027-01-15T00:00:00Z").build());
  }

  @Override
  protected List<Features> sampleRows() {
    RandomRules gen = new RandomRules(42, false);
    List<Features> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      rows.add(gen.row());
    }
    return rows;
  }
}
