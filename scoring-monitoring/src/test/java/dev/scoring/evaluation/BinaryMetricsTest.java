package dev.scoring.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.junit.jupiter.api.Test;

/** Hand-worked cases and published identities for the binary metrics. */
final class BinaryMetricsTest {

  // scikit-learn's documented example: roc_auc_score = 0.75, average_precision_score = 0.8333...
  private static final double[] S = {0.1, 0.4, 0.35, 0.8};
  private static final int[] Y = {0, 0, 1, 1};

  @Test
  void rocAuc_sklearnExample() {
    assertEquals(0.75, BinaryMetrics.rocAuc(S, Y), 1e-15);
  }

  @Test
  void averagePrecision_sklearnExample() {
    // thresholds 0.8: P=1 R=.5; 0.4: P=.5 R=.5; 0.35: P=2/3 R=1 -> AP = .5*1 + .5*2/3
    assertEquals(0.5 + 0.5 * 2.0 / 3.0, BinaryMetrics.averagePrecision(S, Y), 1e-15);
  }

  @Test
  void rocAuc_tiesCountHalf() {
    assertEquals(0.5, BinaryMetrics.rocAuc(new double[] {0.5, 0.5, 0.5, 0.5}, new int[] {0, 1, 0, 1}), 0);
    // positives {0.3, 0.5}, negatives {0.3, 0.1}: pairs (0.3,0.3)=.5 (0.3,0.1)=1 (0.5,0.3)=1 (0.5,0.1)=1 -> 3.5/4
    assertEquals(3.5 / 4, BinaryMetrics.rocAuc(new double[] {0.3, 0.5, 0.3, 0.1}, new int[] {1, 1, 0, 0}), 0);
  }

