package dev.scoring.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.scoring.api.Action;
import dev.scoring.decision.GuardrailPolicy;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Sample weights in every evaluation: hand-worked cases, weights of 1 equal to no weights, and
 * integer weights equal to repeating rows (a QuickTheories property per metric family).
 */
final class WeightsTest {

  private static final double EPS = 1e-12;

  /** Rows with integer weights, and the same rows repeated weight times. */
  private record Weighted(double[] scores, int[] labels, String[] segments, double[] weights,
                          double[] rScores, int[] rLabels, String[] rSegments) {

    static Weighted random(long seed, int n, int minWeight) {
      SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
      Data d = Data.random(seed, n);
      String[] seg = new String[n];
      double[] w = new double[n];
      int total = 0;
      for (int i = 0; i < n; i++) {
        seg[i] = "s" + r.nextInt(3);
        w[i] = minWeight + r.nextInt(4 - minWeight);
        total += (int) w[i];
      }
      // keep both classes with positive weight
      w[0] = Math.max(w[0], 1);
      w[1] = Math.max(w[1], 1);
      total = 0;
      for (double x : w) {
        total += (int) x;
      }
      double[] rs = new double[total];
      int[] ry = new int[total];
      String[] rg = new String[total];
      int k = 0;
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < (int) w[i]; c++) {
          rs[k] = d.scores()[i];
          ry[k] = d.labels()[i];
          rg[k] = seg[i];
          k++;
        }
      }
      return new Weighted(d.scores(), d.labels(), seg, w, rs, ry, rg);
    }
  }

  private static double[] ones(int n) {
    double[] w = new double[n];
    Arrays.fill(w, 1);
    return w;
  }

  private static boolean close(double a, double b) {
    return (Double.isNaN(a) && Double.isNaN(b)) || Math.abs(a - b) <= EPS;
  }

  // ---- hand-worked cases

  @Test
  void thresholdMetrics_handWorked() {
    ThresholdMetrics m = ThresholdMetrics.of(new double[] {0.9, 0.8, 0.3, 0.2}, new int[] {1, 0, 1, 0}, 0.5,
        new double[] {2, 1, 3, 0.5});
    assertEquals(new ThresholdMetrics(0.5, 2, 1, 0.5, 3), m);
    assertEquals(2.0 / 3, m.precision(), EPS);
    assertEquals(0.4, m.recall(), EPS);
    assertEquals(2.0 * 2 / (4 + 1 + 3), m.f1(), EPS);
    assertEquals(2.5 / 6.5, m.accuracy(), EPS);
  }

  @Test
  void thresholdTable_handWorked() {
    ThresholdTable t = ThresholdTable.of(new double[] {0.9, 0.6, 0.6, 0.2}, new int[] {1, 0, 1, 0}, new double[] {1, 2, 1, 4});
    // total weight 8, positive weight 2
    assertEquals(List.of(
        new ThresholdTable.Row(0.9, 1, 1, 3, 7.0 / 8, 1.0, 0.5),
        new ThresholdTable.Row(0.6, 3, 2, 1, 4.0 / 8, 2.0 / 4, 1.0),
        new ThresholdTable.Row(0.2, 4, 2, 0, 0.0, 2.0 / 8, 1.0)), t.rows());
  }

  @Test
  void calibration_handWorked() {
    Calibration c = Calibration.of(new double[] {0.1, 0.2, 0.8, 0.9}, new int[] {0, 1, 1, 1}, 2, new double[] {3, 1, 1, 1});
    Calibration.Bin low = c.bins().get(0);
    assertEquals(2, low.count());
    assertEquals((3 * 0.1 + 0.2) / 4, low.meanScore(), EPS);
    assertEquals(0.25, low.positiveRate(), EPS);
    Calibration.Bin high = c.bins().get(1);
    assertEquals(0.85, high.meanScore(), EPS);
    assertEquals(1.0, high.positiveRate(), EPS);
    assertEquals(4.0 / 6 * 0.125 + 2.0 / 6 * 0.15, c.expectedCalibrationError(), EPS);
    assertEquals(0.15, c.maximumCalibrationError(), EPS);
    assertThrows(IllegalArgumentException.class, () -> Calibration.of(new double[] {0.1}, new int[] {0}, 2, new double[] {0}));
    assertThrows(IllegalArgumentException.class, () -> Calibration.of(new double[] {0.1}, new int[] {0}, 2, new double[] {-1}));
  }

  @Test
  void segments_handWorked() {
    SegmentReport r = SegmentedEvaluation.builder().minRows(1).margin(0.1).build().evaluate(
        new double[] {0.9, 0.7, 0.2, 0.4}, new int[] {1, 0, 0, 1}, new String[] {"a", "a", "b", "b"}, new double[] {1, 3, 2, 1});
    SegmentReport.Segment a = r.segment("a").orElseThrow();
    assertEquals(2, a.rows());
    assertEquals(3.0 / 4, a.errorRate(), EPS); // the 0.7 row (weight 3) is a false positive
    assertEquals(1.0 / 3, a.restErrorRate(), EPS); // the 0.4 row (weight 1) is a false negative
    assertEquals(1.0, a.rocAuc(), EPS);
    assertTrue(a.flagged());
    SegmentReport.Segment b = r.segment("b").orElseThrow();
    assertEquals((1 * 0.1 * 0.1 + 3 * 0.7 * 0.7) / 4, a.brier(), EPS);
    assertEquals((2 * 0.2 * 0.2 + 1 * 0.6 * 0.6) / 3, b.brier(), EPS);
  }

  @Test
  void multiclass_handWorked() {
    MulticlassMetrics m = MulticlassMetrics.of(List.of("a", "b"), new int[] {0, 0, 1, 1}, new int[] {0, 1, 1, 1},
        new double[] {2, 1, 1, 3});
    assertEquals(2, m.count(0, 0));
    assertEquals(1, m.count(0, 1));
    assertEquals(0, m.count(1, 0));
    assertEquals(4, m.count(1, 1));
    assertEquals(1.0, m.perClass().get(0).precision(), EPS);
    assertEquals(2.0 / 3, m.perClass().get(0).recall(), EPS);
    assertEquals(4.0 / 5, m.perClass().get(1).precision(), EPS);
    assertEquals(3, m.perClass().get(0).support());
    assertEquals(6.0 / 7, m.accuracy(), EPS);
    assertEquals((2 * 2.0 / (3 + 2) + 2 * 4.0 / (4 + 5)) / 2, m.macroF1(), EPS);
    assertThrows(IllegalArgumentException.class,
        () -> MulticlassMetrics.of(List.of("a", "b"), new int[] {0, 1}, new int[] {0, 1}, new double[] {1}));
  }

  @Test
  void comparison_handWorkedWeightedAuc_andNoDeLongForUnequalWeights() {
    double[] model = {0.9, 0.4, 0.6, 0.2};
    double[] base = {0.5, 0.6, 0.4, 0.3};
    int[] y = {1, 1, 0, 0};
    double[] w = {1, 2, 1, 1};
    ComparisonReport r = BaselineComparison.compare(model, base, y, w, new Bootstrap(200, 0.9, 3));
    // positives 0.9 (w 1) and 0.4 (w 2) against negatives 0.6 and 0.2 (w 1 each): (1·2 + 2·1) / (3·2)
    assertEquals(2.0 / 3, r.model().rocAuc(), EPS);
    // baseline: 0.5 beats 0.4 and 0.3; 0.6 beats both: (1·2 + 2·2) / 6
    assertEquals(1.0, r.baseline().rocAuc(), EPS);
    assertTrue(Double.isNaN(r.delong().pValue()) && Double.isNaN(r.delong().standardError()));
    assertEquals(2.0 / 3 - 1.0, r.difference(BinaryMetric.ROC_AUC).difference().estimate(), EPS);
    // equal weights are no weights, DeLong included
    ComparisonReport twos = BaselineComparison.compare(model, base, y, new double[] {2, 2, 2, 2}, new Bootstrap(200, 0.9, 3));
    assertEquals(BaselineComparison.delong(model, base, y), twos.delong());
  }

  @Test
  void simulation_handWorked() {
    GuardrailPolicy policy = GuardrailPolicy.builder()
        .band(0, 0.5, Action.review("sdr", "uncertain"))
        .band(0.5, 1, Action.auto("fast-track"))
        .build();
    double[] s = {0.2, 0.6, 0.7, 0.9};
    int[] y = {1, 0, 1, 1};
    SimulationResult r = GuardrailSimulation.run(policy, s, y, null, a -> true, new double[] {4, 3, 1, 2});
    assertEquals(3, r.automatic());
    assertEquals(1, r.review());
    assertEquals(4.0 / 10, r.reviewRate(), EPS);
    assertEquals(3.0 / 6, r.automaticPrecision(), EPS);
    assertEquals(3.0 / 6, r.automaticAccuracy(), EPS);
  }

  // ---- weights of 1 are no weights (exactly)

  @Test
  void onesEqualNoWeights() {
    qt().withFixedSeed(21).withExamples(200).forAll(longs().all(), integers().between(2, 60)).check((seed, n) -> {
      Data d = Data.random(seed, n);
      double[] s = d.scores();
      int[] y = d.labels();
      double[] w = ones(n);
      String[] seg = new String[n];
      for (int i = 0; i < n; i++) {
        seg[i] = "s" + (i % 3);
      }
      SegmentedEvaluation se = SegmentedEvaluation.builder().minRows(1).build();
      return BinaryMetrics.of(s, y, w).equals(BinaryMetrics.of(s, y))
          && ThresholdMetrics.of(s, y, 0.5, w).equals(ThresholdMetrics.of(s, y, 0.5))
          && ThresholdTable.of(s, y, w).equals(ThresholdTable.of(s, y))
          && Calibration.of(s, y, 10, w).equals(Calibration.of(s, y, 10))
          && se.evaluate(s, y, seg, w).equals(se.evaluate(s, y, seg))
          && new Bootstrap(50, 0.9, seed).intervals(s, y, w).equals(new Bootstrap(50, 0.9, seed).intervals(s, y))
          && BaselineComparison.compare(s, reversed(s), y, w, new Bootstrap(30, 0.9, seed))
              .equals(BaselineComparison.compare(s, reversed(s), y, new Bootstrap(30, 0.9, seed)));
    });
  }

  private static double[] reversed(double[] s) {
    double[] r = new double[s.length];
    for (int i = 0; i < s.length; i++) {
      r[i] = s[s.length - 1 - i];
    }
    return r;
  }

  // ---- integer weights are repeated rows, per family

  @Test
  void binaryMetrics_integerWeightsRepeatRows() {
    qt().withFixedSeed(22).withExamples(300).forAll(longs().all(), integers().between(2, 60)).check((seed, n) -> {
      Weighted d = Weighted.random(seed, n, 0);
      BinaryMetrics a = BinaryMetrics.of(d.scores(), d.labels(), d.weights());
      BinaryMetrics b = BinaryMetrics.of(d.rScores(), d.rLabels());
      return close(a.rocAuc(), b.rocAuc()) && close(a.prAuc(), b.prAuc()) && close(a.logLoss(), b.logLoss())
          && close(a.brier(), b.brier());
    });
  }

  @Test
  void thresholds_integerWeightsRepeatRows() {
    qt().withFixedSeed(23).withExamples(300).forAll(longs().all(), integers().between(2, 60)).check((seed, n) -> {
      Weighted d = Weighted.random(seed, n, 1);
      double cut = d.scores()[(int) Math.floorMod(seed, (long) n)];
      ThresholdMetrics a = ThresholdMetrics.of(d.scores(), d.labels(), cut, d.weights());
      ThresholdMetrics b = ThresholdMetrics.of(d.rScores(), d.rLabels(), cut);
      if (!a.equals(b)) {
        return false;
      }
      List<ThresholdTable.Row> ta = ThresholdTable.of(d.scores(), d.labels(), d.weights()).rows();
      List<ThresholdTable.Row> tb = ThresholdTable.of(d.rScores(), d.rLabels()).rows();
      if (ta.size() != tb.size()) {
        return false;
      }
      for (int i = 0; i < ta.size(); i++) {
        ThresholdTable.Row p = ta.get(i);
        ThresholdTable.Row q = tb.get(i);
        if (p.threshold() != q.threshold() || !close(p.reviewRate(), q.reviewRate())
            || !close(p.automaticPrecision(), q.automaticPrecision()) || !close(p.recall(), q.recall())) {
          return false;
        }
      }
      return true;
    });
  }

  @Test
  void calibration_integerWeightsRepeatRows() {
    qt().withFixedSeed(24).withExamples(300).forAll(longs().all(), integers().between(2, 60)).check((seed, n) -> {
      Weighted d = Weighted.random(seed, n, 0);
      Calibration a = Calibration.of(d.scores(), d.labels(), 7, d.weights());
      Calibration b = Calibration.of(d.rScores(), d.rLabels(), 7);
      if (!close(a.expectedCalibrationError(), b.expectedCalibrationError())
          || !close(a.maximumCalibrationError(), b.maximumCalibrationError())) {
        return false;
      }
      for (int k = 0; k < 7; k++) {
        if (!close(a.bins().get(k).meanScore(), b.bins().get(k).meanScore())
            || !close(a.bins().get(k).positiveRate(), b.bins().get(k).positiveRate())) {
          return false;
        }
      }
      return true;
    });
  }

  @Test
  void segments_integerWeightsRepeatRows() {
    qt().withFixedSeed(25).withExamples(300).forAll(longs().all(), integers().between(2, 60)).check((seed, n) -> {
      Weighted d = Weighted.random(seed, n, 1);
      SegmentedEvaluation se = SegmentedEvaluation.builder().minRows(1).margin(0.05).build();
      SegmentReport a = se.evaluate(d.scores(), d.labels(), d.segments(), d.weights());
      SegmentReport b = se.evaluate(d.rScores(), d.rLabels(), d.rSegments());
      for (SegmentReport.Segment p : a.segments()) {
        SegmentReport.Segment q = b.segment(p.name()).orElseThrow();
        if (!close(p.rocAuc(), q.rocAuc()) || !close(p.prAuc(), q.prAuc()) || !close(p.logLoss(), q.logLoss())
            || !close(p.brier(), q.brier()) || p.errorRate() != q.errorRate() || !close(p.restErrorRate(), q.restErrorRate())
            || p.flagged() != q.flagged()) {
          return false;
        }
      }
      return a.segments().size() == b.segments().size();
    });
  }

  @Test
  void multiclass_integerWeightsRepeatRows() {
    qt().withFixedSeed(26).withExamples(300).forAll(longs().all(), integers().between(1, 60)).check((seed, n) -> {
      SplittableRandom r = new SplittableRandom(seed);
      int[] actual = new int[n];
      int[] predicted = new int[n];
      double[] w = new double[n];
      int total = 0;
      for (int i = 0; i < n; i++) {
        actual[i] = r.nextInt(3);
        predicted[i] = r.nextInt(3) == 0 ? r.nextInt(3) : actual[i];
        w[i] = i == 0 ? 1 + r.nextInt(3) : r.nextInt(4);
        total += (int) w[i];
      }
      int[] ra = new int[total];
      int[] rp = new int[total];
      for (int i = 0, k = 0; i < n; i++) {
        for (int c = 0; c < (int) w[i]; c++, k++) {
          ra[k] = actual[i];
          rp[k] = predicted[i];
        }
      }
      List<String> classes = List.of("a", "b", "c");
      MulticlassMetrics a = MulticlassMetrics.of(classes, actual, predicted, w);
      MulticlassMetrics b = MulticlassMetrics.of(classes, ra, rp);
      return Arrays.deepEquals(a.confusion(), b.confusion()) && close(a.macroF1(), b.macroF1())
          && close(a.macroPrecision(), b.macroPrecision()) && close(a.macroRecall(), b.macroRecall())
          && close(a.accuracy(), b.accuracy());
    });
  }

  @Test
  void simulation_integerWeightsRepeatRows() {
    qt().withFixedSeed(27).withExamples(300).forAll(longs().all(), integers().between(2, 60)).check((seed, n) -> {
      Weighted d = Weighted.random(seed, n, 0);
      double lo = 0.3 + (seed & 7) * 0.02;
      GuardrailPolicy policy = GuardrailPolicy.builder()
          .band(0, lo, Action.negative("disqualify"))
          .band(lo, 0.6, Action.review("sdr", "uncertain"))
          .band(0.6, 1, Action.auto("fast-track"))
          .build();
      SimulationResult a = GuardrailSimulation.run(policy, d.scores(), d.labels(), null, x -> true, d.weights());
      SimulationResult b = GuardrailSimulation.run(policy, d.rScores(), d.rLabels());
      List<GuardrailSimulation.SweepPoint> sa = GuardrailSimulation.sweep(new double[] {0.5, 0.7}, hi -> GuardrailPolicy.builder()
          .band(0, hi, Action.review("sdr", "uncertain")).band(hi, 1, Action.auto("go")).build(), d.scores(), d.labels(), d.weights());
      List<GuardrailSimulation.SweepPoint> sb = GuardrailSimulation.sweep(new double[] {0.5, 0.7}, hi -> GuardrailPolicy.builder()
          .band(0, hi, Action.review("sdr", "uncertain")).band(hi, 1, Action.auto("go")).build(), d.rScores(), d.rLabels());
      return close(a.reviewRate(), b.reviewRate()) && close(a.automaticPrecision(), b.automaticPrecision())
          && close(a.automaticAccuracy(), b.automaticAccuracy())
          && close(sa.get(0).result().reviewRate(), sb.get(0).result().reviewRate())
          && close(sa.get(1).result().automaticPrecision(), sb.get(1).result().automaticPrecision());
    });
  }

  @Test
  void bootstrapAndComparison_integerWeightsGiveTheRepeatedRowsEstimates() {
    qt().withFixedSeed(28).withExamples(60).forAll(longs().all(), integers().between(10, 60)).check((seed, n) -> {
      Weighted d = Weighted.random(seed, n, 0);
      Map<BinaryMetric, Interval> ci = new Bootstrap(100, 0.9, seed).intervals(d.scores(), d.labels(), d.weights());
      BinaryMetrics repeated = BinaryMetrics.of(d.rScores(), d.rLabels());
      ComparisonReport c = BaselineComparison.compare(d.scores(), reversed(d.scores()), d.labels(), d.weights(),
          new Bootstrap(50, 0.9, seed));
      BinaryMetrics repeatedBase = BinaryMetrics.of(reversedRepeated(d), d.rLabels());
      for (BinaryMetric m : BinaryMetric.values()) {
        Interval i = ci.get(m);
        if (!close(i.estimate(), repeated.get(m)) || !(i.lower() <= i.upper())) {
          return false;
        }
        if (!close(c.difference(m).model(), repeated.get(m)) || !close(c.difference(m).baseline(), repeatedBase.get(m))) {
          return false;
        }
      }
      return true;
    });
  }

  @Test
  void leakage_integerWeightsRepeatRows_andOnesAreNoWeights() {
    dev.scoring.api.FeatureSchema schema = dev.scoring.api.FeatureSchema.builder().number("x").category("c").build();
    qt().withFixedSeed(29).withExamples(100).forAll(longs().all(), integers().between(40, 120)).check((seed, n) -> {
      SplittableRandom r = new SplittableRandom(seed);
      List<dev.scoring.api.Features> rows = new java.util.ArrayList<>();
      List<dev.scoring.api.Features> repeated = new java.util.ArrayList<>();
      int[] y = new int[n];
      double[] w = new double[n];
      List<Integer> ry = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        y[i] = i < 2 ? i : r.nextInt(2);
        w[i] = i < 2 ? 1 + r.nextInt(3) : r.nextInt(4);
        dev.scoring.api.MutableFeatures f = dev.scoring.api.Features.mutable(schema);
        if (r.nextInt(5) != 0) {
          f.setNumber(0, r.nextGaussian() + y[i] * (seed & 3));
        }
        if (r.nextInt(4) != 0) {
          f.setString(1, "v" + r.nextInt(y[i] == 1 ? 3 : 6));
        }
        dev.scoring.api.Features row = f.snapshot();
        rows.add(row);
        for (int c = 0; c < (int) w[i]; c++) {
          repeated.add(row);
          ry.add(y[i]);
        }
      }
      LeakageCheck check = LeakageCheck.builder().minRows(2).build();
      LeakageReport a = check.check(rows, y, w);
      LeakageReport b = check.check(repeated, ry.stream().mapToInt(Integer::intValue).toArray());
      for (LeakageReport.FeatureLeak p : a.features()) {
        LeakageReport.FeatureLeak q = b.feature(p.name()).orElseThrow();
        if (!close(p.auc(), q.auc()) || !close(p.missingRatePositives(), q.missingRatePositives())
            || !close(p.missingRateNegatives(), q.missingRateNegatives())) {
          return false;
        }
      }
      return check.check(rows, y, ones(n)).equals(check.check(rows, y));
    });
  }

  /** The baseline's scores (the reversed score array) repeated like the rows. */
  private static double[] reversedRepeated(Weighted d) {
    double[] base = reversed(d.scores());
    double[] out = new double[d.rScores().length];
    for (int i = 0, k = 0; i < base.length; i++) {
      for (int c = 0; c < (int) d.weights()[i]; c++) {
        out[k++] = base[i];
      }
    }
    return out;
  }
}
