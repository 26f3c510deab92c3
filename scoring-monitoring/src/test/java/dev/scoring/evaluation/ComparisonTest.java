package dev.scoring.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/** DeLong's test against a direct, quadratic implementation of its definition, and the paired comparison. */
final class ComparisonTest {

  private static double psi(double x, double y) {
    return x > y ? 1 : x == y ? 0.5 : 0;
  }

  /** DeLong et al. (1988) written out with explicit double loops over the pairs. */
  private static double[] bruteDelong(double[] a, double[] b, int[] y) {
    int n1 = 0;
    for (int v : y) {
      n1 += v;
    }
    int n0 = y.length - n1;
    double[][] s = {a, b};
    double[][] v10 = new double[2][n1];
    double[][] v01 = new double[2][n0];
    double[] auc = new double[2];
    for (int k = 0; k < 2; k++) {
      int p = 0;
      for (int i = 0; i < y.length; i++) {
        if (y[i] != 1) {
          continue;
        }
        int q = 0;
        for (int j = 0; j < y.length; j++) {
          if (y[j] != 0) {
            continue;
          }
          double v = psi(s[k][i], s[k][j]);
          v10[k][p] += v / n0;
          v01[k][q] += v / n1;
          auc[k] += v / ((double) n1 * n0);
          q++;
        }
        p++;
      }
    }
    double[][] s10 = new double[2][2];
    double[][] s01 = new double[2][2];
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 2; c++) {
        for (int i = 0; i < n1; i++) {
          s10[r][c] += (v10[r][i] - auc[r]) * (v10[c][i] - auc[c]) / (n1 - 1);
        }
        for (int j = 0; j < n0; j++) {
          s01[r][c] += (v01[r][j] - auc[r]) * (v01[c][j] - auc[c]) / (n0 - 1);
        }
      }
    }
    double var = (s10[0][0] + s10[1][1] - 2 * s10[0][1]) / n1 + (s01[0][0] + s01[1][1] - 2 * s01[0][1]) / n0;
    double z = (auc[0] - auc[1]) / Math.sqrt(var);
    double p = 2 * (1 - new NormalDistribution().cumulativeProbability(Math.abs(z)));
    return new double[] {auc[0], auc[1], z, p};
  }

  @Test
  void delong_matchesDefinitionAndCommonsMathNormal() {
    SplittableRandom r = new SplittableRandom(21);
    for (int trial = 0; trial < 20; trial++) {
      int n = 40 + r.nextInt(200);
      double[] a = new double[n];
      double[] b = new double[n];
      int[] y = new int[n];
      for (int i = 0; i < n; i++) {
        y[i] = i < 2 ? i : (r.nextDouble() < 0.35 ? 1 : 0);
        double common = r.nextGaussian();
        a[i] = Math.round((common + 1.2 * y[i] + 0.5 * r.nextGaussian()) * 5) / 5.0;
        b[i] = Math.round((common + 0.6 * y[i] + 0.5 * r.nextGaussian()) * 3) / 3.0;
      }
      double[] want = bruteDelong(a, b, y);
      ComparisonReport.DeLongTest got = BaselineComparison.delong(a, b, y);
      assertEquals(want[0], got.modelAuc(), 1e-12);
      assertEquals(want[1], got.baselineAuc(), 1e-12);
      assertEquals(want[2], got.z(), 1e-9);
      assertEquals(want[3], got.pValue(), 1e-9);
    }
  }

  @Test
  void compare_betterModelWins() {
    SplittableRandom r = new SplittableRandom(5);
    int n = 1500;
    double[] model = new double[n];
    double[] rules = new double[n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextDouble() < 0.3 ? 1 : 0;
      double signal = r.nextGaussian() + 1.5 * y[i];
      model[i] = 1 / (1 + Math.exp(-(signal - 1)));
      rules[i] = Math.round(signal + 2 * r.nextGaussian()) * 10; // coarse points
    }
    ComparisonReport c = BaselineComparison.compare(model, rules, y, new Bootstrap(300, 0.95, 9));
    ComparisonReport.Difference auc = c.difference(BinaryMetric.ROC_AUC);
    assertEquals(c.model().rocAuc() - c.baseline().rocAuc(), auc.difference().estimate(), 1e-15);
    assertTrue(auc.difference().lower() > 0, auc.toString());
    assertTrue(c.delong().pValue() < 1e-6, c.delong().toString());
    assertTrue(Double.isNaN(c.baseline().logLoss()));
    assertTrue(Double.isNaN(c.difference(BinaryMetric.LOG_LOSS).difference().estimate()));
  }

  @Test
  void delong_sameScoresAreNotDifferent() {
    double[] s = {0.1, 0.4, 0.35, 0.8, 0.6};
    int[] y = {0, 0, 1, 1, 0};
    ComparisonReport.DeLongTest t = BaselineComparison.delong(s, s, y);
    assertEquals(0, t.difference());
    assertEquals(1, t.pValue());
    assertThrows(IllegalArgumentException.class, () -> BaselineComparison.delong(s, new double[] {1, 2}, y));
  }

  @Test
  void segmented_flagsTheUnevenSegment() {
    int n = 600;
    double[] s = new double[n];
    int[] y = new int[n];
    String[] seg = new String[n];
    for (int i = 0; i < n; i++) {
      seg[i] = i < 200 ? "EMEA" : i < 400 ? "NA" : "APAC";
      y[i] = i % 2;
      // EMEA: every 4th row wrong (25 %); NA and APAC: every 20th wrong (5 %)
      boolean wrong = seg[i].equals("EMEA") ? i % 4 == 0 : i % 20 == 0;
      s[i] = (y[i] == 1) != wrong ? 0.8 : 0.2;
    }
    SegmentReport r = SegmentedEvaluation.builder().margin(0.1).minRows(100).build().evaluate(s, y, seg);
    assertEquals(1, r.flagged().size());
    SegmentReport.Segment emea = r.segment("EMEA").orElseThrow();
    assertTrue(emea.flagged());
    assertEquals(0.25, emea.errorRate(), 1e-12);
    assertEquals(0.05, emea.restErrorRate(), 1e-12);
    assertEquals(200, emea.rows());
    assertFalse(r.segment("NA").orElseThrow().flagged());
    // with a higher minimum size nothing is flagged
    assertTrue(SegmentedEvaluation.builder().margin(0.1).minRows(300).build().evaluate(s, y, seg).flagged().isEmpty());
    assertThrows(IllegalArgumentException.class, () -> SegmentedEvaluation.builder().build().evaluate(s, y, new String[3]));
  }
}
