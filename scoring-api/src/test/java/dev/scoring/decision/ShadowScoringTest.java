package dev.scoring.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.Score;
import dev.scoring.api.ScoreKind;
import dev.scoring.review.BoundedReviewQueue;
import dev.scoring.review.InMemoryAuditSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Shadow scoring never changes or delays the champion's decision; every challenger call is accounted for. */
final class ShadowScoringTest {

  static final FeatureSchema SCHEMA = DecisionPipelineTest.SCHEMA;
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

  private static Supplier<String> ids() {
    AtomicLong n = new AtomicLong();
    return () -> "d-" + n.incrementAndGet();
  }

  private static DecisionPipeline.Builder pipeline() {
    return DecisionPipeline.builder(SCHEMA).policy(DecisionPipelineTest.policy()).audit(new InMemoryAuditSink())
        .reviewQueue(new BoundedReviewQueue(100_000)).clock(CLOCK).ids(ids()).scorer(new TestScorer(SCHEMA, "champion"));
  }

  private static List<Features> rows(int n) {
    List<Features> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(Features.of(SCHEMA, Map.of("p", (i * 37 % 100) / 100.0, "amount", i % 10 == 0 ? 200_000 : 1_000,
          "account", "A-" + i)));
    }
    return rows;
  }

  /** A challenger that scores 1 - p: it disagrees with the champion on most rows. */
  private static FnScorer inverse(String id) {
    return new FnScorer(SCHEMA, id, ScoreKind.PROBABILITY, row -> Score.probability(1 - row.number(0), 0, 
        new dev.scoring.api.Provenance(id, "test", "2", "sha256:33")));
  }

  private static List<Decision> decideAll(DecisionPipeline p, List<Features> rows) {
    List<Decision> out = new ArrayList<>();
    for (Features r : rows) {
      out.add(p.decide(r));
    }
    return out;
  }

  @Test
  void inline_logsWouldBeActions_andLeavesDecisionsUnchanged() {
    List<Features> rows = rows(200);
    List<Decision> plain = decideAll(pipeline().build(), rows);
    InMemoryShadowLog log = new InMemoryShadowLog();
    ShadowScoring shadow = ShadowScoring.builder(log).challenger(inverse("inverse")).inline(Duration.ofSeconds(5)).build();
    List<Decision> shadowed = decideAll(pipeline().shadow(shadow).build(), rows);
    assertEquals(plain, shadowed);
    assertEquals(200, log.records().size());
    assertEquals(new ShadowScoring.Stats(200, 200, 200, 0, 0, 0, 0), shadow.stats());
    for (int i = 0; i < rows.size(); i++) {
      ShadowRecord r = log.records().get(i);
      Decision d = plain.get(i);
      assertEquals(d.id(), r.decisionId());
      assertEquals(ShadowRecord.actionKey(d.action()), r.championAction());
      double p = rows.get(i).number(0);
      assertEquals(1 - p, r.challengerScore(), 1e-15);
      double q = 1 - p;
      String expected = q < 0.2 ? "review ops" : q < 0.5 ? "review sdr" : q < 0.8 ? "route inside-sales" : "auto fast-track";
      if (rows.get(i).number(1) > 100_000 && !expected.startsWith("review")) {
        expected = "review ops";  // the high-impact constraint applies to the challenger's action too
      }
      assertEquals(expected, r.challengerAction(), "row " + i);
    }
  }

  @Test
  void sample_isTheDeterministicShareByDecisionId() {
    InMemoryShadowLog log = new InMemoryShadowLog();
    ShadowScoring shadow = ShadowScoring.builder(log).challenger(inverse("inverse")).sample(0.3)
        .inline(Duration.ofSeconds(5)).build();
    List<Decision> ds = decideAll(pipeline().shadow(shadow).build(), rows(2_000));
    Set<String> expected = new HashSet<>();
    for (Decision d : ds) {
      if (shadow.sampled(d.id())) {
        expected.add(d.id());
      }
    }
    Set<String> logged = new HashSet<>();
    log.records().forEach(r -> logged.add(r.decisionId()));
    assertEquals(expected, logged);
    assertTrue(logged.size() > 500 && logged.size() < 700, "about 30% of 2,000: " + logged.size());
    assertEquals(2_000, shadow.stats().decisions());
    assertEquals(logged.size(), shadow.stats().sampled());
  }

  @Test
  void throwingChallenger_isLoggedAsFailed_decisionUnchanged() {
    List<Features> rows = rows(50);
    List<Decision> plain = decideAll(pipeline().build(), rows);
    InMemoryShadowLog log = new InMemoryShadowLog();
    FnScorer thrower = new FnScorer(SCHEMA, "thrower", ScoreKind.PROBABILITY, row -> {
      throw new IllegalStateException("challenger broke");
    });
    FnScorer overflow = new FnScorer(SCHEMA, "overflow", ScoreKind.PROBABILITY, row -> {
      throw new StackOverflowError();
    });
    FnScorer none = new FnScorer(SCHEMA, "none", ScoreKind.PROBABILITY, row -> null);
    ShadowScoring shadow = ShadowScoring.builder(log).challenger(thrower).challenger(overflow).challenger(none)
        .inline(Duration.ofSeconds(5)).build();
    assertEquals(plain, decideAll(pipeline().shadow(shadow).build(), rows));
    assertEquals(150, shadow.stats().failed());
    assertEquals(0, shadow.stats().scored());
    assertTrue(log.records().stream().allMatch(r -> r.status() == ShadowRecord.Status.FAILED && r.challengerAction() == null));
    assertTrue(log.records().get(0).detail().contains("challenger broke"), log.records().get(0).detail());
  }

  @Test
  void slowInlineChallenger_isOverBudget_andItsScoreIsNotUsed() {
    List<Features> rows = rows(5);
    List<Decision> plain = decideAll(pipeline().build(), rows);
    InMemoryShadowLog log = new InMemoryShadowLog();
    TestScorer slow = new TestScorer(SCHEMA, "slow", TestScorer.Mode.SLOW, 20_000_000L);
    ShadowScoring shadow = ShadowScoring.builder(log).challenger(slow).inline(Duration.ofMillis(2)).build();
    assertEquals(plain, decideAll(pipeline().shadow(shadow).build(), rows));
    ShadowScoring.Stats s = shadow.stats();
    assertEquals(5, s.overBudget() + s.dropped(), s.toString());
    assertEquals(0, s.scored());
    for (ShadowRecord r : log.records()) {
      assertEquals(ShadowRecord.Status.OVER_BUDGET, r.status());
      assertTrue(Double.isNaN(r.challengerScore()));
      assertTrue(r.nanos() >= 2_000_000L, "waited the whole budget: " + r.nanos());
    }
    shadow.close();
  }

  /** A challenger that never returns (and ignores interrupts) until released. */
  private static FnScorer hanging(String id, CountDownLatch release) {
    return new FnScorer(SCHEMA, id, ScoreKind.PROBABILITY, row -> {
      boolean interrupted = false;
      while (true) {
        try {
          release.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;  // a badly behaved plugin: it keeps hanging
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return Score.probability(0.9, 2.2, new dev.scoring.api.Provenance(id, "test", "1", "sha256:44"));
    });
  }

  @Test
  void hangingInlineChallenger_delaysNoDecisionBeyondTheBudget_andEveryCallIsCounted() {
    int n = 4 * ShadowScoring.INLINE_WORKERS_PER_PROCESSOR * Runtime.getRuntime().availableProcessors() * 2 + 5;
    List<Features> rows = rows(n);
    List<Decision> plain = decideAll(pipeline().build(), rows);
    CountDownLatch release = new CountDownLatch(1);
    InMemoryShadowLog log = new InMemoryShadowLog();
    long budget = Duration.ofMillis(20).toNanos();
    try (ShadowScoring shadow = ShadowScoring.builder(log).challenger(hanging("hanging", release)).challenger(inverse("inverse"))
        .inline(Duration.ofNanos(budget)).build()) {
      DecisionPipeline p = pipeline().shadow(shadow).build();
      List<Decision> shadowed = new ArrayList<>();
      long[] slowestHolder = new long[1];
      // a decision that waited for the hanging challenger would never return: fail instead of hanging
      assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
        for (Features row : rows) {
          long start = System.nanoTime();
          shadowed.add(p.decide(row));
          slowestHolder[0] = Math.max(slowestHolder[0], System.nanoTime() - start);
        }
      });
      long slowest = slowestHolder[0];
      assertEquals(plain, shadowed, "the hanging challenger changes no decision");
      // generous slack for a loaded machine: the point is that no call waits for the hanging challenger
      assertTrue(slowest < budget + Duration.ofSeconds(2).toNanos(), "slowest decision " + slowest / 1e6 + " ms");
      ShadowScoring.Stats s = shadow.stats();
      assertEquals(n, s.sampled());
      assertEquals(2L * n, s.scored() + s.failed() + s.overBudget() + s.dropped(), s.toString());
      assertEquals(0, s.failed());
      // the hanging challenger holds a worker per call and ignores interrupts: once the pool is full its calls are dropped
      long hangingOver = log.records().stream()
          .filter(r -> r.challenger().scorerId().equals("hanging") && r.status() == ShadowRecord.Status.OVER_BUDGET).count();
      assertTrue(hangingOver > 0 && s.dropped() > 0, s.toString());
      assertTrue(log.records().stream().noneMatch(r -> r.challenger().scorerId().equals("hanging")
          && r.status() == ShadowRecord.Status.SCORED), "a hung call's late score is never used");
      assertTrue(log.records().stream().allMatch(r -> r.status() != ShadowRecord.Status.OVER_BUDGET
          || r.nanos() >= budget), "over budget only after the whole budget");
      release.countDown();
    }
  }

  @Test
  void hangingBackgroundChallenger_neverDelaysTheChampion_andDroppedWorkIsCounted() throws Exception {
    List<Features> rows = rows(50);
    List<Decision> plain = decideAll(pipeline().build(), rows);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    FnScorer hanging = new FnScorer(SCHEMA, "hanging", ScoreKind.PROBABILITY, row -> {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Score.probability(0.9, 2.2, new dev.scoring.api.Provenance("hanging", "test", "1", "sha256:44"));
    });
    InMemoryShadowLog log = new InMemoryShadowLog();
    try (ShadowScoring shadow = ShadowScoring.builder(log).challenger(hanging).background(1, 2).build()) {
      DecisionPipeline p = pipeline().shadow(shadow).build();
      List<Decision> shadowed = new ArrayList<>();
      shadowed.add(p.decide(rows.get(0)));
      assertTrue(entered.await(10, java.util.concurrent.TimeUnit.SECONDS));
      // the worker hangs: the next two decisions queue, the other 47 are dropped; no call waits
      assertTimeoutPreemptively(Duration.ofSeconds(10), () -> shadowed.addAll(decideAll(p, rows.subList(1, 50))));
      assertEquals(plain, shadowed);
      assertEquals(47, shadow.stats().dropped());
      assertEquals(0, log.records().size());
      release.countDown();
      assertTrue(shadow.awaitIdle(Duration.ofSeconds(10)));
      assertEquals(3, log.records().size());
      ShadowScoring.Stats s = shadow.stats();
      assertEquals(50, s.sampled());
      assertEquals(s.sampled(), s.scored() + s.failed() + s.overBudget() + s.dropped());
      assertEquals("auto fast-track", log.records().get(2).challengerAction());
    }
  }

  @Test
  void close_countsQueuedAndLaterBackgroundWorkAsDropped() throws Exception {
    List<Features> rows = rows(7);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    FnScorer hanging = new FnScorer(SCHEMA, "hanging", ScoreKind.PROBABILITY, row -> {
      entered.countDown();
      try {
        never.await();  // until close() interrupts it
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Score.probability(0.9, 2.2, new dev.scoring.api.Provenance("hanging", "test", "1", "sha256:44"));
    });
    InMemoryShadowLog log = new InMemoryShadowLog();
    ShadowScoring shadow = ShadowScoring.builder(log).challenger(hanging).background(1, 10).build();
    DecisionPipeline p = pipeline().shadow(shadow).build();
    p.decide(rows.get(0));
    assertTrue(entered.await(10, java.util.concurrent.TimeUnit.SECONDS));
    decideAll(p, rows.subList(1, 5));  // queued behind the hanging call
    shadow.close();
    assertEquals(4, shadow.stats().dropped(), "the queued work is dropped and counted at close");
    decideAll(p, rows.subList(5, 7));
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (log.records().isEmpty() && System.nanoTime() < end) {
      Thread.sleep(1);
    }
    ShadowScoring.Stats s = shadow.stats();
    assertEquals(7, s.sampled());
    assertEquals(6, s.dropped());
    assertEquals(1, log.records().size(), "the interrupted call still ends with one record");
    assertEquals(s.sampled(), s.scored() + s.failed() + s.overBudget() + s.dropped(), s.toString());
  }

  @Test
  void failingLog_isCounted_neverSeenByTheDecision() {
    ShadowLog broken = new ShadowLog() {
      @Override
      public void record(ShadowRecord record) {
        throw new IllegalStateException("disk full");
      }

      @Override
      public List<ShadowRecord> records() {
        return List.of();
      }
    };
    ShadowScoring shadow = ShadowScoring.builder(broken).challenger(inverse("inverse")).inline(Duration.ofSeconds(1)).build();
    List<Features> rows = rows(10);
    assertEquals(decideAll(pipeline().build(), rows), decideAll(pipeline().shadow(shadow).build(), rows));
    assertEquals(10, shadow.stats().logFailures());
  }

  @Test
  void ruleDecision_standsForTheChallenger() {
    InMemoryShadowLog log = new InMemoryShadowLog();
    ShadowScoring shadow = ShadowScoring.builder(log).challenger(inverse("inverse")).inline(Duration.ofSeconds(1)).build();
    DecisionPipeline p = pipeline().rules(row -> new RuleOutcome.Decide(Action.route("named-accounts"), List.of(), List.of())).shadow(shadow).build();
    Decision d = p.decide(rows(2).get(1));
    assertEquals("route named-accounts", log.records().get(0).championAction());
    assertEquals("route named-accounts", log.records().get(0).challengerAction());
    assertEquals(d.id(), log.records().get(0).decisionId());
  }

  @Test
  void builder_refusesWhatCannotWork() {
    InMemoryShadowLog log = new InMemoryShadowLog();
    assertThrows(IllegalStateException.class, () -> ShadowScoring.builder(log).inline(Duration.ofMillis(1)).build());
    assertThrows(IllegalStateException.class, () -> ShadowScoring.builder(log).challenger(inverse("a")).build());
    assertThrows(IllegalStateException.class,
        () -> ShadowScoring.builder(log).inline(Duration.ofMillis(1)).background(1, 1));
    assertThrows(IllegalArgumentException.class, () -> ShadowScoring.builder(log).sample(0));
    assertThrows(IllegalArgumentException.class,
        () -> ShadowScoring.builder(log).challenger(inverse("a")).challenger(inverse("a")));
    FeatureSchema other = FeatureSchema.builder().number("x").build();
    ShadowScoring foreign = ShadowScoring.builder(log).challenger(new TestScorer(other, "x")).inline(Duration.ofMillis(1)).build();
    assertThrows(IllegalArgumentException.class, () -> pipeline().shadow(foreign));
  }
}
