package dev.scoring.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ReviewStatus;
import dev.scoring.api.Score;
import dev.scoring.api.ScoreKind;
import dev.scoring.review.BoundedReviewQueue;
import dev.scoring.review.InMemoryAuditSink;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The pipeline's promise (one decision, one audit record) for every input, and the checks at build time. */
final class DecisionPipelinePromiseTest {

  static final FeatureSchema SCHEMA = DecisionPipelineTest.SCHEMA;

  private final InMemoryAuditSink audit = new InMemoryAuditSink();
  private final BoundedReviewQueue queue = new BoundedReviewQueue(100);

  private DecisionPipeline.Builder pipeline() {
    return DecisionPipeline.builder(SCHEMA).policy(DecisionPipelineTest.policy()).audit(audit).reviewQueue(queue);
  }

  private static Features row(double p, double amount) {
    return Features.of(SCHEMA, Map.of("p", p, "amount", amount, "account", "A-1"));
  }

  private static FnScorer failing(String id, RuntimeException orNull) {
    return new FnScorer(SCHEMA, id, ScoreKind.PROBABILITY, r -> {
      throw orNull;
    });
  }

  @Test
  void aScorerReturningNull_goesToReviewAndIsAudited() {
    FnScorer nothing = new FnScorer(SCHEMA, "plugin", ScoreKind.PROBABILITY, r -> null);
    Decision d = pipeline().scorer(nothing).baseline(new TestScorer(SCHEMA, "base")).build().decide(row(0.9, 10));
    assertTrue(d.requiresReview());
    assertTrue(d.fallback());
    assertTrue(d.reasons().contains("scorer plugin returned no score"), d.reasons()::toString);
    assertEquals(1, audit.size());
    assertSame(d, audit.records().get(0).decision());
  }

  @Test
  void errorsOneCallSurvives_goToReviewAndAreAudited() {
    List<Error> errors = List.of(new StackOverflowError(), new OutOfMemoryError("Java heap space"),
        new NoClassDefFoundError("com/plugin/Missing"), new AssertionError("broken invariant"));
    for (Error error : errors) {
      FnScorer thrower = new FnScorer(SCHEMA, "plugin", ScoreKind.PROBABILITY, r -> {
        throw error;
      });
      Decision d = pipeline().scorer(thrower).build().decide(row(0.9, 10));
      assertTrue(d.requiresReview(), error::toString);
      assertTrue(d.reasons().stream().anyMatch(r -> r.startsWith("scorer plugin failed: " + error.getClass().getSimpleName())),
          d.reasons()::toString);
    }
    assertEquals(errors.size(), audit.size());
    assertEquals(errors.size(), queue.size());
  }

  @Test
  void aBrokenJvm_isStillAuditedThenRethrown() {
    InternalError broken = new InternalError("JIT failure");
    FnScorer thrower = new FnScorer(SCHEMA, "plugin", ScoreKind.PROBABILITY, r -> {
      throw broken;
    });
    DecisionPipeline p = pipeline().scorer(thrower).build();
    assertSame(broken, assertThrows(InternalError.class, () -> p.decide(row(0.9, 10))));
    assertEquals(1, audit.size());
    assertTrue(audit.records().get(0).decision().requiresReview());
    assertEquals(1, queue.size());
  }

  @Test
  void errorsFromRulesCombinerAndPredicates_areAuditedToo() {
    DecisionPipeline p = pipeline().rules(r -> {
      throw new StackOverflowError();
    }).scorer(new TestScorer(SCHEMA, "m")).build();
    assertTrue(p.decide(row(0.9, 10)).reasons().contains("rule stage 1 failed: StackOverflowError"));
    DecisionPipeline nullRule = pipeline().rules(r -> null).scorer(new TestScorer(SCHEMA, "m")).build();
    assertTrue(nullRule.decide(row(0.9, 10)).reasons().contains("rule stage 1 returned no outcome"));
    DecisionPipeline nanCombiner = pipeline().scorer(new TestScorer(SCHEMA, "m")).combiner((s, pts) -> Double.NaN).build();
    assertTrue(nanCombiner.decide(row(0.9, 10)).reasons().contains("combiner gave NaN"));
    DecisionPipeline badPredicate = DecisionPipeline.builder(SCHEMA).audit(audit)
        .policy(GuardrailPolicy.builder().band(0, 1, Action.auto("go")).alwaysReview("big", r -> {
          throw new AssertionError("predicate bug");
        }).build())
        .scorer(new TestScorer(SCHEMA, "m")).build();
    assertTrue(badPredicate.decide(row(0.9, 10)).requiresReview());
    assertEquals(4, audit.size());
  }

