package dev.scoring.ml.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.decision.RuleOutcome;
import dev.scoring.rules.RuleSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lookup as a pipeline stage in front of a rule file that routes on the matched account. */
final class AccountMatchStageTest {

  private static final FeatureSchema LEADS = FeatureSchema.builder().text("company").text("website").number("employees").build();
  private static final List<MatchRecord> ACCOUNTS = Accounts.table(2000, 21);
  private static final MatchIndex INDEX = MatchIndex.build(Accounts.trained(ACCOUNTS, 21), ACCOUNTS);

  private static final String RULES = """
      group named_accounts policy first
        strategic: route "strategic-ae" when matched_tier == "strategic" and match_probability >= 0.9
        maybe_strategic: review "possible strategic account" when matched_tier == "strategic" and match_probability >= 0.6
      """;

  private static AccountMatchStage stage() {
    FeatureSchema enriched = AccountMatchStage.enrichedSchema(LEADS, List.of("tier", "owner"));
    RuleSet rules = RuleSet.loader(enriched).parse("routing.rules", RULES);
    return AccountMatchStage.builder(LEADS, INDEX).field("company", "company").field("domain", "website")
        .attribute("tier").attribute("owner").thresholds(0.6, 0.9).build(rules);
  }

  @Test
  void aStrongMatchOfAStrategicAccountRoutesToTheStrategicTeam() {
    AccountMatchStage stage = stage();
    Features lead = Features.of(LEADS, Map.of("company", "Acme Incorporated", "website", "acme.com", "employees", 40));
    Features enriched = stage.enrich(lead);
    assertEquals("A-1", enriched.string(enriched.schema().feature("matched_account_id").index()));
    assertEquals("strategic", enriched.string(enriched.schema().feature("matched_tier").index()));
    assertEquals("dana@seller.example", enriched.string(enriched.schema().feature("matched_owner").index()));
    assertEquals(AccountMatchStage.STRONG, enriched.string(enriched.schema().feature("match_band").index()));
    RuleOutcome outcome = stage.evaluate(lead);
    RuleOutcome.Decide decide = assertInstanceOf(RuleOutcome.Decide.class, outcome);
    assertEquals("route strategic-ae", decide.action().describe());
    assertEquals("account-match", decide.fired().get(0).name());
    assertTrue(decide.fired().get(0).outcome().startsWith("matched A-1"), decide.fired().get(0).outcome());
  }

  @Test
  void aWeakMatchNeverDecidesOnItsOwn() {
    // a stage whose strong threshold no match reaches: the rule that would route becomes a review flag
    FeatureSchema enriched = AccountMatchStage.enrichedSchema(LEADS, List.of("tier"));
    RuleSet routeAnyMatch = RuleSet.loader(enriched).parse("any.rules", """
        group g policy first
          any: route "strategic-ae" when matched_tier == "strategic"
        """);
    AccountMatchStage stage = AccountMatchStage.builder(LEADS, INDEX).field("company", "company").field("domain", "website")
        .attribute("tier").thresholds(0.6, 1.0).build(routeAnyMatch);
    RuleOutcome outcome = stage.evaluate(Features.of(LEADS, Map.of("company", "Acme Incorporated", "website", "acme.com")));
    RuleOutcome.Adjust adjust = assertInstanceOf(RuleOutcome.Adjust.class, outcome);
    assertEquals(1, adjust.reviewFlags().size());
    assertTrue(adjust.reviewFlags().get(0).startsWith("weak account match A-1"), adjust.reviewFlags().toString());
  }

  @Test
  void noMatchLeavesTheMatchFeaturesMissing() {
    AccountMatchStage stage = stage();
    Features lead = Features.of(LEADS, Map.of("company", "Zzyzx Quarries", "website", "zzyzx-quarries.example"));
    Features enriched = stage.enrich(lead);
    assertTrue(enriched.isMissing(enriched.schema().feature("matched_account_id").index()));
    assertEquals(AccountMatchStage.NONE, enriched.string(enriched.schema().feature("match_band").index()));
    assertInstanceOf(RuleOutcome.Pass.class, stage.evaluate(lead));
  }

  @Test
  void theIndexCanBeSwapped() {
    AccountMatchStage stage = stage();
    MatchIndex other = MatchIndex.build(INDEX.matcher(), List.of(
        MatchRecord.of("B-9", "company", "Acme Incorporated", "domain", "acme.com", "tier", "standard", "owner", "x")));
    stage.swap(other);
    Features enriched = stage.enrich(Features.of(LEADS, Map.of("company", "ACME Inc.", "website", "acme.com")));
    assertEquals("B-9", enriched.string(enriched.schema().feature("matched_account_id").index()));
    // a standard account: no routing rule fires, the match is still recorded as the first fired rule
    RuleOutcome outcome = stage.evaluate(Features.of(LEADS, Map.of("company", "ACME Inc.", "website", "acme.com")));
    RuleOutcome.Adjust adjust = assertInstanceOf(RuleOutcome.Adjust.class, outcome);
    assertTrue(adjust.reviewFlags().isEmpty());
    assertTrue(adjust.fired().get(0).outcome().startsWith("matched B-9"), adjust.fired().toString());
  }
}
