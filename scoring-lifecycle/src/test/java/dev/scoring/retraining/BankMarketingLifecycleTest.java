package dev.scoring.retraining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import dev.scoring.api.Features;
import dev.scoring.api.Scorer;
import dev.scoring.decision.DecisionPipeline;
import dev.scoring.decision.GuardrailPolicy;
import dev.scoring.decision.InMemoryShadowLog;
import dev.scoring.decision.ShadowScoring;
import dev.scoring.lifecycle.DirectoryModelStore;
import dev.scoring.lifecycle.ModelProvenance;
import dev.scoring.lifecycle.ModelState;
import dev.scoring.lifecycle.ModelVersion;
import dev.scoring.ml.logistic.LogisticModel;
import dev.scoring.ml.logistic.LogisticTrainer;
import dev.scoring.review.BoundedReviewQueue;
import dev.scoring.review.InMemoryAuditSink;
import dev.scoring.review.InMemoryFeedbackLog;
import dev.scoring.review.LabelledExample;
import dev.scoring.review.ReviewItem;
import dev.scoring.shadow.ShadowComparison;
import dev.scoring.shadow.ShadowReport;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop on the bundled bank-marketing data, in time order: a champion trained on the
 * first months (May to August 2008) decides the later months; reviewers label the reviews and
 * outcomes label the automatic decisions (both from the true labels); the retrainer trains a
 * candidate from that feedback, the gate judges it on the most recent held-out window and stores
 * it as shadow; the candidate shadows the champion on the last months; then it is promoted (and
 * rolled back). A deliberately weak candidate is refused by the same gate.
 */
final class BankMarketingLifecycleTest {

  static final String MODEL = "term-deposit";
  static final int EARLY = 4_000;   // May-Aug 2008
  static final int PHASE_A = 6_000; // Oct 2008 - : decided, labelled, used to retrain
  static final Instant T0 = Instant.parse("2008-10-01T00:00:00Z");

  static BankData data;

  @BeforeAll
  static void load() {
    data = BankData.load();
    assertEquals(6_865, data.rows().size());
  }

  static LogisticTrainer.Builder trainer() {
    // pdays: never set before October 2008 (nobody had been called before), so the champion cannot use it
    return LogisticTrainer.builder().exclude("duration").exclude("pdays").minCategoryCount(20).l2(1e-3);
  }

  static GuardrailPolicy policy() {
    return GuardrailPolicy.builder()
        .band(0.0, 0.04, Action.negative("do-not-call"))
        .band(0.04, 0.12, Action.review("agent-review", "uncertain"))
        .band(0.12, 1.0, Action.auto("call-now"))
        .reviewQueue("agent-review").build();
  }

  /** Decides rows [from, to) and records a labelled example for each: reviewers for reviews, outcomes for the rest. */
  static void decideAndLabel(DecisionPipeline p, int from, int to, InMemoryFeedbackLog feedback) {
    for (int i = from; i < to; i++) {
      Features row = data.rows().get(i);
      String label = data.labels().get(i);
      Decision d = p.decide(row);
      Instant at = T0.plus(Duration.ofMinutes(i));
      if (d.requiresReview()) {
        Action chosen = label.equals("yes") ? Action.auto("call-now") : Action.route("nurture");
        feedback.record(LabelledExample.override(new ReviewItem(d, row), "agent-" + (i % 3), chosen, label,
            "reviewer's call, confirmed by the outcome", at));
      } else {
        feedback.record(LabelledExample.outcome(d, row, label, label.equals("yes") ? "subscribed" : "declined", at));
      }
    }
  }

  static DecisionPipeline.Builder pipeline(Scorer champion) {
    AtomicLong ids = new AtomicLong();
    return DecisionPipeline.builder(data.schema()).scorer(champion).policy(policy())
        .reviewQueue(new BoundedReviewQueue(100_000)).audit(new InMemoryAuditSink())
        .clock(Clock.fixed(T0, ZoneOffset.UTC)).ids(() -> "bank-" + ids.incrementAndGet());
  }

  /** The champion (trained on the early months) and the labelled feedback of its decisions on phase A. */
  record Phase(Scorer champion, byte[] championJson, InMemoryFeedbackLog feedback) {}