  @Test
  void aHungScorerOnAnExecutor_missesItsDeadlineAndIsAbandoned() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    CountDownLatch gaveUp = new CountDownLatch(1);
    FnScorer hung = new FnScorer(SCHEMA, "remote", ScoreKind.PROBABILITY, r -> {
      try {
        never.await();
      } catch (InterruptedException e) {
        interrupted.set(true);
        gaveUp.countDown();
        Thread.currentThread().interrupt();
      }
      return null;
    });
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      DecisionPipeline p = pipeline().scorer(hung, pool).baseline(new TestScorer(SCHEMA, "base"))
          .timeBudget(Duration.ofMillis(50)).build();
      Decision d = p.decide(row(0.9, 10));
      assertTrue(d.fallback());
      assertTrue(d.requiresReview());
      assertEquals(0.9, d.score());
      assertTrue(d.reasons().contains("scorer remote missed its deadline of 50 ms and was abandoned"), d.reasons()::toString);
      assertEquals(1, p.abandonedCalls());
      assertTrue(gaveUp.await(10, TimeUnit.SECONDS), "the abandoned call was interrupted");
      assertTrue(interrupted.get());
      assertEquals(1, audit.size());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aScorerOnAnExecutor_givesTheSameDecisionAsADirectCall() {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      DecisionPipeline direct = pipeline().scorer(new TestScorer(SCHEMA, "m")).build();
      DecisionPipeline offThread = pipeline().scorer(new TestScorer(SCHEMA, "m"), pool).timeBudget(Duration.ofSeconds(10)).build();
      for (double p : new double[] {0.05, 0.3, 0.6, 0.9}) {
        Decision a = direct.decide(row(p, 10));
        Decision b = offThread.decide(row(p, 10));
        assertEquals(a.action(), b.action());
        assertEquals(a.scores(), b.scores());
        assertEquals(a.reasons(), b.reasons());
      }
      assertEquals(0, offThread.abandonedCalls());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aDeadlineWithoutABudget_isRefusedAtBuild() {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> pipeline().scorer(new TestScorer(SCHEMA, "m"), pool).build());
      assertTrue(e.getMessage().contains("no timeBudget"), e.getMessage());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void malformedMaps_becomeAuditedReviewsListingEveryProblem() {
    DecisionPipeline p = pipeline().scorer(new TestScorer(SCHEMA, "m")).build();
    Map<String, Object> bad = new HashMap<>();
    bad.put("p", Double.NaN);
    bad.put("amount", "lots");
    bad.put("acount", "typo");
    bad.put(null, 1);
    bad.put("account", "x".repeat(Features.MAX_STRING_LENGTH + 1));
    Decision d = p.decide(bad);
    assertTrue(d.requiresReview());
    assertEquals("ops", d.queue().orElseThrow());
    assertEquals(5, d.reasons().stream().filter(r -> r.startsWith("invalid record: ")).count(), d.reasons()::toString);
    assertTrue(d.reasons().stream().anyMatch(r -> r.contains("feature 'p' is NaN")), d.reasons()::toString);
    assertTrue(d.reasons().stream().anyMatch(r -> r.contains("unknown feature 'acount'")), d.reasons()::toString);
    assertTrue(d.reasons().stream().anyMatch(r -> r.contains("null key")), d.reasons()::toString);
    assertTrue(d.reasons().stream().anyMatch(r -> r.contains("expects NUMBER")), d.reasons()::toString);
    assertTrue(d.reasons().stream().anyMatch(r -> r.contains("more than the limit")), d.reasons()::toString);
    assertEquals(1, audit.size());
    assertEquals(1, queue.size());

    Decision good = p.decide(Map.of("p", 0.9, "amount", 10, "account", "A-1"));
    assertEquals(p.decide(row(0.9, 10)).action(), good.action());
    assertFalse(good.requiresReview());
  }

  @Test
  void strictFeaturesOf_namesANullKeyInsteadOfThrowingNpe() {
    Map<String, Object> bad = new HashMap<>();
    bad.put(null, 1);
    dev.scoring.api.RecordException e = assertThrows(dev.scoring.api.RecordException.class, () -> Features.of(SCHEMA, bad));
    assertEquals(dev.scoring.api.RecordException.Problem.UNKNOWN_FEATURE, e.problem());
    assertTrue(e.getMessage().contains("null key"), e.getMessage());
  }

  @Test
  void aFailingQueue_isVisibleOnTheDecision() {
    DecisionPipeline p = DecisionPipeline.builder(SCHEMA).policy(DecisionPipelineTest.policy()).audit(audit)
        .reviewQueue(failingQueue()).scorer(new TestScorer(SCHEMA, "m")).build();
    Decision d = p.decide(row(0.3, 10));
    assertEquals(ReviewStatus.STORE_FAILED, d.review());
    assertTrue(d.reasons().contains("the review queue failed to store the record: IllegalStateException: database down"),
        d.reasons()::toString);
    assertEquals(1, audit.size());
    assertEquals(1, p.storeFailures());
  }

  /** A queue whose every method fails, as a database-backed queue does when the database is down. */
  private static dev.scoring.review.ReviewQueue failingQueue() {
    return (dev.scoring.review.ReviewQueue) java.lang.reflect.Proxy.newProxyInstance(
        DecisionPipelinePromiseTest.class.getClassLoader(), new Class<?>[] {dev.scoring.review.ReviewQueue.class},
        (proxy, method, args) -> {
          throw new IllegalStateException("database down");
        });
  }

  @Test
  void pointsIntoProbabilityBands_areRefusedAtBuild() {
    FnScorer card = new FnScorer(SCHEMA, "card", ScoreKind.POINTS, r -> Score.points(16, new dev.scoring.api.Provenance("card", "t", "1", "d")));
    IllegalStateException asScorer = assertThrows(IllegalStateException.class, () -> pipeline().scorer(card).build());
    assertTrue(asScorer.getMessage().contains("gives points but the bands [0, 0.2) [0.2, 0.5) [0.5, 0.8) [0.8, 1) read probabilities"),
        asScorer.getMessage());
    IllegalStateException asBaseline = assertThrows(IllegalStateException.class,
        () -> pipeline().scorer(new TestScorer(SCHEMA, "m")).baseline(card).build());
    assertTrue(asBaseline.getMessage().contains("the baseline 'card' gives points"), asBaseline.getMessage());
    IllegalStateException rulePoints = assertThrows(IllegalStateException.class,
        () -> pipeline().combiner(Combiner.points()).build());
    assertTrue(rulePoints.getMessage().contains("gives points"), rulePoints.getMessage());
    IllegalStateException mixed = assertThrows(IllegalStateException.class,
        () -> pipeline().scorer(FnScorer.logit(SCHEMA, "lr", 0, 1)).scorer(card).combiner(Combiner.weighted(0.5, 0.5)).build());
    assertTrue(mixed.getMessage().contains("different kinds"), mixed.getMessage());
    IllegalStateException weights = assertThrows(IllegalStateException.class,
        () -> pipeline().scorer(FnScorer.logit(SCHEMA, "lr", 0, 1)).combiner(Combiner.weighted(0.5, 0.5)).build());
    assertTrue(weights.getMessage().contains("2 weights for 1 scores"), weights.getMessage());
    GuardrailPolicy pointBands = GuardrailPolicy.builder().band(-100, 20, Action.route("nurture")).band(20, 200, Action.route("sales")).build();
    IllegalStateException probabilityIntoPoints = assertThrows(IllegalStateException.class,
        () -> DecisionPipeline.builder(SCHEMA).scorer(FnScorer.logit(SCHEMA, "lr", 0, 1)).policy(
            GuardrailPolicy.builder().band(10, 20, Action.route("a")).band(20, 200, Action.route("b")).build()).build());
    assertTrue(probabilityIntoPoints.getMessage().contains("no band"), probabilityIntoPoints.getMessage());
    Decision d = pipeline().scorer(new TestScorer(SCHEMA, "m")).baseline(card, pointBands).build().decide(row(0.9, 10));
    assertEquals(Action.auto("fast-track"), d.action());
  }

  @Test
  void dropFailed_keepsTheValidScoreAndRenormalisesTheWeights() {
    FnScorer trees = FnScorer.logit(SCHEMA, "trees", 0, 1);
    FnScorer lr = failing("lr", new dev.scoring.api.RecordException(dev.scoring.api.RecordException.Problem.MISSING_VALUE, "country",
        "feature 'country' is missing and the model never saw a missing value"));
    DecisionPipeline p = pipeline().scorer(trees).scorer(lr).combiner(Combiner.weighted(0.25, 0.75))
        .onScorerFailure(ScorerFailurePolicy.DROP_FAILED).baseline(new TestScorer(SCHEMA, "base")).build();
    Decision d = p.decide(row(2.0, 10));
    double expected = 1 / (1 + Math.exp(-2.0));
    assertEquals(expected, d.score(), 1e-12);
    assertFalse(d.fallback());
    assertEquals(List.of("trees"), d.scores().stream().map(s -> s.provenance().scorerId()).toList());
    assertTrue(d.requiresReview());
    assertTrue(d.reasons().contains("scorer lr failed: feature 'country' is missing and the model never saw a missing value; "
        + "left out of the combination"), d.reasons()::toString);
    DecisionPipeline fallBack = pipeline().scorer(trees).scorer(lr).combiner(Combiner.weighted(0.25, 0.75))
        .baseline(new TestScorer(SCHEMA, "base")).build();
    Decision f = fallBack.decide(row(0.7, 10));
    assertTrue(f.fallback());
    assertEquals(0.7, f.score());
    IllegalStateException lambda = assertThrows(IllegalStateException.class, () -> pipeline().scorer(trees)
        .combiner((s, pts) -> s[0]).onScorerFailure(ScorerFailurePolicy.DROP_FAILED).build());
    assertTrue(lambda.getMessage().contains("leave a failed scorer out"), lambda.getMessage());
  }

  @Test
  void explanationsAreOffTheDecisionPathByDefault() {
    FnScorer lr = FnScorer.logit(SCHEMA, "lr", -1, 2);
    DecisionPipeline p = pipeline().scorer(lr).build();
    Decision d = p.decide(row(0.3, 10));
    assertTrue(d.requiresReview());
    assertEquals(0, lr.explained.get());
    assertTrue(d.reasons().stream().noneMatch(r -> r.startsWith("factor:")), d.reasons()::toString);
    Decision explained = pipeline().scorer(lr).explainReviews(2).build().decide(row(0.3, 10));
    assertEquals(1, lr.explained.get());
    assertTrue(explained.reasons().stream().anyMatch(r -> r.startsWith("factor:")), explained.reasons()::toString);
  }

  @Test
  void bandReviewReasons_areStatedOnce() {
    Decision d = pipeline().scorer(new TestScorer(SCHEMA, "m")).build().decide(row(0.3, 10));
    assertEquals(List.of("score in band [0.2, 0.5): review in sdr: uncertain"), d.reasons());
    assertEquals(Action.review("sdr", "uncertain"), d.action());
  }

  @Test
  void explain_explainsTheCombinedScoreInOneUnitWithLabels() {
    FeatureSchema labelled = FeatureSchema.builder().number("p").number("amount").category("account")
        .label("p", "Web visits").format("p", "%.1f per week").build();
    FnScorer a = FnScorer.logit(labelled, "a", -1, 2);
    FnScorer b = FnScorer.logit(labelled, "b", 0.5, -1);
    DecisionPipeline p = DecisionPipeline.builder(labelled).policy(DecisionPipelineTest.policy())
        .scorer(a).scorer(b).combiner(Combiner.weighted(0.25, 0.75)).build();
    Features row = Features.of(labelled, Map.of("p", 1.5, "amount", 10));
    Explanation e = p.explain(row);
    Decision d = p.decide(row);
    assertEquals(d.score(), e.margin(), 1e-12);
    assertEquals(Explanation.Unit.PROBABILITY, e.unit());
    double pa = 1 / (1 + Math.exp(-2.0));
    double pb = 1 / (1 + Math.exp(1.0));
    double expected = 0.25 * (pa - 1 / (1 + Math.exp(1.0))) + 0.75 * (pb - 1 / (1 + Math.exp(-0.5)));
    assertEquals(1, e.contributions().size());
    assertEquals(expected, e.contributions().get(0).weight(), 1e-12);
    assertEquals(-0.1122, expected, 1e-4);
    assertEquals("Web visits = 1.5 per week lowers the probability by 11.2 points", e.reasons(3).get(0));

    DecisionPipeline single = DecisionPipeline.builder(labelled).policy(DecisionPipelineTest.policy()).scorer(a).build();
    Explanation one = single.explain(row);
    assertEquals(Explanation.Unit.LOG_ODDS, one.unit());
    assertEquals("Web visits = 1.5 per week raises the odds 20.1×", one.reasons(3).get(0));
  }
}
