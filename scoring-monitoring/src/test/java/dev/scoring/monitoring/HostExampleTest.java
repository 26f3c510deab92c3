package dev.scoring.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.MutableFeatures;
import dev.scoring.api.Provenance;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import dev.scoring.decision.DecisionPipeline;
import dev.scoring.decision.GuardrailPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host flow of scoring-monitoring/README.md end to end: profile saved with the model, monitor, gate, pipeline. */
final class HostExampleTest {

  private static final FeatureSchema SCHEMA = FeatureSchema.builder().number("employees").category("source").build();

  /** A logistic model on log(employees) and the lead source. */
  private static final class Model implements Scorer {
    private final Provenance provenance = new Provenance("lead-model", "test", "3", "none");

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
      double z = -4 + 0.8 * Math.log1p(row.number(0)) + ("inbound".equals(row.string(1)) ? 1.0 : 0.0);
      return Score.probability(1 / (1 + Math.exp(-z)), z, provenance);
    }

    @Override
    public Explanation explain(Features row) {
      return new Explanation("lead-model", 0, List.of(), List.of());
    }
  }

  private static void lead(MutableFeatures row, SplittableRandom r, double sizeShift) {
    row.setNumber(0, Math.floor(Math.exp(3 + sizeShift + 1.2 * r.nextGaussian())));
    row.setString(1, r.nextInt(3) == 0 ? "inbound" : r.nextBoolean() ? "outbound" : "event");
  }

  @Test
  void driftTightensTheGuardrailAndClears(@TempDir Path dir) throws Exception {
    Model model = new Model();
    SplittableRandom r = new SplittableRandom(11);
    MutableFeatures row = Features.mutable(SCHEMA);
    ReferenceProfile.Builder b = ReferenceProfile.builder(SCHEMA);
    for (int i = 0; i < 10_000; i++) {
      lead(row, r, 0);
      b.add(row, model.score(row).value());
    }
    Path file = dir.resolve("lead-model.profile.json");
    b.build().write(file);
    assertTrue(Files.size(file) > 0);

    List<MonitorEvent> events = new ArrayList<>();
    DriftMonitor drift = DriftMonitor.builder(ReferenceProfile.read(file, SCHEMA)).window(1_000).slide(500)
        .listener(events::add).build();
    GuardrailPolicy policy = GuardrailPolicy.builder()
        .band(0, 0.3, Action.route("nurture")).band(0.3, 0.6, Action.review("sdr", "uncertain"))
        .band(0.6, 1, Action.auto("fast-track")).build();
    DecisionPipeline pipeline = DecisionPipeline.builder(SCHEMA)
        .rules(ReviewGate.builder().on(drift).build()).scorer(model).policy(policy).build();

    int reviewsBefore = 0;
    for (int i = 0; i < 2_000; i++) {
      lead(row, r, 0);
      Decision d = pipeline.decide(row);
      drift.update(row, d.score());
      reviewsBefore += d.requiresReview() ? 1 : 0;
    }
    assertFalse(drift.raised(), String.valueOf(drift.lastReport()));
    // the lead mix moves to much larger companies: drift, and every decision goes to review
    for (int i = 0; i < 1_000; i++) {
      lead(row, r, 1.5);
      Decision d = pipeline.decide(row);
      drift.update(row, d.score());
    }
    assertTrue(drift.raised());
    assertTrue(events.get(0) instanceof MonitorEvent.DriftDetected);
    DriftReport report = drift.lastReport().orElseThrow();
    assertTrue(report.feature("employees").orElseThrow().drifted());
    assertFalse(report.feature("source").orElseThrow().drifted());
    lead(row, r, 1.5);
    Decision gated = pipeline.decide(row);
    assertTrue(gated.requiresReview());
    assertTrue(gated.reasons().contains("rule flag: monitor 'drift' alarm raised"), gated.reasons().toString());
    // the mix returns: the alarm clears and decisions are automatic again where the bands allow
    for (int i = 0; i < 1_000; i++) {
      lead(row, r, 0);
      drift.update(row, pipeline.decide(row).score());
    }
    assertFalse(drift.raised());
    assertTrue(events.get(events.size() - 1) instanceof MonitorEvent.DriftCleared);
    assertTrue(reviewsBefore < 2_000);
    assertEquals(2, drift.lastReport().orElseThrow().features().size() - 1);
  }
}
