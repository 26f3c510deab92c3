package dev.scoring.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.Action;
import dev.scoring.decision.GuardrailPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Guardrail simulation and the leakage check on hand-built cases. */
final class SimulationAndLeakageTest {

  private static final FeatureSchema SCHEMA = FeatureSchema.builder().number("amount").build();

  private static GuardrailPolicy policy(double lo, double hi) {
    return GuardrailPolicy.builder()
        .band(0, lo, Action.negative("disqualify"))
        .band(lo, hi, Action.review("sdr", "uncertain"))
        .band(hi, 1, Action.auto("fast-track"))
        .alwaysReview("big deal", row -> row.number(0) > 100_000)
        .build();
  }

  @Test
  void run_countsAutomaticAndReviewAsThePipelineWould() {
    double[] s = {0.1, 0.3, 0.45, 0.6, 0.7, 0.9, 0.95, 1.0};
    int[] y = {0, 0, 1, 0, 1, 1, 1, 0};
    SimulationResult r = GuardrailSimulation.run(policy(0.2, 0.5), s, y);
    // 0.1: negative -> review; 0.3, 0.45: review band; 0.6 .. 1.0: automatic fast-track (1.0 is in the top band)
    assertEquals(5, r.automatic());
    assertEquals(3, r.review());
    assertEquals(3.0 / 8, r.reviewRate(), 1e-15);
    assertEquals(3.0 / 5, r.automaticPrecision(), 1e-15);
    assertEquals(List.of(
        new SimulationResult.ActionCount("review: negative action 'disqualify'", false, 1, 0),
        new SimulationResult.ActionCount("review: uncertain", false, 2, 1),
        new SimulationResult.ActionCount("auto fast-track", true, 5, 3)), r.actions());
    // with rows, the big deal goes to review
    List<Features> rows = new ArrayList<>();
    for (int i = 0; i < s.length; i++) {
      rows.add(Features.builder(SCHEMA).set("amount", i == 5 ? 250_000.0 : 1_000.0).build());
    }
    SimulationResult withRows = GuardrailSimulation.run(policy(0.2, 0.5), s, y, rows, a -> true);
    assertEquals(4, withRows.automatic());
    assertEquals(2.0 / 4, withRows.automaticPrecision(), 1e-15);
  }

  @Test
  void sweep_widerReviewBandMeansMoreReviewAndBetterPrecision() {
    SplittableRandom r = new SplittableRandom(4);
    int n = 5_000;
    double[] s = new double[n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      s[i] = r.nextDouble();
      y[i] = r.nextDouble() < s[i] ? 1 : 0; // calibrated
    }
    List<GuardrailSimulation.SweepPoint> sweep = GuardrailSimulation.sweep(
        new double[] {0.5, 0.6, 0.7, 0.8, 0.9}, hi -> policy(0.2, hi), s, y);
    for (int k = 1; k < sweep.size(); k++) {
      SimulationResult a = sweep.get(k - 1).result();
      SimulationResult b = sweep.get(k).result();
      assertTrue(b.reviewRate() > a.reviewRate());
      assertTrue(b.automaticPrecision() > a.automaticPrecision(), a + " vs " + b);
    }
    // a calibrated score in [0.9, 1]: precision about 0.95
    assertEquals(0.95, sweep.get(4).result().automaticPrecision(), 0.03);
    assertThrows(IllegalArgumentException.class, () -> GuardrailSimulation.sweep(new double[0], hi -> policy(0.2, hi), s, y));
  }

  @Test
  void leakage_flagsAnAlmostPerfectFeatureAndMissingnessInStep() {
    FeatureSchema schema = FeatureSchema.builder().number("honest").number("leak").number("noted_after").category("stage").build();
    SplittableRandom r = new SplittableRandom(5);
    List<Features> rows = new ArrayList<>();
    int n = 2_000;
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(3) == 0 ? 1 : 0;
      Features.Builder b = Features.builder(schema)
          .set("honest", r.nextGaussian() + 0.5 * y[i])
          .set("leak", y[i] * 10 + r.nextGaussian())
          .set("stage", r.nextBoolean() ? "a" : "b");
      if (y[i] == 1 && r.nextInt(10) != 0) { // filled in only once the deal closed
        b.set("noted_after", r.nextGaussian());
      }
      rows.add(b.build());
    }
    LeakageReport report = LeakageCheck.builder().build().check(rows, y);
    assertEquals(List.of("leak", "noted_after"), report.flagged().stream().map(LeakageReport.FeatureLeak::name).toList());
    LeakageReport.FeatureLeak after = report.feature("noted_after").orElseThrow();
    assertTrue(after.missingRatePositives() < 0.2 && after.missingRateNegatives() == 1.0, after.toString());
    LeakageReport.FeatureLeak honest = report.feature("honest").orElseThrow();
    assertFalse(honest.flagged());
    assertTrue(honest.auc() > 0.6 && honest.auc() < 0.75, honest.toString());
    assertThrows(IllegalArgumentException.class, () -> LeakageCheck.builder().build().check(rows, new int[3]));
    assertThrows(IllegalArgumentException.class, () -> LeakageCheck.builder().aucThreshold(0.4));
  }
}
