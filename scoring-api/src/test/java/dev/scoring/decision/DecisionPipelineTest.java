package dev.scoring.decision;

import dev.scoring.api.Decision;
import dev.scoring.api.Action;
import dev.scoring.api.ReviewStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.FiredRule;
import dev.scoring.review.AuditRecord;
import dev.scoring.review.BoundedReviewQueue;
import dev.scoring.review.InMemoryAuditSink;
import dev.scoring.review.ReviewItem;
import dev.scoring.review.ReviewQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class DecisionPipelineTest {

  static final FeatureSchema SCHEMA = FeatureSchema.builder().number("p").number("amount").category("account").build();
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

  static GuardrailPolicy policy() {
    return policyBuilder().build();
  }

  static GuardrailPolicy.Builder policyBuilder() {
    return GuardrailPolicy.builder()
        .band(0.0, 0.2, Action.negative("disqualify"))
        .band(0.2, 0.5, Action.review("sdr", "uncertain"))
        .band(0.5, 0.8, Action.route("inside-sales"))
        .band(0.8, 1.0, Action.auto("fast-track"))
        .alwaysReview("amount over 100k", row -> row.number(1) > 100_000)
        .reviewQueue("ops");
  }

  private final InMemoryAuditSink audit = new InMemoryAuditSink();
  private final BoundedReviewQueue queue = new BoundedReviewQueue(10);

  private DecisionPipeline.Builder pipeline() {
    return DecisionPipeline.builder(SCHEMA).policy(policy()).audit(audit).reviewQueue(queue).clock(CLOCK);
  }

  private static Features row(double p, double amount) {
    return Features.of(SCHEMA, Map.of("p", p, "amount", amount, "account", "A-1"));
  }

  @Test
  void band_decidesAutomatically() {
    Decision d = pipeline().scorer(new TestScorer(SCHEMA, "m")).build().decide(row(0.9, 10));
    assertEquals(Action.auto("fast-track"), d.action());
    assertEquals(d.action(), d.proposed());
    assertEquals(ReviewStatus.NOT_NEEDED, d.review());
    assertEquals(0.9, d.score());
    assertEquals(List.of("score in band [0.8, 1]: auto fast-track"), d.reasons());
    assertEquals(Instant.parse("2026-11-23T10:00:00Z"), d.decidedAt());
    assertEquals(1, audit.size());
    assertEquals(0, queue.size());
  }

  @Test
  void route_isReported() {
    Decision d = pipeline().scorer(new TestScorer(SCHEMA, "m")).build().decide(row(0.6, 10));
    assertEquals("inside-sales", d.route().orElseThrow());
    assertFalse(d.requiresReview());
  }

  @Test
  void negativeAction_isNeverAutomatic() {
    Decision d = pipeline().scorer(new TestScorer(SCHEMA, "m")).build().decide(row(0.1, 10));
    assertEquals(Action.negative("disqualify"), d.proposed());
    assertEquals(Action.review("ops", "negative action 'disqualify' is never automatic"), d.action());
    assertEquals(ReviewStatus.QUEUED, d.review());
    ReviewItem item = queue.poll().orElseThrow();
    assertSame(d, item.decision());
    assertEquals(0.1, item.input().number(0));
  }

  @Test
  void uncertaintyBand_goesToItsQueue() {
    Decision d = pipeline().scorer(new TestScorer(SCHEMA, "m")).explainReviews(3).build().decide(row(0.3, 10));
    assertEquals(Action.review("sdr", "uncertain"), d.action());
    assertTrue(d.reasons().contains("factor: p = 0.3 lowers the odds 2.33×"), d.reasons().toString());
  }

  @Test
  void highImpact_alwaysGoesToReview() {
    Decision d = pipeline().scorer(new TestScorer(SCHEMA, "m")).build().decide(row(0.95, 250_000));
    assertEquals(Action.review("ops", "high impact: amount over 100k"), d.action());
    assertEquals(Action.auto("fast-track"), d.proposed());
  }

  @Test
  void ruleDecision_stopsScoringButNotConstraints() {
    TestScorer crashing = new TestScorer(SCHEMA, "m", TestScorer.Mode.CRASH, 0);
    FiredRule rule = new FiredRule("named", "account in strategic", "route strategic-ae");
    DecisionPipeline p = pipeline()
        .rules(row -> "A-1".equals(row.string(2)) ? new RuleOutcome.Decide(Action.route("strategic-ae"), List.of(rule)) : RuleOutcome.pass())
        .scorer(crashing).build();
    Decision d = p.decide(row(0.5, 10));
    assertEquals(Action.route("strategic-ae"), d.action());
    assertEquals(List.of(rule), d.firedRules());
    assertTrue(d.scores().isEmpty());
    assertTrue(Double.isNaN(d.score()));
    Decision big = p.decide(row(0.5, 500_000));
    assertEquals(Action.review("ops", "high impact: amount over 100k"), big.action());
  }

  @Test
  void ruleAdjust_addsPointsAndFlags() {
    FiredRule flag = new FiredRule("close-date", "stage == Negotiation and close_date is missing", "review missing close date");
    DecisionPipeline p = pipeline()
        .rules(row -> new RuleOutcome.Adjust(0.5, List.of("missing close date"), List.of(flag)))
        .combiner(Combiner.points())
        .policy(policyBuilder().scoreKind(dev.scoring.api.ScoreKind.POINTS).build())
        .build();
    Decision d = p.decide(row(0.0, 10));
    assertEquals(0.5, d.score());
    assertEquals(Action.route("inside-sales"), d.proposed());
    assertEquals(Action.review("ops", "rule flag: missing close date"), d.action());
  }

  @Test
  void failingScorer_fallsBackToBaselineAndReview() {
    DecisionPipeline p = pipeline()
        .scorer(new TestScorer(SCHEMA, "ml", TestScorer.Mode.CRASH, 0))
        .baseline(new TestScorer(SCHEMA, "rules-baseline"))
        .build();
    Decision d = p.decide(row(0.9, 10));
    assertTrue(d.fallback());
    assertEquals(Action.auto("fast-track"), d.proposed());
    assertEquals(Action.review("ops", "scorer ml failed: IllegalStateException: model crashed"), d.action());
    assertEquals("rules-baseline", d.scores().get(0).provenance().scorerId());
    assertTrue(d.reasons().contains("fell back to the rule baseline rules-baseline"));
    assertEquals(1, queue.size());
  }

  @Test
  void invalidRecordForScorer_fallsBackWithoutBaseline() {
    DecisionPipeline p = pipeline().scorer(new TestScorer(SCHEMA, "ml", TestScorer.Mode.RECORD_ERROR, 0)).build();
    Decision d = p.decide(row(0.9, 10));
    assertEquals(Action.review("ops", "scorer ml failed: feature 'p' is missing"), d.action());
    assertTrue(Double.isNaN(d.score()));
    assertTrue(d.reasons().contains("no rule baseline configured"));
  }

  @Test
  void slowScorer_fallsBack() {
    DecisionPipeline p = pipeline()
        .scorer(new TestScorer(SCHEMA, "ml", TestScorer.Mode.SLOW, 5_000_000))
        .timeBudget(Duration.ofMillis(1))
        .build();
    Decision d = p.decide(row(0.9, 10));
    assertTrue(d.fallback());
    assertTrue(d.action() instanceof Action.Review r && r.reason().startsWith("scorer ml took "), d.action().describe());
    assertTrue(d.action() instanceof Action.Review r && r.reason().endsWith(" ms, over the budget of 1 ms"), d.action().describe());
  }

  @Test
  void rowOfAnotherSchema_goesToReview() {
    FeatureSchema other = FeatureSchema.builder().number("q").build();
    Decision d = pipeline().scorer(new TestScorer(SCHEMA, "m")).build().decide(Features.builder(other).build());
    assertTrue(d.requiresReview());
    assertTrue(d.reasons().get(d.reasons().size() - 1).startsWith("invalid record: the row is bound to"), d.reasons().toString());
    assertEquals(1, audit.size());
  }

  @Test
  void fullQueue_isVisibleAndAudited() {
    BoundedReviewQueue tiny = new BoundedReviewQueue(1);
    DecisionPipeline p = pipeline().reviewQueue(tiny).scorer(new TestScorer(SCHEMA, "m")).build();
    Decision first = p.decide(row(0.3, 10));
    Decision second = p.decide(row(0.3, 10));
    assertEquals(ReviewStatus.QUEUED, first.review());
    assertEquals(ReviewStatus.QUEUE_FULL, second.review());
    assertTrue(second.reasons().contains("review queue refused the record (full)"));
    assertEquals(1, tiny.refused());
    List<AuditRecord> records = audit.records();
    assertEquals(2, records.size());
    assertEquals(ReviewStatus.QUEUE_FULL, records.get(1).decision().review());
    assertTrue(records.get(1).toJson().contains("\"review\":\"QUEUE_FULL\""));
  }

  @Test
  void failingAuditSink_turnsTheDecisionIntoAVisibleReview() {
    DecisionPipeline p = pipeline().scorer(new TestScorer(SCHEMA, "m"))
        .audit(r -> { throw new IllegalStateException("disk full"); }).build();
    Decision d = p.decide(row(0.9, 10));
    assertEquals(ReviewStatus.STORE_FAILED, d.review());
    assertTrue(d.requiresReview());
    assertEquals(Action.auto("fast-track"), d.proposed());
    assertTrue(d.reasons().get(d.reasons().size() - 1).contains("disk full"), d.reasons().toString());
    assertEquals(1, p.storeFailures());
  }

  @Test
  void failingQueue_isVisibleOnTheDecisionAndAudited() {
    java.util.List<AuditRecord> audited = new java.util.ArrayList<>();
    ReviewQueue broken = new ReviewQueue() {
      @Override
      public boolean offer(ReviewItem item) {
        throw new IllegalStateException("database is locked");
      }

      @Override
      public int size() {
        return 0;
      }
    };
    DecisionPipeline p = pipeline().scorer(new TestScorer(SCHEMA, "m")).reviewQueue(broken).audit(audited::add).build();
    Decision d = p.decide(row(0.3, 10));
    assertEquals(ReviewStatus.STORE_FAILED, d.review());
    assertEquals(1, p.storeFailures());
    assertEquals(1, audited.size());
    assertEquals(ReviewStatus.STORE_FAILED, audited.get(0).decision().review());
  }

  @Test
  void scoreOutsideEveryBand_goesToReview() {
    GuardrailPolicy narrow = GuardrailPolicy.builder().band(0.5, 1.0, Action.auto("go")).build();
    Decision d = DecisionPipeline.builder(SCHEMA).policy(narrow).scorer(new TestScorer(SCHEMA, "m")).build().decide(row(0.2, 1));
    assertEquals(Action.review("review", "score 0.2 is in no band"), d.action());
  }

  @Test
  void infiniteBandBounds_areAllowedAndDescribed() {
    GuardrailPolicy open = GuardrailPolicy.builder()
        .band(Double.NEGATIVE_INFINITY, 0, Action.negative("disqualify"))
        .band(0, Double.POSITIVE_INFINITY, Action.route("sdr"))
        .build();
    Decision d = DecisionPipeline.builder(SCHEMA).policy(open).rules(row -> new RuleOutcome.Adjust(12, List.of(), List.of()))
        .combiner(Combiner.points()).build().decide(row(0.5, 1));
    assertEquals(Action.route("sdr"), d.action());
    assertEquals(List.of("score in band [0, +inf]: route sdr"), d.reasons());
  }

  @Test
  void builder_checksConfiguration() {
    assertThrows(IllegalStateException.class, () -> DecisionPipeline.builder(SCHEMA).build());
    FeatureSchema other = FeatureSchema.builder().number("q").build();
    assertThrows(IllegalArgumentException.class, () -> pipeline().scorer(new TestScorer(other, "m")));
    assertThrows(IllegalArgumentException.class, () -> pipeline().scorer(new TestScorer(SCHEMA, "m")).scorer(new TestScorer(SCHEMA, "m")));
    assertThrows(IllegalArgumentException.class, () -> pipeline().timeBudget(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> GuardrailPolicy.builder().band(0, 0.5, Action.auto("a")).band(0.4, 1, Action.auto("b")));
    assertThrows(IllegalArgumentException.class, () -> GuardrailPolicy.builder().band(0.5, 0.5, Action.auto("a")));
    assertThrows(IllegalStateException.class, () -> GuardrailPolicy.builder().build());
    assertThrows(IllegalArgumentException.class, () -> Action.review("q", " "));
  }

  @Test
  void decisionIds_areUnique() {
    DecisionPipeline p = pipeline().scorer(new TestScorer(SCHEMA, "m")).build();
    String a = p.decide(row(0.9, 1)).id();
    String b = p.decide(row(0.9, 1)).id();
    assertFalse(a.equals(b));
  }

  @Test
  void weightedCombiner_mixesScores() {
    DecisionPipeline p = pipeline().scorer(new TestScorer(SCHEMA, "a")).scorer(new TestScorer(SCHEMA, "b"))
        .combiner(Combiner.weighted(0.5, 0.5)).build();
    assertEquals(0.6, p.decide(row(0.6, 1)).score(), 1e-12);
    assertEquals(2, p.decide(row(0.6, 1)).scores().size());
  }

  @Test
  void auditSampling_sendsAFixedShareOfAutomaticDecisionsToReview_reproducibly() {
    GuardrailPolicy sampling = GuardrailPolicy.builder().band(0.0, 1.0, Action.auto("go")).sampleAutomatic(0.1, "qa").build();
    int[] counter = {0};
    BoundedReviewQueue big = new BoundedReviewQueue(10_000);
    DecisionPipeline p = DecisionPipeline.builder(SCHEMA).policy(sampling).audit(audit).reviewQueue(big)
        .ids(() -> "id-" + counter[0]++).scorer(new TestScorer(SCHEMA, "m")).build();
    int sampled = 0;
    for (int i = 0; i < 5000; i++) {
      Decision d = p.decide(row(0.9, 10));
      boolean inSample = AuditSampling.sampled(d.id(), 0.1);
      assertEquals(inSample, d.requiresReview(), d.id());
      if (inSample) {
        sampled++;
        assertEquals("qa", d.queue().orElseThrow());
        assertEquals(Action.auto("go"), d.proposed());
        assertTrue(d.reasons().contains(sampling.sampleReason()));
      }
    }
    // binomial(5000, 0.1): mean 500, sd 21; 6 sd either side
    assertTrue(sampled > 374 && sampled < 626, "sampled " + sampled);
    assertEquals(sampled, big.size());
    assertTrue(audit.records().stream().filter(r -> r.toJson().contains(AuditSampling.REASON)).count() == sampled);
  }
}
