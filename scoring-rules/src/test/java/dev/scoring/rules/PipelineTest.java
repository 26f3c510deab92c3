package dev.scoring.rules;

import static dev.scoring.rules.RuleLanguageTest.SCHEMA;
import static dev.scoring.rules.RuleLanguageTest.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.ModelSource;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerRegistry;
import dev.scoring.api.ScorerSpec;
import dev.scoring.api.Action;
import dev.scoring.decision.Combiner;
import dev.scoring.api.Decision;
import dev.scoring.decision.DecisionPipeline;
import dev.scoring.decision.GuardrailPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule sets as pipeline stages and baselines, chained, reloaded; loaded through the registry. */
final class PipelineTest {

  static final String ROUTING = """
      ruleset routing version "1"
      list strategic = ("acc-1", "acc-2")
      group named policy first
        strategic: route "strategic-ae" when account_id in strategic
      group governance policy all
        close: review "missing close date" when stage == "Negotiation" and close_date is missing
      """;

  static final String SCORECARD = """
      ruleset scorecard version "3"
      base 50
      group card policy collect-sum
        big: +30 when company_size > 500 because "large company"
        gmail: -20 when email_domain ends with "gmail.com" ignoring case because "free mail"
      """;

  private static GuardrailPolicy policy() {
    return GuardrailPolicy.builder()
        .band(-1e6, 60, Action.route("nurture"))
        .band(60, 1e6, Action.route("sales"))
        .build();
  }

  private static Scorer failing() {
    return new Scorer() {
      @Override public dev.scoring.api.Provenance provenance() {
        return new dev.scoring.api.Provenance("ml", "test", "1", "none");
      }

      @Override public FeatureSchema schema() {
        return SCHEMA;
      }

      @Override public dev.scoring.api.Score score(dev.scoring.api.Features row) {
        throw new IllegalStateException("model down");
      }

      @Override public dev.scoring.api.Explanation explain(dev.scoring.api.Features row) {
        throw new IllegalStateException("model down");
      }
    };
  }

  @Test
  void chainedRuleSets_decideAdjustOrPass() {
    RuleSet routing = RuleSet.loader(SCHEMA).parse("routing.rules", ROUTING);
    RuleSet card = RuleSet.loader(SCHEMA).parse("card.rules", SCORECARD);
    DecisionPipeline pipeline = DecisionPipeline.builder(SCHEMA).rules(routing).rules(card)
        .combiner(Combiner.points()).policy(policy()).build();

    Decision strategic = pipeline.decide(row("account_id", "acc-1", "company_size", 10));
    assertEquals(Action.route("strategic-ae"), strategic.action());
    assertEquals("strategic", strategic.firedRules().get(0).name());

    Decision big = pipeline.decide(row("company_size", 800));
    assertEquals(Action.route("sales"), big.action());
    assertEquals(80.0, big.score());
    assertEquals(List.of("big"), big.firedRules().stream().map(r -> r.name()).toList());

    Decision gmail = pipeline.decide(row("company_size", 10, "email_domain", "x@GMAIL.com"));
    assertEquals(Action.route("nurture"), gmail.action());
    assertEquals(30.0, gmail.score());

    Decision flagged = pipeline.decide(row("company_size", 800, "stage", "Negotiation"));
    assertTrue(flagged.requiresReview());
    assertTrue(flagged.reasons().contains("rule flag: missing close date"), flagged.reasons()::toString);
  }

  @Test
  void scorecard_isABaselineScorerWithExplanations() {
    Scorer scorer = ScorerRegistry.discover(getClass().getClassLoader()).load(ScorerSpec.builder("rules").id("card")
        .source(ModelSource.bytes("card.rules", SCORECARD.getBytes(StandardCharsets.UTF_8))).schema(SCHEMA).build());
    Scorer failing = failing();
    DecisionPipeline pipeline = DecisionPipeline.builder(SCHEMA).scorer(failing).baseline(scorer).policy(policy())
        .explainReviews(3).build();
    Decision d = pipeline.decide(row("company_size", 800));
    assertTrue(d.fallback());
    assertEquals(80.0, d.score());
    assertTrue(d.reasons().contains("factor: large company adds 30 points"), d.reasons()::toString);
  }

