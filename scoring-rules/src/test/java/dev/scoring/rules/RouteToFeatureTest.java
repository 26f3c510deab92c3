package dev.scoring.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.Action;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.decision.RuleOutcome;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code route FEATURE}: route to the team a feature names, e.g. the matched account's owner. */
final class RouteToFeatureTest {

  static final FeatureSchema SCHEMA = FeatureSchema.builder()
      .category("matched_owner").category("matched_tier").number("match_probability").category("match_band").build();

  static final String RULES = """
      policy first
      owner: route matched_owner when matched_tier == "strategic" and match_probability >= 0.9
        because "named strategic account"
      strategic: route "strategic-ae" when matched_tier == "strategic" and match_probability >= 0.9
      weak: review "weak account match" when match_band == "weak"
      inbound: route "inbound" when true
      """;

  static RuleSet load(boolean bytecode) {
    return RuleSet.loader(SCHEMA).bytecode(bytecode).parse("owners.rules", RULES);
  }

  static Features row(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return Features.of(SCHEMA, m);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aStrongStrategicMatchRoutesToTheAccountsOwner(boolean bytecode) {
    RuleSet rules = load(bytecode);
    RuleOutcome o = rules.evaluate(row("matched_owner", "jane.doe", "matched_tier", "strategic", "match_probability", 0.97,
        "match_band", "strong"));
    RuleOutcome.Decide d = assertInstanceOf(RuleOutcome.Decide.class, o);
    assertEquals(Action.route("jane.doe"), d.action());
    assertEquals("owner", d.fired().get(0).name());
    assertTrue(d.fired().get(0).outcome().contains("route matched_owner"), d.fired().toString());
    // another owner on the next row: the team comes from each row
    RuleEvaluation e = rules.evaluate(row("matched_owner", "li.wei", "matched_tier", "strategic", "match_probability", 0.95),
        rules.newEvaluation());
    assertEquals(Action.route("li.wei"), e.decision());
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void withoutAnOwnerTheRuleDoesNotFireAndTheNextOneDecides(boolean bytecode) {
    RuleSet rules = load(bytecode);
    RuleOutcome.Decide d = assertInstanceOf(RuleOutcome.Decide.class,
        rules.evaluate(row("matched_tier", "strategic", "match_probability", 0.97)));
    assertEquals(Action.route("strategic-ae"), d.action());
    assertEquals(Action.route("inbound"), rules.evaluate(row("match_band", "none"), rules.newEvaluation()).decision());
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void theEarlierRouteToFeatureRuleDoesNotShadowTheSameConditionWithAFixedTeam(boolean bytecode) {
    assertEquals(List.of(), load(bytecode).warnings());
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void itPrintsAndLoadsBack(boolean bytecode) {
    RuleSet rules = load(bytecode);
    String text = rules.toText();
    assertTrue(text.contains("route matched_owner when"), text);
    assertEquals(text, RuleSet.loader(SCHEMA).parse("again.rules", text).toText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"route match_probability when true", "route nobody when true"})
  void theTeamFeatureMustBeAStringFeatureOfTheSchema(String rule) {
    RuleFileException e = assertThrows(RuleFileException.class, () -> RuleSet.loader(SCHEMA).parse("bad.rules", rule));
    String message = e.problems().get(0).message();
    assertTrue(rule.contains("match_probability") ? message.contains("expected a category or text feature")
        : message.contains("unknown feature 'nobody'"), message);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void theBuilderWritesTheSameRule(boolean bytecode) {
    RuleSet built = RuleSet.builder(SCHEMA).bytecode(bytecode).group("main", HitPolicy.FIRST)
        .routeTo("owner", "matched_tier == \"strategic\"", "matched_owner").build();
    assertEquals(Action.route("ann"), built.evaluate(row("matched_owner", "ann", "matched_tier", "strategic"),
        built.newEvaluation()).decision());
  }
}
