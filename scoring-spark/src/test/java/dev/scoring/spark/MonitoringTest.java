package dev.scoring.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.Features;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerSpec;
import dev.scoring.api.Scorers;
import dev.scoring.evaluation.BinaryMetrics;
import dev.scoring.evaluation.Calibration;
import dev.scoring.monitoring.DriftMonitor;
import dev.scoring.monitoring.DriftReport;
import dev.scoring.monitoring.FeatureDrift;
import dev.scoring.monitoring.ReferenceProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Evaluation and drift as Spark aggregations equal the in-process figures to 1e-9 (bank-marketing, bench lead table). */
final class MonitoringTest {

  private static final double EPS = 1e-9;
  private static TestData bank;
  private static double[] scores;
  private static Dataset<Row> scored;

  @BeforeAll
  static void load() {
    bank = TestData.bank();
    ScorerSpec lr = BankPipeline.logistic(bank);
    scores = new double[bank.rows().size()];
    try (Scorer s = Scorers.load(lr)) {
      for (int i = 0; i < scores.length; i++) {
        scores[i] = s.score(bank.rows().get(i)).value();
      }
    }
    scored = SparkScoring.score(bank.frame(3), lr).cache();
  }

  private static void assertMetrics(BinaryMetrics expected, BinaryMetrics actual) {
    assertEquals(expected.rows(), actual.rows());
    assertEquals(expected.positives(), actual.positives());
    assertEquals(expected.rocAuc(), actual.rocAuc(), EPS);
    assertEquals(expected.prAuc(), actual.prAuc(), EPS);
    assertEquals(expected.logLoss(), actual.logLoss(), EPS);
    assertEquals(expected.brier(), actual.brier(), EPS);
  }

  @Test
  void bank_binaryMetricsAndCalibration_equalInProcess() {
    assertMetrics(BinaryMetrics.of(scores, bank.labels()), SparkEvaluation.binary(scored, "lr_score", TestData.LABEL));
    Calibration expected = Calibration.of(scores, bank.labels(), 10);
    Calibration actual = SparkEvaluation.calibration(scored, "lr_score", TestData.LABEL, 10);
    assertEquals(expected.expectedCalibrationError(), actual.expectedCalibrationError(), EPS);
    assertEquals(expected.maximumCalibrationError(), actual.maximumCalibrationError(), EPS);
    for (int b = 0; b < 10; b++) {
      Calibration.Bin e = expected.bins().get(b);
      Calibration.Bin a = actual.bins().get(b);
      assertEquals(e.count(), a.count());
      if (e.count() > 0) {
        assertEquals(e.meanScore(), a.meanScore(), EPS);
        assertEquals(e.positiveRate(), a.positiveRate(), EPS);
      }
    }
  }

  @Test
  void bank_metricsBySegment_equalInProcess() {
    Map<String, BinaryMetrics> bySegment = SparkEvaluation.binaryBySegment(scored, "lr_score", TestData.LABEL, "contact");
    int contact = bank.schema().feature("contact").index();
    Map<String, List<Integer>> rows = new TreeMap<>();
    for (int i = 0; i < scores.length; i++) {
      rows.computeIfAbsent(bank.rows().get(i).string(contact), k -> new ArrayList<>()).add(i);
    }
    assertEquals(rows.keySet(), bySegment.keySet());
    rows.forEach((segment, idx) -> assertMetrics(BinaryMetrics.of(idx.stream().mapToDouble(i -> scores[i]).toArray(),
        idx.stream().mapToInt(i -> bank.labels()[i]).toArray()), bySegment.get(segment)));
  }

  @Test
  void lead_aucOfTheXgboostScores_equalsInProcess() {
    TestData lead = TestData.lead();
    ScorerSpec xgb = TestData.xgboost(lead.schema());
    double[] s = new double[lead.rows().size()];
    try (Scorer scorer = Scorers.load(xgb)) {
      for (int i = 0; i < s.length; i++) {
        s[i] = scorer.score(lead.rows().get(i)).value();
      }
    }
    BinaryMetrics expected = BinaryMetrics.of(s, lead.labels());
    assertMetrics(expected, SparkEvaluation.binary(SparkScoring.score(lead.frame(2), xgb), "xgb_score", TestData.LABEL));
    assertTrue(expected.rocAuc() > 0.8, "the bench model's holdout AUC is about 0.84: " + expected.rocAuc());
  }

  private static void assertDrift(DriftReport expected, DriftReport actual) {
    assertEquals(expected.windowRows(), actual.windowRows());
    assertEquals(expected.features().size(), actual.features().size());
    for (int c = 0; c < expected.features().size(); c++) {
      FeatureDrift e = expected.features().get(c);
      FeatureDrift a = actual.features().get(c);
      assertEquals(e.name(), a.name());
      assertEquals(e.psi(), a.psi(), EPS, e.name());
      assertEquals(e.jensenShannon(), a.jensenShannon(), EPS, e.name());
      assertEquals(e.statistic(), a.statistic(), EPS, e.name());
      assertEquals(e.pValue(), a.pValue(), EPS, e.name());
      assertEquals(e.adjustedPValue(), a.adjustedPValue(), EPS, e.name());
      assertEquals(e.missingRate(), a.missingRate(), EPS, e.name());
      assertEquals(e.drifted(), a.drifted(), e.name());
    }
    assertEquals(expected.drifted(), actual.drifted());
  }

  @Test
  void bank_driftOfTheLateCallsAgainstTheEarlyOnes_overallAndByContact_equalsTheInProcessMonitor() {
    int n = scores.length;
    int early = (int) (n * 0.4);
    int late = (int) (n * 0.8);
    ReferenceProfile.Builder pb = ReferenceProfile.builder(bank.schema()).exclude("duration");
    for (int i = 0; i < early; i++) {
      pb.add(bank.rows().get(i), scores[i]);
    }
    ReferenceProfile profile = pb.build();
    DriftMonitor settings = DriftMonitor.builder(profile).build();
    Dataset<Row> lateTable = scored.where(TestData.ID + " >= " + late);

    DriftMonitor local = DriftMonitor.builder(profile).window(n - late).build();
    for (int i = late; i < n; i++) {
      local.update(bank.rows().get(i), scores[i]);
    }
    DriftReport expected = local.lastReport().orElseThrow();
    DriftReport actual = SparkDrift.report(lateTable, "lr_score", profile, settings);
    assertDrift(expected, actual);
    assertTrue(actual.feature("euribor3m").orElseThrow().drifted(), "the euro rate fell: the macro features drift");

    int contact = bank.schema().feature("contact").index();
    Map<String, DriftReport> bySegment = SparkDrift.reportBySegment(lateTable, "lr_score", "contact", profile, settings);
    for (String segment : List.of("cellular", "telephone")) {
      List<Features> rows = new ArrayList<>();
      List<Double> s = new ArrayList<>();
      for (int i = late; i < n; i++) {
        if (segment.equals(bank.rows().get(i).string(contact))) {
          rows.add(bank.rows().get(i));
          s.add(scores[i]);
        }
      }
      DriftMonitor m = DriftMonitor.builder(profile).window(rows.size()).build();
      for (int i = 0; i < rows.size(); i++) {
        m.update(rows.get(i), s.get(i));
      }
      assertDrift(m.lastReport().orElseThrow(), bySegment.get(segment));
    }
    assertEquals(Arrays.asList("cellular", "telephone"), new ArrayList<>(bySegment.keySet()));
  }
}
