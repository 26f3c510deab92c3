package dev.scoring.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.Decision;
import dev.scoring.api.Features;
import dev.scoring.api.Score;
import dev.scoring.decision.DecisionPipeline;
import dev.scoring.review.AuditSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Two threads decide while a third swaps the scorer 1,000 times (one in ten a rollback): no call
 * fails, every audit record names a version that was live while its decision ran, and every decision
 * scores exactly what its version scores alone. {@code -DswapLoad.decisions=1000000} runs the full
 * count (10^6 decisions per thread); the default keeps the test to a few seconds.
 */
final class SwapUnderLoadTest {

  private static final int THREADS = 2;
  private static final int SWAPS = 1_000;

  @Test
  void twoThreadsDecideWhileTheScorerIsSwappedAThousandTimes() throws Exception {
    int perThread = Integer.getInteger("swapLoad.decisions", 50_000);
    Features[] rows = new Features[61];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = LivePipelineTest.row(-3 + i * 0.1);
    }
    VersionedScorer[] versions = new VersionedScorer[SWAPS + 2];
    VersionedScorer[] alone = new VersionedScorer[SWAPS + 2];
    for (int k = 1; k < versions.length; k++) {
      versions[k] = new VersionedScorer(k);
      alone[k] = new VersionedScorer(k);
    }
    AtomicLong audited = new AtomicLong();
    AtomicLong wrongScores = new AtomicLong();
    AtomicReference<String> firstProblem = new AtomicReference<>();
    AuditSink audit = record -> {
      Decision d = record.decision();
      audited.incrementAndGet();
      Features input = record.input();
      if (d.scores().size() != 1 || input == null) {
        return; // counted as a failed call by the deciding thread
      }
      Score s = d.scores().get(0);
      int k = Integer.parseInt(s.provenance().modelVersion().substring(2));
      if (Double.doubleToLongBits(alone[k].score(input).value()) != Double.doubleToLongBits(d.score())) {
        wrongScores.incrementAndGet();
        firstProblem.compareAndSet(null, d.id() + " scored " + d.score() + " by m@" + k);
      }
    };
    LivePipeline live = LivePipeline.builder(Stages.builder().scorer("score", versions[1]).build(),
            s -> DecisionPipeline.builder(VersionedScorer.SCHEMA).scorer(s.scorer("score"))
                .policy(LivePipelineTest.POLICY).audit(audit))
        .smokeCheck("score", SmokeCheck.probabilities(List.of(rows[0], rows[30], rows[60])))
        .build();

    long total = (long) THREADS * perThread;
    AtomicLong progress = new AtomicLong();
    java.util.concurrent.atomic.AtomicInteger swapsDone = new java.util.concurrent.atomic.AtomicInteger();
    long[][] decisionStart = new long[THREADS][perThread];
    long[][] decisionEnd = new long[THREADS][perThread];
    int[][] decisionVersion = new int[THREADS][perThread];
    AtomicLong failed = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int id = t;
      threads.add(new Thread(() -> {
        for (int n = 0; n < perThread; n++) {
          // keep the deciders at most two swap periods ahead of the swapper, so swaps spread over the run
          while (swapsDone.get() < SWAPS && progress.get() > (swapsDone.get() + 2L) * total / (SWAPS + 1)) {
            Thread.yield();
          }
          long start = System.nanoTime();
          try {
            Decision d = live.decide(rows[(n * 7 + id) % rows.length]);
            decisionEnd[id][n] = System.nanoTime();
            decisionStart[id][n] = start;
            if (d.fallback() || d.scores().size() != 1) {
              failed.incrementAndGet();
              firstProblem.compareAndSet(null, "failed decision: " + d.reasons());
            } else {
              decisionVersion[id][n] = Integer.parseInt(d.scores().get(0).provenance().modelVersion().substring(2));
            }
          } catch (RuntimeException | Error e) {
            failed.incrementAndGet();
            firstProblem.compareAndSet(null, "call threw " + e);
          }
          progress.incrementAndGet();
        }
      }, "decider-" + t));
    }
    // op i installs installed[i] and runs from opStart[i] to opEnd[i]; version 1 is live from the start
    long[] opStart = new long[SWAPS + 1];
    long[] opEnd = new long[SWAPS + 1];
    int[] installed = new int[SWAPS + 1];
    installed[0] = 1;
    opStart[0] = Long.MIN_VALUE;
    opEnd[0] = System.nanoTime();
    threads.forEach(Thread::start);
    int next = 2;
    int rollbacks = 0;
    for (int i = 1; i <= SWAPS; i++) {
      long due = total * i / (SWAPS + 1);
      while (progress.get() < due) {
        Thread.yield();
      }
      opStart[i] = System.nanoTime();
      if (i % 10 == 0) {
        live.rollback("score");
        rollbacks++;
      } else {
        live.swap("score", versions[next++]);
      }
      opEnd[i] = System.nanoTime();
      installed[i] = live.stages().scorer("score") instanceof VersionedScorer v ? v.version : -1;
      swapsDone.incrementAndGet();
    }
    for (Thread t : threads) {
      t.join();
    }

    assertEquals(0, failed.get(), () -> "failed calls; first: " + firstProblem.get());
    assertEquals(total, audited.get());
    assertEquals(0, wrongScores.get(), () -> "scores differ from their version alone; first: " + firstProblem.get());
    assertEquals(SWAPS, live.swaps());
    assertEquals(SWAPS / 10, rollbacks);
    long[] liveUntil = new long[SWAPS + 1];
    for (int i = 0; i <= SWAPS; i++) {
      liveUntil[i] = i < SWAPS ? opEnd[i + 1] : Long.MAX_VALUE;
    }
    long notLive = 0;
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int t = 0; t < THREADS; t++) {
      for (int n = 0; n < perThread; n++) {
        int k = decisionVersion[t][n];
        seen.add(k);
        boolean wasLive = false;
        for (int i = 0; i <= SWAPS && !wasLive; i++) {
          wasLive = installed[i] == k && opStart[i] <= decisionEnd[t][n] && liveUntil[i] >= decisionStart[t][n];
        }
        if (!wasLive) {
          notLive++;
        }
      }
    }
    assertEquals(0, notLive, "decisions naming a version that was not live while they ran");
    assertTrue(seen.size() > SWAPS / 4, "decisions spread over many versions: " + seen.size());
    int current = installed[SWAPS];
    for (int k = 1; k < next; k++) {
      VersionedScorer v = versions[k];
      if (v == live.stages().scorer("score")) {
        assertFalse(v.closed(), "the current version is open");
      } else if (v.closed()) {
        assertEquals(1, v.closes.get(), "m@" + k + " closed once");
      }
    }
    long closed = java.util.Arrays.stream(versions, 1, next).filter(VersionedScorer::closed).count();
    // the last operation was a rollback, which leaves no previous version to keep open
    assertEquals(next - 1 - (SWAPS % 10 == 0 ? 1 : 2), closed,
        "every version but the current one (and the previous one after a swap) is closed; current m@" + current);
    System.out.printf("swap under load: %d threads x %d decisions, %d swaps (%d rollbacks), %d versions seen,"
        + " failed %d, wrong scores %d, not live %d%n", THREADS, perThread, SWAPS, rollbacks, seen.size(),
        failed.get(), wrongScores.get(), notLive);
  }
}