  static Phase phaseA() {
    LogisticModel model = trainer().positiveClass("yes").modelVersion("2008-08").build()
        .train(data.rows().subList(0, EARLY), data.labels().subList(0, EARLY));
    Scorer champion = model.scorer(MODEL, data.schema());
    InMemoryFeedbackLog feedback = new InMemoryFeedbackLog();
    decideAndLabel(pipeline(champion).build(), EARLY, PHASE_A, feedback);
    return new Phase(champion, model.toJson(), feedback);
  }

  static Retrainer.Builder retrainer(InMemoryFeedbackLog feedback, PromotionGate gate) {
    return Retrainer.builder(feedback, MODEL).positive("yes").trainer(trainer())
        .baseTraining(data.rows().subList(0, EARLY), data.labels().subList(0, EARLY))
        .holdOutShare(0.3).segmentBy("contact").gate(gate).author("nightly-retrain")
        .clock(Clock.fixed(Instant.parse("2009-06-01T00:00:00Z"), ZoneOffset.UTC));
  }

  static PromotionGate.Builder gate() {
    return PromotionGate.builder().level(0.05).maxCalibrationError(0.05).maxSegmentLoss(0.05).minSegmentRows(100);
  }

  /** The Mann-Whitney AUC by counting every positive-negative pair (ties one half): an oracle independent of evaluation. */
  static double pairAuc(double[] s, int[] y) {
    double wins = 0;
    long pairs = 0;
    for (int i = 0; i < s.length; i++) {
      for (int j = 0; j < s.length; j++) {
        if (y[i] == 1 && y[j] == 0) {
          pairs++;
          wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
        }
      }
    }
    return wins / pairs;
  }

  @Test
  void championDecides_feedbackRetrains_candidateShadows_gatePromotes(@TempDir Path dir) throws Exception {
    Phase a = phaseA();
    DirectoryModelStore store = DirectoryModelStore.open(dir);
    store.save(MODEL, "logistic", a.championJson(),
        ModelProvenance.of("test").withTrainingData("bank rows 1-4000 (May-Aug 2008)"), ModelState.CHAMPION);
    assertEquals(2_000, a.feedback().examples().size());
    long overrides = a.feedback().examples().stream().filter(LabelledExample::isOverride).count();
    assertEquals(2_000, overrides, "the early-months champion sends every later record to review");

    RetrainingReport report = retrainer(a.feedback(), gate().build()).store(store, ModelState.SHADOW).build()
        .retrain(a.champion());
    // the gate's figures on the held-out window: the 600 most recent labelled decisions (rows 5,401-6,000)
    assertTrue(report.passed(), report.summary());
    assertEquals(5_400, report.trainingRows());
    assertEquals(4_000, report.baseRows());
    assertEquals(600, report.holdOutRows());
    GateReport g = report.gate();
    assertEquals(55, g.positives());
    List<Features> held = data.rows().subList(5_400, PHASE_A);
    int[] y = held.stream().mapToInt(r -> 0).toArray();
    for (int i = 0; i < y.length; i++) {
      y[i] = data.labels().get(5_400 + i).equals("yes") ? 1 : 0;
    }
    double[] cand = held.stream().mapToDouble(report.candidate()::scoreValue).toArray();
    double[] champ = held.stream().mapToDouble(a.champion()::scoreValue).toArray();
    assertEquals(pairAuc(cand, y), g.candidateAuc(), 1e-12);
    assertEquals(pairAuc(champ, y), g.championAuc(), 1e-12);
    assertEquals(0.5321, g.candidateAuc(), 5e-5);
    assertEquals(0.5030, g.championAuc(), 5e-5);
    assertEquals(0.7389, g.check("not-worse").orElseThrow().value(), 5e-5);
    assertEquals(0.0258, g.candidateCalibrationError(), 5e-5);
    assertEquals(0.0914, g.championCalibrationError(), 5e-5);
    assertEquals(-0.0363, g.check("segments").orElseThrow().value(), 5e-5);
    ModelVersion stored = report.saved().orElseThrow();
    assertEquals(2, stored.version());
    assertEquals(ModelState.SHADOW, stored.state());
    assertEquals(g.candidateAuc(), stored.provenance().metrics().get("auc"), 1e-12);
    assertEquals(1, store.champion(MODEL).orElseThrow().version(), "a shadow version does not decide");

    // shadow the stored candidate beside the champion on the last months
    Scorer candidate = LogisticModel.read(store.read(MODEL, 2), "v2").scorer(MODEL, data.schema());
    InMemoryShadowLog shadowLog = new InMemoryShadowLog();
    InMemoryFeedbackLog later = new InMemoryFeedbackLog();
    try (ShadowScoring shadow = ShadowScoring.builder(shadowLog).challenger(candidate).inline(Duration.ofSeconds(1)).build()) {
      DecisionPipeline plain = pipeline(a.champion()).build();
      DecisionPipeline shadowed = pipeline(a.champion()).shadow(shadow).build();
      decideAndLabel(shadowed, PHASE_A, data.rows().size(), later);
      for (int i = PHASE_A; i < data.rows().size(); i += 50) {
        assertEquals(plain.decide(data.rows().get(i)).action(), later.examples().get(i - PHASE_A).originalAction());
      }
      assertEquals(865, shadow.stats().scored());
    }
    ShadowReport sr = ShadowComparison.builder().positive("yes").segmentBy("contact").build()
        .compare(MODEL, shadowLog.records(), later.examples());
    assertEquals(865, sr.scored());
    assertEquals(743.0 / 865, sr.agreementRate(), 1e-12);
    assertEquals(122L, sr.actionChanges().get("review agent-review").get("auto call-now"));
    ShadowReport.Labelled l = sr.labelled().orElseThrow();
    assertEquals(372, l.positives());
    assertEquals(0.4684, l.championAuc().estimate(), 5e-5);
    assertEquals(0.5868, l.challengerAuc().estimate(), 5e-5);
    assertTrue(l.challengerAuc().lower() > l.championAuc().upper(), "the intervals do not overlap");
    assertTrue(l.comparison().delong().pValue() < 1e-9, "DeLong p " + l.comparison().delong().pValue());
    assertEquals(0.6066, l.challengerAutoPrecision(), 5e-5);

    // promote through the store, then roll back in one call
    store.promote(MODEL, 2);
    assertEquals(2, store.champion(MODEL).orElseThrow().version());
    assertEquals(ModelState.RETIRED, store.version(MODEL, 1).orElseThrow().state());
    assertEquals(1, store.rollback(MODEL).version());
  }

