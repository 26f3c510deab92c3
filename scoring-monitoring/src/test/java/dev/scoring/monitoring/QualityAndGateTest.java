package dev.scoring.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.Provenance;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import dev.scoring.decision.DecisionPipeline;
import dev.scoring.decision.GuardrailPolicy;
import dev.scoring.decision.RuleOutcome;
import dev.scoring.evaluation.BinaryMetrics;
import dev.scoring.evaluation.Calibration;
import dev.scoring.review.InMemoryFeedbackLog;
import dev.scoring.review.LabelledExample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The quality monitor against the offline metrics, and the review gate inside a pipeline. */
final class QualityAndGateTest {

  private static final FeatureSchema SCHEMA = FeatureSchema.builder().number("x").build();

  @Test
  void quality_matchesOfflineMetricsOnTheWindow() {
    QualityMonitor q = QualityMonitor.builder().window(500).minLabels(100).build();
    SplittableRandom r = new SplittableRandom(1);
    double[] s = new double[1200];
    int[] y = new int[1200];
    for (int i = 0; i < s.length; i++) {
      y[i] = r.nextDouble() < 0.3 ? 1 : 0;
      s[i] = Math.round(1 / (1 + Math.exp(-(r.nextGaussian() + 1.5 * y[i] - 1))) * 20) / 20.0;
      q.record(i % 2 == 0 ? "EMEA" : "NA", s[i], y[i]);
    }
    // ALL holds the last 500 labels
    double[] ws = java.util.Arrays.copyOfRange(s, 700, 1200);
    int[] wy = java.util.Arrays.copyOfRange(y, 700, 1200);
    SegmentQuality all = q.report().get(0);
    assertEquals(QualityMonitor.ALL, all.segment());
    assertEquals(500, all.labels());
    assertEquals(BinaryMetrics.rocAuc(ws, wy), all.rocAuc(), 1e-12);
    assertEquals(BinaryMetrics.brier(ws, wy), all.brier(), 1e-12);
    assertEquals(BinaryMetrics.logLoss(ws, wy), all.logLoss(), 1e-12);
    assertEquals(Calibration.of(ws, wy, 10).expectedCalibrationError(), all.expectedCalibrationError(), 1e-12);
    assertEquals(List.of("all", "EMEA", "NA"), q.report().stream().map(SegmentQuality::segment).toList());
  }

  @Test
  void quality_dropsAndRecoversWithEvents() {
    List<MonitorEvent> events = new ArrayList<>();
    QualityMonitor q = QualityMonitor.builder().window(400).minLabels(200).evaluateEvery(50)
        .expectedAuc(0.8).maxAucDrop(0.1).listener(events::add).build();
    SplittableRandom r = new SplittableRandom(2);
    for (int i = 0; i < 800; i++) { // a good model
      int y = r.nextInt(2);
      q.record("EMEA", 1 / (1 + Math.exp(-(r.nextGaussian() + 2.5 * (y - 0.5)))), y);
    }
    assertFalse(q.raised());
    for (int i = 0; i < 800; i++) { // labels arrive that the scores no longer predict
      q.record("EMEA", r.nextDouble(), r.nextInt(2));
    }
    assertTrue(q.raised());
    MonitorEvent.QualityDropped dropped = assertInstanceOf(MonitorEvent.QualityDropped.class, events.get(0));
    assertTrue(dropped.reason().contains("AUC"), dropped.reason());
    assertEquals(0.8, dropped.quality().baselineAuc());
    for (int i = 0; i < 800; i++) {
      int y = r.nextInt(2);
      q.record("EMEA", 1 / (1 + Math.exp(-(r.nextGaussian() + 2.5 * (y - 0.5)))), y);
    }
    assertFalse(q.raised());
    assertTrue(events.stream().anyMatch(e -> e instanceof MonitorEvent.QualityRecovered));
    assertThrows(IllegalArgumentException.class, () -> q.record(0.5, 2));
    assertThrows(IllegalArgumentException.class, () -> q.record(Double.NaN, 1));
  }

  @Test
  void quality_consumesTheFeedbackLogOnce() {
    InMemoryFeedbackLog log = new InMemoryFeedbackLog();
    Features row = Features.builder(SCHEMA).set("x", 0.7).build();
    Decision d = new Decision("d-1", Action.auto("fast-track"), Action.auto("fast-track"), 0.7, List.of(), List.of(), List.of(),
        false, dev.scoring.api.ReviewStatus.NOT_NEEDED, Instant.EPOCH);
    for (int i = 0; i < 10; i++) {
      log.record(LabelledExample.outcome(d, row, i % 3 == 0 ? "won" : "lost", "closed", Instant.EPOCH));
    }
    QualityMonitor q = QualityMonitor.builder().window(100).minLabels(2).build();
    assertEquals(10, q.consume(log, ex -> ex.input().number(0), ex -> ex.label().equals("won") ? 1 : 0, ex -> "EMEA"));
    assertEquals(0, q.consume(log, ex -> ex.input().number(0), ex -> ex.label().equals("won") ? 1 : 0, ex -> "EMEA"));
    SegmentQuality all = q.report().get(0);
    assertEquals(10, all.labels());
    assertEquals(4, all.positives());
  }

  /** A scorer that returns feature x as the probability. */
  private static final class Identity implements Scorer {
    final Provenance provenance = new Provenance("identity", "test", "1", "none");