  @Test
  void commonOptions_areSpeltAsForEveryProvider() {
    ScorerRegistry registry = ScorerRegistry.discover(getClass().getClassLoader());
    ScorerSpec.Builder spec = ScorerSpec.builder("rules").source(ModelSource.bytes("card.rules",
        SCORECARD.getBytes(StandardCharsets.UTF_8))).schema(SCHEMA);
    assertEquals("3", registry.load(spec.build()).provenance().modelVersion());
    assertEquals("2026-12", registry.load(spec.option("version", "2026-12").option("missing", "model")
        .option("max-bytes", "100000").build()).provenance().modelVersion());
    assertTrue(assertThrows(dev.scoring.api.ModelException.class, () -> registry.load(spec.option("missing", "nan").build()))
        .getMessage().contains("must be one of [model]"));
    ScorerSpec.Builder small = ScorerSpec.builder("rules").source(ModelSource.bytes("card.rules",
        SCORECARD.getBytes(StandardCharsets.UTF_8))).schema(SCHEMA).option("max-bytes", "10");
    assertTrue(assertThrows(dev.scoring.api.ModelException.class, () -> registry.load(small.build()))
        .getMessage().contains("more than the limit of 10"));
  }

  @Test
  void scorecardReasons_listEachRuleOnceInPoints() {
    Scorer card = RuleSet.loader(SCHEMA).parse("card.rules", SCORECARD).toScorer("card");
    List<String> reasons = card.explain(row("company_size", 800, "email_domain", "a@gmail.com")).withUnit(
        dev.scoring.api.Explanation.Unit.POINTS).reasons(3);
    assertEquals(List.of("large company adds 30 points", "free mail takes away 20 points"), reasons);
  }

  @Test
  void ruleHeldReviews_goToThePipelinesQueueWithOneReasonLine() {
    RuleSet routing = RuleSet.loader(SCHEMA).parse("routing.rules", ROUTING);
    DecisionPipeline pipeline = DecisionPipeline.builder(SCHEMA).rules(routing)
        .policy(GuardrailPolicy.builder().band(-1e6, 1e6, Action.route("sales")).reviewQueue("sales-ops").build())
        .combiner(Combiner.points()).build();
    Decision held = pipeline.decide(row("account_id", "acc-1", "stage", "Negotiation"));
    assertEquals(Action.review("sales-ops", "rule flag: missing close date"), held.action());
    assertEquals(Action.route("strategic-ae"), held.proposed());
    assertEquals(List.of("rule decided: route strategic-ae", "by rule set " + routing.rulesVersion().orElseThrow(),
        "rule flag: missing close date"), held.reasons());
    assertEquals(routing.name() + " " + routing.version() + " (" + routing.digest() + ")",
        routing.rulesVersion().orElseThrow());
    assertTrue(routing.digest().startsWith("sha256:"));
    assertEquals(1, pipeline.reviewQueue().size());
  }