  @Test
  void stricterGate_refusesTheSameCandidate_andRecalibrationPasses(@TempDir Path dir) {
    Phase a = phaseA();
    DirectoryModelStore store = DirectoryModelStore.open(dir);
    RetrainingReport refused = retrainer(a.feedback(), gate().maxCalibrationError(0.02).build())
        .store(store, ModelState.CHAMPION).build().retrain(a.champion());
    assertFalse(refused.passed());
    GateReport.Check cal = refused.gate().check("calibration").orElseThrow();
    assertFalse(cal.passed());
    assertEquals(0.0258, cal.value(), 5e-5);
    assertEquals(0.02, cal.bound());
    assertTrue(refused.gate().check("not-worse").orElseThrow().passed());
    assertTrue(refused.gate().check("segments").orElseThrow().passed());
    assertTrue(refused.saved().isEmpty());
    assertTrue(store.versions(MODEL).isEmpty(), "a refused candidate is not stored");
    assertTrue(refused.summary().contains("FAIL calibration"), refused.summary());

    // refit only the champion's calibration (what a tree model gets): isotonic on the training part
    RetrainingReport recal = retrainer(a.feedback(), gate().build()).store(store, ModelState.SHADOW).build()
        .recalibrate(a.champion(), "isotonic");
    assertTrue(recal.passed(), recal.summary());
    assertEquals(0.0356, recal.gate().candidateCalibrationError(), 5e-5);
    assertTrue(recal.gate().candidateCalibrationError() < recal.gate().championCalibrationError());
    ModelVersion v = recal.saved().orElseThrow();
    assertEquals("logistic", v.type());
    Scorer reloaded = LogisticModel.read(store.read(MODEL, v.version()), "v").scorer(MODEL, data.schema());
    Features row = data.rows().get(5_500);
    assertEquals(recal.candidate().scoreValue(row), reloaded.scoreValue(row), 1e-12);
  }
}
