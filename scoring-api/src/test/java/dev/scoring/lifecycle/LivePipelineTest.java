package dev.scoring.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import dev.scoring.api.Features;
import dev.scoring.api.FiredRule;
import dev.scoring.api.ModelException;
import dev.scoring.api.Provenance;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import dev.scoring.decision.DecisionPipeline;
import dev.scoring.decision.GuardrailPolicy;
import dev.scoring.decision.RuleOutcome;
import dev.scoring.decision.RuleStage;
import dev.scoring.review.InMemoryAuditSink;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class LivePipelineTest {

  static final GuardrailPolicy POLICY = GuardrailPolicy.builder()
      .band(0.0, 0.3, Action.review("sdr", "low"))
      .band(0.3, 0.7, Action.route("inside-sales"))
      .band(0.7, 1.0, Action.auto("fast-track"))
      .build();

  static Features row(double x) {
    return Features.of(VersionedScorer.SCHEMA, Map.of("x", x));
  }

  private static LivePipeline live(Scorer first, InMemoryAuditSink audit) {
    return LivePipeline.builder(Stages.builder().scorer("score", first).build(),
            s -> DecisionPipeline.builder(VersionedScorer.SCHEMA).scorer(s.scorer("score")).policy(POLICY).audit(audit))
        .smokeCheck("score", new SmokeCheck(List.of(row(-3), row(0), row(3)), 0.01, 0.99))
        .build();
  }

  @Test
  void swap_thenRollback_eachDecisionNamesTheVersionThatScoredIt() {
    InMemoryAuditSink audit = new InMemoryAuditSink();
    VersionedScorer v1 = new VersionedScorer(1);
    VersionedScorer v2 = new VersionedScorer(2);
    LivePipeline live = live(v1, audit);
    assertEquals("m@1", live.decide(row(1)).scores().get(0).provenance().modelVersion());

    Stages now = live.swap("score", v2);
    assertEquals("m@2 (sha256:2)", now.versions().get("score"));
    Decision d = live.decide(row(1));
    assertEquals("m@2", d.scores().get(0).provenance().modelVersion());
    assertEquals(VersionedScorer.expected(2, 1), d.score());
    assertTrue(audit.records().get(1).toJson().contains("m@2"), audit.records().get(1).toJson());

    live.rollback("score");
    assertEquals("m@1", live.decide(row(1)).scores().get(0).provenance().modelVersion());
    assertEquals(2, live.swaps());
    assertTrue(v2.closed(), "the version rolled back from is closed (nothing in flight)");
    assertFalse(v1.closed());
    IllegalStateException twice = assertThrows(IllegalStateException.class, () -> live.rollback("score"));
    assertTrue(twice.getMessage().contains("no previous version"), twice.getMessage());
  }

  @Test
  void smokeCheck_refusesAScorerOutOfBounds_andTheCurrentOneStays() {
    VersionedScorer v1 = new VersionedScorer(1);
    VersionedScorer bad = new VersionedScorer(5000); // scores 9.2e-9 at x = -3
    LivePipeline live = live(v1, new InMemoryAuditSink());
    ModelRefusedException e = assertThrows(ModelRefusedException.class, () -> live.swap("score", bad));
    assertEquals("score", e.stage());
    assertTrue(e.getMessage().contains("reference row 0 scored 9.23744957664012E-9, outside the expected bounds [0.01, 0.99]"), e.getMessage());
    assertTrue(e.getMessage().contains("the current one stays"), e.getMessage());
    assertSame(v1, live.stages().scorer("score"));
    assertTrue(bad.closed(), "a refused scorer is closed");
    assertEquals(0, live.swaps());
    assertThrows(IllegalStateException.class, () -> live.rollback("score"));
  }

  @Test
  void swapScorer_refusesAModelThatFailsToLoad() {
    VersionedScorer v1 = new VersionedScorer(1);
    LivePipeline live = live(v1, new InMemoryAuditSink());
    ModelRefusedException e = assertThrows(ModelRefusedException.class,
        () -> live.swapScorer("score", () -> {
          throw new ModelException("model file lead.json: line 3: unexpected end of input");
        }));
    assertTrue(e.getMessage().contains("failed to load: model file lead.json: line 3"), e.getMessage());
    assertTrue(e.getCause() instanceof ModelException);
    assertSame(v1, live.stages().scorer("score"));
    assertEquals(VersionedScorer.expected(1, 0.5), live.decide(row(0.5)).score());
  }

  @Test
  void swap_refusesAScorerThePipelineCannotUse() {
    LivePipeline live = live(new VersionedScorer(1), new InMemoryAuditSink());
    Scorer points = new Scorer() {
      final Provenance p = new Provenance("score", "test", "points@1", "sha256:aa");

      @Override
      public Provenance provenance() {
        return p;
      }

      @Override
      public dev.scoring.api.FeatureSchema schema() {
        return VersionedScorer.SCHEMA;
      }

      @Override
      public Optional<dev.scoring.api.ScoreKind> kind() {
        return Optional.of(dev.scoring.api.ScoreKind.POINTS);
      }

      @Override
      public Score score(Features row) {
        return Score.points(0.5, p);
      }

      @Override
      public dev.scoring.api.Explanation explain(Features row) {
        throw new UnsupportedOperationException();
      }
    };
    ModelRefusedException e = assertThrows(ModelRefusedException.class, () -> live.swap("score", points));
    assertTrue(e.getMessage().contains("the pipeline cannot use it"), e.getMessage());
    assertEquals("m@1", live.decide(row(0)).scores().get(0).provenance().modelVersion());
  }

  @Test
  void aReplacedScorer_isClosedOnlyAfterTheLastDecisionUsingItEnds() throws Exception {
    VersionedScorer v1 = new VersionedScorer(1);
    LivePipeline live = live(v1, new InMemoryAuditSink());
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch hold = new CountDownLatch(1);
    v1.holdNextCall(entered, hold);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Decision> inFlight = pool.submit(() -> live.decide(row(2)));
      assertTrue(entered.await(10, TimeUnit.SECONDS));
      live.swap("score", new VersionedScorer(2));
      live.swap("score", new VersionedScorer(3)); // v1 is no longer current nor previous
      assertEquals("m@3", live.decide(row(2)).scores().get(0).provenance().modelVersion());
      assertFalse(v1.closed(), "v1 is still scoring a decision");
      hold.countDown();
      Decision d = inFlight.get(10, TimeUnit.SECONDS);
      assertFalse(d.fallback(), d.reasons().toString());
      assertEquals("m@1", d.scores().get(0).provenance().modelVersion());
      assertTrue(v1.closed(), "closed when its last decision ended");
      assertEquals(1, v1.closes.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void ruleStage_decisionNamesTheRuleSetVersion_andRulesSwapAtomicallyWithTheScorer() {
    InMemoryAuditSink audit = new InMemoryAuditSink();
    RuleStage rulesV1 = versionedRules("routing 1 (sha256:r1)", 5);
    RuleStage rulesV2 = versionedRules("routing 2 (sha256:r2)", 6);
    LivePipeline live = LivePipeline.builder(
            Stages.builder().rules("routing", rulesV1).scorer("score", new VersionedScorer(1)).build(),
            s -> DecisionPipeline.builder(VersionedScorer.SCHEMA).rules(s.rules("routing"))
                .scorer(s.scorer("score")).policy(POLICY).audit(audit))
        .build();
    Decision byRule = live.decide(row(5));
    assertEquals(List.of("rule decided: route strategic", "by rule set routing 1 (sha256:r1)"), byRule.reasons());
    assertTrue(audit.records().get(0).toJson().contains("by rule set routing 1 (sha256:r1)"));
    assertEquals("routing 1 (sha256:r1)", live.stages().versions().get("routing"));

    live.swap("routing", rulesV2);
    assertTrue(live.decide(row(5)).route().isEmpty(), "v2 routes x >= 6 only");
    assertEquals(List.of("rule decided: route strategic", "by rule set routing 2 (sha256:r2)"),
        live.decide(row(6)).reasons());
    live.rollback("routing");
    assertEquals("by rule set routing 1 (sha256:r1)", live.decide(row(5)).reasons().get(1));
  }

  private static RuleStage versionedRules(String version, double threshold) {
    return new RuleStage() {
      @Override
      public RuleOutcome evaluate(Features row) {
        return row.number(0) >= threshold
            ? new RuleOutcome.Decide(Action.route("strategic"), List.of(new FiredRule("big", "x >= " + threshold, "route strategic")))
            : RuleOutcome.pass();
      }

      @Override
      public Optional<String> rulesVersion() {
        return Optional.of(version);
      }
    };
  }
}
