package dev.scoring.rules;

import static dev.scoring.rules.RuleLanguageTest.SCHEMA;
import static dev.scoring.rules.RuleLanguageTest.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.Action;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Java builder makes the same rule sets as rule text. */
final class RuleSetBuilderTest {

  static RuleSet built() {
    return RuleSet.builder(SCHEMA)
        .name("lead_routing").version("7").base(50)
        .list("strategic", "acc-1", "acc-2")
        .numberList("sizes", 1, 800)
        .group("named_accounts", HitPolicy.FIRST)
        .route("strategic", "account_id in strategic", "strategic-ae")
        .group("scorecard", HitPolicy.COLLECT_SUM)
        .points("big", 10, "company_size > 500", "large company")
        .points("freemail", -20, "email_domain ends with \"gmail.com\" ignoring case")
        .group("governance", HitPolicy.ALL)
        .review("close_date", "stage == \"Negotiation\" and close_date is missing", "missing close date")
        .flag("odd_size", "company_size in sizes", "odd size")
        .group("prio", HitPolicy.PRIORITY)
        .auto("fast", "company_size > 100", "fast-track").priority(1)
        .negative("dq", "company_size > 100 and email_domain contains \"spam\"", "disqualify").priority(5)
        .build();
  }

  static final String SAME_AS_TEXT = """
      ruleset lead_routing version "7"
      base 50
      list strategic = ("acc-1", "acc-2")
      list sizes = (1, 800)
      group named_accounts policy first
        strategic: route "strategic-ae" when account_id in strategic
      group scorecard policy collect-sum
        big: +10 when company_size > 500 because "large company"
        freemail: -20 when email_domain ends with "gmail.com" ignoring case
      group governance policy all
        close_date: review "missing close date" when stage == "Negotiation" and close_date is missing
        odd_size: flag "odd size" when company_size in sizes
      group prio policy priority
        fast: priority 1 auto "fast-track" when company_size > 100
        dq: priority 5 negative "disqualify" when company_size > 100 and email_domain contains "spam"
      """;

  @Test
  void builder_makesTheSameRuleSetAsText() {
    RuleSet fromText = RuleSet.loader(SCHEMA).parse("t", SAME_AS_TEXT);
    RuleSet b = built();
    assertEquals(fromText.ast(), b.ast());
    assertEquals(fromText.toText(), b.toText());
    assertEquals("7", b.version());
    assertTrue(b.generated());
    assertEquals(false, RuleSet.builder(SCHEMA).points("p", 1, "true").bytecode(false).build().generated());
    assertTrue(b.digest().startsWith("sha256:"));
    RuleEvaluation e = b.evaluate(row("company_size", 800, "email_domain", "spam@gmail.com", "stage", "Negotiation"),
        b.newEvaluation());
    assertEquals(50 + 10 - 20, e.points());
    assertEquals(Action.negative("disqualify"), e.decision());
    assertEquals(List.of("missing close date", "odd size"), e.flags());
  }

  @Test
  void builder_reportsEveryProblemAtBuild() {
    RuleFileException e = assertThrows(RuleFileException.class, () -> RuleSet.builder(SCHEMA)
        .points("a", 1, "size > 5")
        .points("b", 1, "company_size >")
        .route("c", "country == 5", "x")
        .build());
    assertEquals(1, e.problems().size(), "syntax errors stop before the schema check");
    assertEquals("builder:rules:2:15: rule 'b': expected a value: a feature name, number, string, true, false, "
        + "days_since(...), '(' or 'not' but found the end of the text", e.problems().get(0).toString());
    RuleFileException schema = assertThrows(RuleFileException.class, () -> RuleSet.builder(SCHEMA)
        .points("a", 1, "size > 5")
        .route("c", "country == 5", "x")
        .build());
    assertEquals(List.of(1, 2), schema.problems().stream().map(RuleProblem::line).toList());
  }

  @Test
  void builder_checksArgumentsEagerly() {
    RuleSetBuilder b = RuleSet.builder(SCHEMA);
    assertThrows(IllegalArgumentException.class, () -> b.name("bad name"));
    assertThrows(IllegalArgumentException.class, () -> b.version(" "));
    assertThrows(IllegalArgumentException.class, () -> b.base(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> b.list("l"));
    assertThrows(IllegalArgumentException.class, () -> b.numberList("l", Double.POSITIVE_INFINITY));
    assertThrows(IllegalArgumentException.class, () -> b.points("r", Double.NaN, "true"));
    assertThrows(IllegalArgumentException.class, () -> b.route("r", "true", ""));
    assertThrows(IllegalArgumentException.class, () -> b.route("1r", "true", "x"));
    assertThrows(IllegalStateException.class, () -> b.priority(1));
    assertThrows(IllegalStateException.class, () -> b.because("why"));
    RuleFileException prio = assertThrows(RuleFileException.class,
        () -> RuleSet.builder(SCHEMA).group("g", HitPolicy.FIRST).route("r", "true", "x").priority(3).build());
    assertTrue(prio.getMessage().contains("rule 'r' has a priority but group 'g' has policy first"));
  }
}
