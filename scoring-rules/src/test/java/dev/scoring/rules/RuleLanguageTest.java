package dev.scoring.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.RecordException;
import dev.scoring.api.Action;
import dev.scoring.decision.RuleOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Examples of every construct of the rule language and of its evaluation semantics. */
final class RuleLanguageTest {

  static final FeatureSchema SCHEMA = FeatureSchema.builder()
      .number("company_size").number("amount").category("country").category("segment").text("email_domain")
      .category("account_id").category("stage").timestamp("close_date").timestamp("last_stage_change")
      .bool("inbound").number("when_").build();

  static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  static RuleSet parse(String text) {
    return RuleSet.loader(SCHEMA).clock(CLOCK).parse("test.rules", text);
  }

  static Features row(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return Features.of(SCHEMA, m);
  }

  static final Features FULL = row("company_size", 800, "amount", 1200, "country", "CA", "segment", "SMB",
      "email_domain", "Ops@GMail.com", "account_id", "acc-2", "stage", "Negotiation",
      "close_date", NOW.minusSeconds(3 * 86_400), "last_stage_change", NOW.minusSeconds(15 * 86_400), "inbound", true,
      "when_", 3);
  static final Features EMPTY = row();

  static boolean fires(String condition, Features row) {
    return parse("r: +1 when " + condition).points(row) == 1.0;
  }