    @Override
    public Provenance provenance() {
      return provenance;
    }

    @Override
    public FeatureSchema schema() {
      return SCHEMA;
    }

    @Override
    public Score score(Features row) {
      return Score.probability(row.number(0), 0, provenance);
    }

    @Override
    public Explanation explain(Features row) {
      return new Explanation("identity", 0, List.of(), List.of());
    }
  }

  @Test
  void gate_sendsEverythingToReviewWhileRaised() {
    AtomicBoolean raised = new AtomicBoolean();
    Alarm alarm = new Alarm() {
      @Override
      public String name() {
        return "drift";
      }

      @Override
      public boolean raised() {
        return raised.get();
      }
    };
    GuardrailPolicy policy = GuardrailPolicy.builder()
        .band(0, 0.5, Action.route("nurture")).band(0.5, 1, Action.auto("fast-track")).build();
    DecisionPipeline pipeline = DecisionPipeline.builder(SCHEMA)
        .rules(ReviewGate.builder().on(alarm).build()).scorer(new Identity()).policy(policy).build();
    Features row = Features.builder(SCHEMA).set("x", 0.9).build();
    assertFalse(pipeline.decide(row).requiresReview());
    raised.set(true);
    Decision d = pipeline.decide(row);
    assertTrue(d.requiresReview());
    assertTrue(d.reasons().stream().anyMatch(s -> s.contains("monitor 'drift' alarm raised")), d.reasons().toString());
    // the same outcome instance every time: no allocation per record
    ReviewGate gate = ReviewGate.builder().on(alarm).build();
    assertSame(gate.evaluate(row), gate.evaluate(row));
  }

  @Test
  void gate_widenedBandFlagsOnlyUncertainScores() {
    Alarm on = new Alarm() {
      @Override
      public String name() {
        return "quality";
      }

      @Override
      public boolean raised() {
        return true;
      }
    };
    ReviewGate gate = ReviewGate.builder().on(on).widenedBand(new Identity(), 0.3, 0.8).build();
    assertInstanceOf(RuleOutcome.Adjust.class, gate.evaluate(Features.builder(SCHEMA).set("x", 0.75).build()));
    assertSame(RuleOutcome.pass(), gate.evaluate(Features.builder(SCHEMA).set("x", 0.9).build()));
    assertSame(RuleOutcome.pass(), gate.evaluate(Features.builder(SCHEMA).set("x", 0.1).build()));
    assertThrows(IllegalStateException.class, () -> ReviewGate.builder().build());
    assertThrows(IllegalArgumentException.class, () -> ReviewGate.builder().widenedBand(new Identity(), 0.5, 0.5));
  }

  @Test
  void quality_isThreadSafe() throws InterruptedException {
    QualityMonitor q = QualityMonitor.builder().window(10_000).minLabels(100).build();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      long seed = t;
      threads.add(new Thread(() -> {
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 2_000; i++) {
          q.record(seed % 2 == 0 ? "EMEA" : "NA", r.nextDouble(), r.nextInt(2));
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    List<SegmentQuality> report = q.report();
    assertEquals(8_000, report.get(0).labels());
    assertEquals(4_000, report.get(1).labels());
    assertEquals(4_000, report.get(2).labels());
  }

  @Test
  void builders_rejectBadSettings() {
    assertThrows(IllegalArgumentException.class, () -> QualityMonitor.builder().window(100).minLabels(500).build());
    assertThrows(IllegalArgumentException.class, () -> QualityMonitor.builder().window(1));
    assertThrows(IllegalArgumentException.class, () -> QualityMonitor.builder().expectedAuc(1.5));
    assertThrows(IllegalArgumentException.class, () -> QualityMonitor.builder().maxEce(0));
    ReferenceProfile p = ReferenceProfile.builder(SCHEMA).add(Features.builder(SCHEMA).set("x", 1.0).build(), 0.5).build();
    assertThrows(IllegalArgumentException.class, () -> DriftMonitor.builder(p).window(0));
    assertThrows(IllegalArgumentException.class, () -> DriftMonitor.builder(p).psiAlarm(0));
    assertThrows(IllegalArgumentException.class, () -> DriftMonitor.builder(p).pValueAlarm(2));
    assertThrows(IllegalArgumentException.class, () -> DriftMonitor.builder(p).jensenShannonAlarm(0));
    assertThrows(IllegalArgumentException.class, () -> DriftMonitor.builder(p).window(100).slide(200).build());
    assertThrows(IllegalStateException.class, () -> ReferenceProfile.builder(SCHEMA).build());
    assertThrows(IllegalArgumentException.class, () -> ReferenceProfile.builder(SCHEMA).edges("x", 2, 1));
    assertThrows(IllegalArgumentException.class, () -> ReferenceProfile.builder(SCHEMA).edges("nope", 1));
    assertThrows(IllegalArgumentException.class,
        () -> ReferenceProfile.builder(SCHEMA).add(Features.builder(SCHEMA).set("x", 1.0).build(), Double.POSITIVE_INFINITY));
    assertThrows(IllegalArgumentException.class, () -> FeatureProfile.numeric("x", new double[] {1, 2}, new long[] {1, 2}, 0));
    assertThrows(IllegalArgumentException.class, () -> FeatureProfile.categorical("c", List.of("a", "a"), new long[] {1, 2}, 0, 0));
  }
}