  @Test
  void scorecardPointsIntoProbabilityBands_areRefusedAtBuild() {
    Scorer card = RuleSet.loader(SCHEMA).parse("card.rules", SCORECARD).toScorer("card");
    GuardrailPolicy probabilities = GuardrailPolicy.builder()
        .band(0.0, 0.2, Action.negative("disqualify")).band(0.2, 1.0, Action.route("sales")).build();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> DecisionPipeline.builder(SCHEMA).scorer(failing()).baseline(card).policy(probabilities).build());
    assertTrue(e.getMessage().contains("the baseline 'card' gives points but the bands [0, 0.2) [0.2, 1) read probabilities"),
        e.getMessage());
    assertTrue(e.getMessage().contains("calibrate"), e.getMessage());
    DecisionPipeline ok = DecisionPipeline.builder(SCHEMA).scorer(failing()).baseline(card, policy()).policy(probabilities)
        .build();
    Decision d = ok.decide(row("company_size", 800));
    assertEquals(Action.route("sales"), d.proposed());
    assertEquals(80.0, d.score());
    assertTrue(d.fallback());
  }

  @Test
  void registryLoadedRules_serveAsAStageToo() {
    Scorer scorer = ScorerRegistry.discover(getClass().getClassLoader()).load(ScorerSpec.builder("rules").id("routing")
        .source(ModelSource.bytes("routing.rules", ROUTING.getBytes(StandardCharsets.UTF_8))).schema(SCHEMA).build());
    RuleSet rules = RuleSet.from(scorer);
    DecisionPipeline pipeline = DecisionPipeline.builder(SCHEMA).rules(rules).policy(policy()).build();
    Decision d = pipeline.decide(row("account_id", "acc-2"));
    assertEquals(Action.route("strategic-ae"), d.action());
    assertEquals("strategic", d.firedRules().get(0).name());
    assertEquals("strategic: route \"strategic-ae\" when account_id in strategic", d.firedRules().get(0).text());
    IllegalArgumentException notRules = assertThrows(IllegalArgumentException.class, () -> RuleSet.from(failing()));
    assertEquals("scorer 'ml' of type test is not a rule set", notRules.getMessage());
  }

  @Test
  void reloadableRules_swapAtomicallyAndKeepTheOldOnABadEdit(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("routing.rules");
    Files.writeString(file, "route \"a\" when company_size > 1");
    ReloadableRuleSet rules = ReloadableRuleSet.load(RuleSet.loader(SCHEMA), file);
    DecisionPipeline pipeline = DecisionPipeline.builder(SCHEMA).rules(rules).policy(policy()).build();
    assertEquals(Action.route("a"), pipeline.decide(row("company_size", 5)).action());

    Files.writeString(file, "route \"b\" when company_size > 1");
    RuleSet before = rules.current();
    RuleSet after = rules.reload();
    assertEquals(Action.route("b"), pipeline.decide(row("company_size", 5)).action());
    assertSame(after, rules.current());

    Files.writeString(file, "route \"c\" when company_sise > 1");
    RuleFileException bad = assertThrows(RuleFileException.class, rules::reload);
    assertTrue(bad.getMessage().contains("unknown feature 'company_sise'"));
    assertSame(after, rules.current(), "a bad edit keeps the current rules");
    assertEquals(Action.route("b"), pipeline.decide(row("company_size", 5)).action());

    assertSame(after, rules.swap(before));
    assertEquals(Action.route("a"), pipeline.decide(row("company_size", 5)).action());
    RuleSet other = RuleSet.loader(FeatureSchema.builder().number("company_size").build()).parse("o", "+1 when true");
    assertThrows(IllegalArgumentException.class, () -> rules.swap(other));
    assertThrows(IllegalStateException.class, () -> ReloadableRuleSet.of(before).reload());
  }

  @Test
  void provider_optionsAreChecked() {
    ScorerRegistry registry = ScorerRegistry.discover(getClass().getClassLoader());
    ScorerSpec.Builder spec = ScorerSpec.builder("rules")
        .source(ModelSource.bytes("r.rules", "+1 when days_since(close_date) > 1".getBytes(StandardCharsets.UTF_8)))
        .schema(SCHEMA);
    assertTrue(assertThrows(dev.scoring.api.ModelException.class, () -> registry.load(spec.option("clock", "yesterday").build()))
        .getMessage().contains("option 'clock' must be 'system' or an ISO-8601 instant"));
    spec.options(java.util.Map.of("clock", "system"));
    assertTrue(assertThrows(dev.scoring.api.ModelException.class, () -> registry.load(spec.option("policy", "first").build()))
        .getMessage().contains("option 'policy' is for format csv"));
    ScorerSpec.Builder fresh = ScorerSpec.builder("rules").source(ModelSource.bytes("r.rules", new byte[0])).schema(SCHEMA);
    assertTrue(assertThrows(dev.scoring.api.ModelException.class, () -> registry.load(fresh.option("format", "xml").build()))
        .getMessage().contains("option 'format' must be rules or csv"));
    assertTrue(assertThrows(dev.scoring.api.ModelException.class,
        () -> registry.load(ScorerSpec.builder("rules").schema(SCHEMA).option("speed", "fast").build()))
        .getMessage().contains("unknown option(s) [speed]"));
    assertTrue(assertThrows(dev.scoring.api.ModelException.class,
        () -> registry.load(ScorerSpec.builder("rules").schema(SCHEMA).option("format", "csv").option("policy", "most").build()))
        .getMessage().contains("unknown hit policy 'most'"));
    Scorer fixed = registry.load(ScorerSpec.builder("rules")
        .source(ModelSource.bytes("r.rules", "+1 when days_since(close_date) > 1".getBytes(StandardCharsets.UTF_8)))
        .schema(SCHEMA).option("clock", "2026-01-10T00:00:00Z").build());
    assertEquals(1.0, fixed.scoreValue(row("close_date", java.time.Instant.parse("2026-01-01T00:00:00Z"))));
    assertEquals(0.0, fixed.scoreValue(row("close_date", java.time.Instant.parse("2026-01-09T12:00:00Z"))));
  }

  @Test
  void reloadableRules_neverMixTwoRuleSetsUnderConcurrency() throws Exception {
    RuleSet a = RuleSet.loader(SCHEMA).parse("a", "group g policy all\nx: route \"a\" when true\ny: flag \"a\" when true");
    RuleSet b = RuleSet.loader(SCHEMA).parse("b", "group g policy all\nx: route \"b\" when true\ny: flag \"b\" when true");
    ReloadableRuleSet rules = ReloadableRuleSet.of(a);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
    try {
      List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
      for (int t = 0; t < 3; t++) {
        results.add(pool.submit(() -> {
          int mixed = 0;
          for (int i = 0; i < 3000; i++) {
            var d = (dev.scoring.decision.RuleOutcome.Decide) rules.evaluate(row());
            String reason = d.action().describe() + " held for " + d.reviewFlags();
            if (!reason.equals("route a held for [a]") && !reason.equals("route b held for [b]")) {
              mixed++;
            }
          }
          return mixed;
        }));
      }
      for (int i = 0; i < 500; i++) {
        rules.swap(i % 2 == 0 ? b : a);
      }
      for (var f : results) {
        assertEquals(0, f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
