package dev.scoring.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import dev.scoring.api.Features;
import dev.scoring.api.Scorer;
import dev.scoring.decision.DecisionPipeline;
import dev.scoring.decision.GuardrailPolicy;
import dev.scoring.decision.RuleOutcome;
import dev.scoring.decision.RuleStage;
import dev.scoring.lifecycle.LivePipeline;
import dev.scoring.lifecycle.Stages;
import dev.scoring.review.InMemoryAuditSink;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Hot swap with real ONNX Runtime sessions: a swapped-out ONNX scorer is closed (its session
 * freed) only after the last decision using it ends. A decision is held in a rule stage before
 * it scores; meanwhile the scorer is swapped twice, so the held decision's version is neither
 * current nor previous; released, the decision still scores with its own (open) session.
 */
final class LiveSwapOnnxTest {

  static final GuardrailPolicy POLICY = GuardrailPolicy.builder()
      .band(0.0, 0.3, Action.review("sdr", "low"))
      .band(0.3, 0.7, Action.route("inside-sales"))
      .band(0.7, 1.0, Action.auto("fast-track"))
      .build();

  static Scorer mlp(long seed) {
    return Fixtures.bytes(OnnxModels.mlp(4, 8, seed).bytes(), OnnxGeneratedModelsTest.MLP_SCHEMA,
        OnnxGeneratedModelsTest.mlpOptions());
  }

  @Test
  void aSwappedOutOnnxScorer_isClosedOnlyAfterTheLastDecisionUsingItEnds() throws Exception {
    Features row = OnnxGeneratedModelsTest.mlpRows(1, 3).get(0);
    Scorer v1 = mlp(7);
    double v1Score = v1.score(row).value();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch hold = new CountDownLatch(1);
    AtomicBoolean holdNext = new AtomicBoolean(true);
    RuleStage gate = r -> {
      if (holdNext.compareAndSet(true, false)) {
        entered.countDown();
        try {
          hold.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return RuleOutcome.pass();
    };
    Scorer v2 = mlp(8);
    Scorer v3 = mlp(9);
    InMemoryAuditSink audit = new InMemoryAuditSink();
    LivePipeline live = LivePipeline.builder(Stages.builder().rules("gate", gate).scorer("score", v1).build(),
        s -> DecisionPipeline.builder(OnnxGeneratedModelsTest.MLP_SCHEMA).rules(s.rules("gate")).scorer(s.scorer("score"))
            .policy(POLICY).audit(audit)).build();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Decision> inFlight = pool.submit(() -> live.decide(row));
      assertTrue(entered.await(30, TimeUnit.SECONDS));
      live.swap("score", v2);
      live.swap("score", v3);  // v1 is neither current nor previous: only the held decision uses it
      Decision now = live.decide(row);
      assertEquals(v3.score(row).value(), now.score(), 1e-12);
      assertEquals(v1Score, v1.score(row).value(), 0.0, "v1's session is still open while a decision holds it");

      hold.countDown();
      Decision held = inFlight.get(30, TimeUnit.SECONDS);
      assertFalse(held.fallback(), held.reasons().toString());
      assertEquals(v1Score, held.score(), 0.0, "the held decision scored with v1's session, after two swaps");
      assertEquals(v1.provenance(), held.scores().get(0).provenance());
      IllegalStateException closed = assertThrows(IllegalStateException.class, () -> v1.score(row),
          "v1 is closed once its last decision ended");
      assertTrue(closed.getMessage().contains("is closed"), closed.getMessage());
      assertEquals(v3.score(row).value(), live.decide(row).score(), 1e-12);
      assertEquals(List.of(v1Score, v3.score(row).value()), List.of(held.score(), now.score()));
    } finally {
      pool.shutdownNow();
      live.stages().scorer("score").close();
      v2.close();
    }
  }
}