  @Test
  void rocAuc_equalsMannWhitneyUOverN1N0() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(7);
    int n = 500;
    double[] s = new double[n];
    int[] y = new int[n];
    int n1 = 0;
    for (int i = 0; i < n; i++) {
      y[i] = r.nextDouble() < 0.3 ? 1 : 0;
      s[i] = Math.round((r.nextGaussian() + y[i]) * 4) / 4.0; // many ties
      n1 += y[i];
    }
    double[] pos = new double[n1];
    double[] neg = new double[n - n1];
    for (int i = 0, p = 0, q = 0; i < n; i++) {
      if (y[i] == 1) {
        pos[p++] = s[i];
      } else {
        neg[q++] = s[i];
      }
    }
    // commons-math returns max(U1, U2)
    double u = new MannWhitneyUTest().mannWhitneyU(pos, neg);
    double auc = BinaryMetrics.rocAuc(s, y);
    assertEquals(u / ((double) n1 * (n - n1)), Math.max(auc, 1 - auc), 1e-12);
  }

  @Test
  void logLossAndBrier_handWorked() {
    double[] p = {0.8, 0.3};
    int[] y = {1, 0};
    assertEquals(-(Math.log(0.8) + Math.log(0.7)) / 2, BinaryMetrics.logLoss(p, y), 1e-15);
    assertEquals((0.04 + 0.09) / 2, BinaryMetrics.brier(p, y), 1e-15);
    // clipping keeps a confident mistake finite: -ln(1e-15)
    assertEquals(-Math.log(1e-15), BinaryMetrics.logLoss(new double[] {0.0}, new int[] {1}), 1e-9);
  }

  @Test
  void of_pointsGiveNaNForProbabilityMetrics() {
    BinaryMetrics m = BinaryMetrics.of(new double[] {10, 20, 35, 5}, new int[] {0, 1, 1, 0});
    assertEquals(1.0, m.rocAuc());
    assertTrue(Double.isNaN(m.logLoss()));
    assertTrue(Double.isNaN(m.brier()));
  }

  @Test
  void of_weightsEqualReplicatedRows() {
    double[] s = {0.2, 0.7, 0.4, 0.9, 0.1};
    int[] y = {0, 1, 1, 0, 0};
    double[] w = {2, 1, 3, 1, 2};
    BinaryMetrics weighted = BinaryMetrics.of(s, y, w);
    double[] rs = {0.2, 0.2, 0.7, 0.4, 0.4, 0.4, 0.9, 0.1, 0.1};
    int[] ry = {0, 0, 1, 1, 1, 1, 0, 0, 0};
    BinaryMetrics replicated = BinaryMetrics.of(rs, ry);
    assertEquals(replicated.rocAuc(), weighted.rocAuc(), 1e-12);
    assertEquals(replicated.prAuc(), weighted.prAuc(), 1e-12);
    assertEquals(replicated.logLoss(), weighted.logLoss(), 1e-12);
    assertEquals(replicated.brier(), weighted.brier(), 1e-12);
  }

  @Test
  void thresholdMetrics_handWorked() {
    ThresholdMetrics t = ThresholdMetrics.of(new double[] {0.9, 0.6, 0.4, 0.55, 0.2}, new int[] {1, 0, 1, 1, 0}, 0.5);
    assertEquals(2, t.truePositives());
    assertEquals(1, t.falsePositives());
    assertEquals(1, t.trueNegatives());
    assertEquals(1, t.falseNegatives());
    assertEquals(2.0 / 3, t.precision(), 1e-15);
    assertEquals(2.0 / 3, t.recall(), 1e-15);
    assertEquals(2.0 / 3, t.f1(), 1e-15);
    assertEquals(0.6, t.accuracy(), 1e-15);
  }

  @Test
  void thresholdTable_reviewRateAgainstAutomaticPrecision() {
    ThresholdTable table = ThresholdTable.of(new double[] {0.9, 0.8, 0.8, 0.3}, new int[] {1, 1, 0, 0});
    List<ThresholdTable.Row> rows = table.rows();
    assertEquals(3, rows.size());
    assertEquals(new ThresholdTable.Row(0.9, 1, 1, 3, 0.75, 1.0, 0.5), rows.get(0));
    assertEquals(new ThresholdTable.Row(0.8, 3, 2, 1, 0.25, 2.0 / 3, 1.0), rows.get(1));
    assertEquals(new ThresholdTable.Row(0.3, 4, 2, 0, 0.0, 0.5, 1.0), rows.get(2));
    assertEquals(0.25, table.lowestReviewRateFor(0.6).reviewRate());
  }

  @Test
  void calibration_handWorked() {
    // bin [0, .5): scores .1,.3 labels 0,1 -> mean .2 rate .5; bin [.5, 1]: .6,.9,1.0 labels 1,1,1 -> mean .8333 rate 1
    Calibration c = Calibration.of(new double[] {0.1, 0.3, 0.6, 0.9, 1.0}, new int[] {0, 1, 1, 1, 1}, 2);
    assertEquals(2, c.bins().get(0).count());
    assertEquals(3, c.bins().get(1).count());
    double ece = 2.0 / 5 * 0.3 + 3.0 / 5 * (1 - 2.5 / 3);
    assertEquals(ece, c.expectedCalibrationError(), 1e-12);
    assertEquals(0.3, c.maximumCalibrationError(), 1e-12);
  }

  @Test
  void multiclass_sklearnExample() {
    // scikit-learn's confusion_matrix / classification_report example
    MulticlassMetrics m = MulticlassMetrics.of(List.of("a", "b", "c"), new int[] {2, 0, 2, 2, 0, 1}, new int[] {0, 0, 2, 2, 0, 2});
    assertEquals(2, m.count(0, 0));
    assertEquals(1, m.count(1, 2));
    assertEquals(1, m.count(2, 0));
    assertEquals(2, m.count(2, 2));
    assertEquals(4.0 / 6, m.accuracy(), 1e-15);
    assertEquals((2.0 / 3 + 0 + 2.0 / 3) / 3, m.macroPrecision(), 1e-15);
    assertEquals((1 + 0 + 2.0 / 3) / 3, m.macroRecall(), 1e-15);
    assertEquals((0.8 + 0 + 2.0 / 3) / 3, m.macroF1(), 1e-15);
    assertEquals(3, m.perClass().get(2).support());
    MulticlassMetrics byName = MulticlassMetrics.of(new String[] {"c", "a", "c", "c", "a", "b"}, new String[] {"a", "a", "c", "c", "a", "c"});
    assertEquals(m, byName);
  }

  @Test
  void badInput_namesTheProblem() {
    var e1 = assertThrows(IllegalArgumentException.class, () -> BinaryMetrics.of(new double[0], new int[0]));
    assertTrue(e1.getMessage().contains("empty"));
    var e2 = assertThrows(IllegalArgumentException.class, () -> BinaryMetrics.of(new double[] {0.1, 0.2}, new int[] {1}));
    assertTrue(e2.getMessage().contains("differ in length"));
    var e3 = assertThrows(IllegalArgumentException.class, () -> BinaryMetrics.of(new double[] {0.1, Double.NaN}, new int[] {1, 0}));
    assertTrue(e3.getMessage().contains("row 1"));
    var e4 = assertThrows(IllegalArgumentException.class, () -> BinaryMetrics.of(new double[] {0.1, 0.2}, new int[] {1, 2}));
    assertTrue(e4.getMessage().contains("0 or 1"));
    var e5 = assertThrows(IllegalArgumentException.class, () -> BinaryMetrics.of(new double[] {0.1, 0.2}, new int[] {1, 1}));
    assertTrue(e5.getMessage().contains("both classes"));
    var e6 = assertThrows(IllegalArgumentException.class, () -> BinaryMetrics.logLoss(new double[] {1.5}, new int[] {1}));
    assertTrue(e6.getMessage().contains("probabilities"));
    assertThrows(IllegalArgumentException.class, () -> Calibration.of(new double[] {0.5}, new int[] {1}, 0));
    assertThrows(IllegalArgumentException.class, () -> MulticlassMetrics.of(List.of("a", "b"), new int[] {0, 3}, new int[] {0, 1}));
    assertThrows(IllegalArgumentException.class, () -> BinaryMetrics.of(new double[] {0.1, 0.2}, new int[] {1, 0}, new double[] {1, -1}));
  }
}