  static Stream<Arguments> conditions() {
    return Stream.of(
        // condition, on FULL, on EMPTY (every feature missing)
        Arguments.of("company_size > 500", true, false),
        Arguments.of("company_size >= 800", true, false),
        Arguments.of("company_size < 800", false, false),
        Arguments.of("company_size <= 800", true, false),
        Arguments.of("company_size == 800", true, false),
        Arguments.of("company_size != 800", false, false),
        Arguments.of("company_size != 5", true, false),
        Arguments.of("500 < company_size", true, false),
        Arguments.of("company_size between 800 and 900", true, false),
        Arguments.of("company_size between 100 and 799.5", false, false),
        Arguments.of("company_size in (1, 800)", true, false),
        Arguments.of("company_size not in (1, 800)", false, false),
        Arguments.of("company_size not in (1, 2)", true, false),
        Arguments.of("country == \"CA\"", true, false),
        Arguments.of("country != \"US\"", true, false),
        Arguments.of("\"CA\" == country", true, false),
        Arguments.of("country == segment", false, false),
        Arguments.of("country in (\"CA\", \"US\")", true, false),
        Arguments.of("country not in (\"US\")", true, false),
        Arguments.of("email_domain ends with \"gmail.com\"", false, false),
        Arguments.of("email_domain ends with \"gmail.com\" ignoring case", true, false),
        Arguments.of("email_domain starts with \"ops@\" ignoring case", true, false),
        Arguments.of("email_domain starts with \"Ops@\"", true, false),
        Arguments.of("email_domain contains \"mail\"", false, false),
        Arguments.of("email_domain contains \"MAIL\" ignoring case", true, false),
        Arguments.of("close_date is missing", false, true),
        Arguments.of("close_date is not missing", true, false),
        Arguments.of("country is missing", false, true),
        Arguments.of("inbound is missing", false, true),
        Arguments.of("company_size is not missing", true, false),
        Arguments.of("inbound", true, false),
        Arguments.of("not inbound", false, true),
        Arguments.of("inbound == true", true, false),
        Arguments.of("inbound != true", false, false),
        Arguments.of("true", true, true),
        Arguments.of("false", false, false),
        Arguments.of("not (company_size > 5)", false, true),
        Arguments.of("company_size > 5 and country == \"CA\"", true, false),
        Arguments.of("company_size > 5000 or country == \"CA\"", true, false),
        Arguments.of("company_size > 5000 or country == \"CA\" and segment == \"ENT\"", false, false),
        Arguments.of("(company_size > 5000 or country == \"CA\") and segment == \"SMB\"", true, false),
        Arguments.of("amount / company_size == 1.5", true, false),
        Arguments.of("1 + 2 * 3 == 7", true, true),
        Arguments.of("(1 + 2) * 3 == 9", true, true),
        Arguments.of("10 - 4 - 3 == 3", true, true),
        Arguments.of("-company_size == -800", true, false),
        Arguments.of("-(company_size) < 0", true, false),
        Arguments.of("amount / (company_size - 800) is missing", true, true),
        Arguments.of("amount * 2 > company_size + 1000", true, false),
        Arguments.of("days_since(last_stage_change) > 14", true, false),
        Arguments.of("days_since(last_stage_change) between 14.9 and 15.1", true, false),
        Arguments.of("days_since(close_date) > 14", false, false),
        Arguments.of("days_since(close_date) is missing", false, true),
        Arguments.of("`when_` == 3", true, false),
        Arguments.of("stage == \"Negotiation\" and close_date is missing", false, false),
        Arguments.of("country == 'CA'", true, false),
        Arguments.of("1e3 < company_size", false, false),
        Arguments.of(".5 < 1", true, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("conditions")
  void condition_evaluates(String condition, boolean onFull, boolean onEmpty) {
    assertEquals(onFull, fires(condition, FULL), "on the full row");
    assertEquals(onEmpty, fires(condition, EMPTY), "on the empty row");
  }

  @Test
  void strings_supportEscapesAndComments() {
    RuleSet rules = parse("""
        # a comment line
        r: +1 when account_id == "a\\"b\\\\c\\u00e9\\t" # trailing comment
        """);
    assertEquals(1.0, rules.points(row("account_id", "a\"b\\cé\t")));
    assertEquals(0.0, rules.points(row("account_id", "a\"b\\cé")));
  }

  @Test
  void lists_inlineAndFromFile(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("strategic.txt"), "# named accounts\nacc-1\n\n  acc-2  \n");
    Path file = dir.resolve("routing.rules");
    Files.writeString(file, """
        list strategic from "strategic.txt"
        list smb = ("SMB", "MID")
        list sizes = (1, 800)
        group routing policy first
          named: route "strategic-ae" when account_id in strategic
          smb: route "smb" when segment in smb and company_size in sizes
        """);
    RuleSet rules = RuleSet.loader(SCHEMA).load(file);
    RuleEvaluation e = rules.evaluate(row("account_id", "acc-2"), rules.newEvaluation());
    assertEquals(Action.route("strategic-ae"), e.decision());
    assertEquals("named", e.decidedBy());
    assertEquals(Action.route("smb"), rules.evaluate(row("segment", "SMB", "company_size", 1), rules.newEvaluation()).decision());
    assertNull(rules.evaluate(row("account_id", "acc-3"), rules.newEvaluation()).decision());
    assertTrue(rules.digest().startsWith("sha256:"));
  }

  static final String POLICIES = """
      ruleset policies version "2"
      base 100
      group first_group policy first
        a: route "A" when company_size > 100
        b: route "B" when company_size > 10
      group prio policy priority
        low: priority 1 flag "low" when company_size > 0
        high: priority 5 flag "high" when company_size > 0
        tie: priority 5 flag "tie" when company_size > 0
      group card policy collect-sum
        p1: +10 when company_size > 0
        p2: -3 when country == "CA"
        p3: +1000 when company_size > 10000
      group everything policy all
        f1: flag "f1" when company_size > 0
        d1: negative "disqualify" when company_size > 0
        f2: review "r2" when country == "CA"
      """;

  @Test
  void hitPolicies_fireAsDocumented() {
    RuleSet rules = parse(POLICIES);
    RuleEvaluation e = rules.evaluate(row("company_size", 50, "country", "CA"), rules.newEvaluation());
    assertEquals(List.of("b", "high", "p1", "p2", "f1", "d1", "f2"), e.firedRules().stream().map(f -> f.name()).toList());
    assertEquals(100 + 10 - 3, e.points());
    assertEquals(Action.route("B"), e.decision(), "the first decision wins");
    assertEquals(List.of("high", "f1", "r2"), e.flags());
    assertEquals(3, e.flagCount());
    assertEquals("2", rules.version());
    assertEquals("policies", rules.name());
    assertEquals(100.0, rules.base());
  }

  @Test
  void implicitGroup_usesThePolicyDeclarationAndNamesRules() {
    RuleSet rules = parse("""
        policy first
        +10 when company_size > 5
        when company_size > 1 then +5
        """);
    assertEquals(List.of("main-1", "main-2"), rules.ruleNames());
    assertEquals(10.0, rules.points(row("company_size", 10)));
    assertEquals(5.0, rules.points(row("company_size", 3)));
    assertTrue(rules.toText().contains("group main policy first"));
    RuleSet defaultAll = parse("+10 when company_size > 5\n+5 when company_size > 1");
    assertEquals(15.0, defaultAll.points(row("company_size", 10)), "without a policy declaration every rule fires");
  }

  @Test
  void ruleStage_decidesAdjustsOrPasses() {
    RuleSet rules = parse("""
        group routing policy first
          named: route "strategic-ae" when account_id == "acc-1"
        group card policy collect-sum
          big: +10 when company_size > 500 because "large company"
        group governance policy all
          close: review "missing close date" when stage == "Negotiation" and close_date is missing
        """);
    RuleOutcome decide = rules.evaluate(row("account_id", "acc-1"));
    RuleOutcome.Decide d = assertInstanceOf(RuleOutcome.Decide.class, decide);
    assertEquals(Action.route("strategic-ae"), d.action());
    assertEquals("named", d.fired().get(0).name());
    assertEquals("route strategic-ae", d.fired().get(0).outcome());

    RuleOutcome.Adjust a = assertInstanceOf(RuleOutcome.Adjust.class,
        rules.evaluate(row("company_size", 600, "stage", "Negotiation")));
    assertEquals(10.0, a.points());
    assertEquals(List.of("missing close date"), a.reviewFlags());
    assertEquals("+10 (large company)", a.fired().get(0).outcome());
    assertEquals("big: +10 when company_size > 500 because \"large company\"", a.fired().get(0).text());

    assertSame(RuleOutcome.pass(), rules.evaluate(row("company_size", 6)));

    RuleOutcome held = rules.evaluate(row("account_id", "acc-1", "stage", "Negotiation"));
    RuleOutcome.Decide h = assertInstanceOf(RuleOutcome.Decide.class, held);
    assertEquals(Action.route("strategic-ae"), h.action());
    assertEquals(List.of("missing close date"), h.reviewFlags());
  }

  @Test
  void ruleStage_withABaseAdjustsEvenWhenNothingFired() {
    RuleOutcome.Adjust a = assertInstanceOf(RuleOutcome.Adjust.class, parse("base 40\n+1 when false").evaluate(EMPTY));
    assertEquals(40.0, a.points());
    assertEquals(List.of(), a.fired());
  }

  @Test
  void outcomes_mapToActions() {
    RuleSet rules = parse("""
        group g policy all
          a: auto "fast-track" when company_size > 1000
          n: negative "disqualify" when company_size < 1
        """);
    assertEquals(Action.auto("fast-track"), rules.evaluate(row("company_size", 2000), rules.newEvaluation()).decision());
    assertEquals(Action.negative("disqualify"), rules.evaluate(row("company_size", 0), rules.newEvaluation()).decision());
  }

  @Test
  void explain_givesScorecardLinesThatSumToThePoints() {
    RuleSet rules = parse("""
        base 50
        group card policy collect-sum
          big: +10 when company_size > 500 because "large company"
          gmail: -20 when email_domain ends with "gmail.com" ignoring case
        group routing policy first
          ca: route "canada" when country == "CA"
        """);
    Explanation e = rules.explain(FULL, "card");
    assertEquals(50.0, e.bias());
    assertEquals(40.0, e.margin());
    assertEquals(rules.points(FULL), e.margin());
    assertEquals("big", e.contributions().get(0).feature());
    assertEquals("large company", e.contributions().get(0).observed());
    assertEquals("email_domain ends with \"gmail.com\" ignoring case", e.contributions().get(1).observed());
    assertEquals(List.of("big", "gmail", "ca"), e.firedRules().stream().map(f -> f.name()).toList());
    assertEquals("ca: route \"canada\" when country == \"CA\"", e.firedRules().get(2).text());
  }

  @Test
  void toText_loadsBackToAnEqualRuleSet() {
    RuleSet rules = parse(POLICIES);
    RuleSet again = parse(rules.toText());
    assertEquals(rules.ast(), again.ast());
    assertEquals(rules.toText(), again.toText());
  }

  @Test
  void evaluate_rejectsARowOfAnotherSchema() {
    Features other = Features.of(FeatureSchema.builder().number("x").build(), Map.of("x", 1));
    RuleSet rules = parse("+1 when true");
    RecordException e = assertThrows(RecordException.class, () -> rules.points(other));
    assertEquals(RecordException.Problem.SCHEMA_MISMATCH, e.problem());
    assertThrows(RecordException.class, () -> rules.evaluate(other));
  }

  @Test
  void evaluation_accessorsAreChecked() {
    RuleSet rules = parse("+1 when true");
    RuleEvaluation e = rules.newEvaluation();
    assertThrows(IndexOutOfBoundsException.class, () -> e.fired(0), "nothing evaluated yet");
    rules.evaluate(EMPTY, e);
    assertThrows(IndexOutOfBoundsException.class, () -> e.fired(1));
    assertFalse(e.decided());
    assertEquals(1, e.firedCount());
  }

  @Test
  void clock_isReadAtEachEvaluation() {
    Instant[] now = {NOW};
    Clock moving = new Clock() {
      @Override public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override public Instant instant() {
        return now[0];
      }
    };
    RuleSet rules = RuleSet.loader(SCHEMA).clock(moving).parse("t", "+1 when days_since(close_date) > 14");
    assertTrue(rules.usesClock());
    Features r = row("close_date", NOW.minusSeconds(10 * 86_400));
    assertEquals(0.0, rules.points(r));
    now[0] = NOW.plusSeconds(5 * 86_400);
    assertEquals(1.0, rules.points(r));
  }

  @Test
  void hugeRuleSet_fallsBackToTheNodeTreeWithAWarning() {
    StringBuilder text = new StringBuilder("group card policy collect-sum\n");
    for (int i = 0; i < 2500; i++) {
      text.append("r").append(i).append(": +1 when company_size > ").append(i).append('\n');
    }
    RuleSet rules = parse(text.toString());
    assertFalse(rules.generated());
    assertEquals(1, rules.warnings().size());
    assertTrue(rules.warnings().get(0).message().startsWith(
        "the rules run on the node tree (slower, same results): the rule set is too large for one generated method"),
        rules.warnings()::toString);
    assertEquals(800.0, rules.points(row("company_size", 800)));
  }
}
