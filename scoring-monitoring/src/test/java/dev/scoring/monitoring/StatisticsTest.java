package dev.scoring.monitoring;

import dev.scoring.internal.Special;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

/** The drift statistics against commons-math3 (test scope only) and hand-worked values. */
final class StatisticsTest {

  @Test
  void chiSquareSf_matchesCommonsMath() {
    for (double df : new double[] {1, 2, 3, 5, 9, 30, 99}) {
      ChiSquaredDistribution d = new ChiSquaredDistribution(df);
      for (double x : new double[] {0.01, 0.5, 1, 2.5, 7, 15, 40, 120, 200}) {
        double want = 1 - d.cumulativeProbability(x);
        double got = Special.chiSquareSf(x, df);
        assertEquals(want, got, 1e-12 + 1e-8 * want, "df " + df + " x " + x);
      }
    }
  }

  @Test
  void normalSf_matchesCommonsMath() {
    NormalDistribution n = new NormalDistribution();
    for (double z = -6; z <= 6; z += 0.37) {
      assertEquals(1 - n.cumulativeProbability(z), Special.normalSf(z), 1e-13, "z " + z);
    }
  }

  @Test
  void kolmogorovPValue_matchesCommonsMathAsymptotic() {
    KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
    int[][] sizes = {{100, 200}, {500, 500}, {1000, 40000}, {50, 80}};
    for (int[] s : sizes) {
      for (double d = 0.01; d < 0.5; d += 0.013) {
        double want = ks.approximateP(d, s[0], s[1]);
        double got = DriftStatistics.ksPValue(d, s[0], s[1]);
        assertEquals(want, got, 1e-9, "d " + d + " sizes " + s[0] + "," + s[1]);
      }
    }
  }

  @Test
  void kolmogorovSmirnov_statisticMatchesCommonsMath() {
    SplittableRandom r = new SplittableRandom(3);
    KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
    for (int t = 0; t < 30; t++) {
      double[] a = new double[50 + r.nextInt(300)];
      double[] b = new double[50 + r.nextInt(300)];
      for (int i = 0; i < a.length; i++) {
        a[i] = Math.round(r.nextGaussian() * 3) / 3.0;
      }
      for (int i = 0; i < b.length; i++) {
        b[i] = Math.round((r.nextGaussian() + 0.2) * 3) / 3.0 + (t % 2 == 0 ? 0 : 1e-9 * i); // ties and no ties
      }
      TestResult got = DriftStatistics.kolmogorovSmirnov(a, b);
      assertEquals(ks.kolmogorovSmirnovStatistic(a, b), got.statistic(), 1e-12);
      assertEquals(ks.approximateP(got.statistic(), a.length, b.length), got.pValue(), 1e-9);
    }
  }

  @Test
  void chiSquareHomogeneity_matchesCommonsMath() {
    long[] a = {120, 80, 45, 30, 5};
    long[] b = {40, 35, 30, 9, 6};
    ChiSquareTest c = new ChiSquareTest();
    TestResult got = DriftStatistics.chiSquare(a, b);
    assertEquals(c.chiSquareDataSetsComparison(a, b), got.statistic(), 1e-9);
    assertEquals(c.chiSquareTestDataSetsComparison(a, b), got.pValue(), 1e-12);
    assertEquals(4, got.degreesOfFreedom());
  }

  @Test
  void psiAndJensenShannon_handWorked() {
    // proportions (.5, .5) -> (.25, .75): (.25-.5)ln(.5) + (.75-.5)ln(1.5)
    assertEquals(-0.25 * Math.log(0.5) + 0.25 * Math.log(1.5), DriftStatistics.psi(new long[] {2, 2}, new long[] {1, 3}), 1e-15);
    assertEquals(1.0, DriftStatistics.jensenShannon(new long[] {5, 0}, new long[] {0, 7}), 1e-15);
    // JS of (1/2,1/2) vs (1,0): 0.5*[.5 log2(.5/.75) + .5 log2(.5/.25)] + 0.5*[1 log2(1/.75)]
    double js = 0.5 * (0.5 * log2(0.5 / 0.75) + 0.5 * log2(0.5 / 0.25)) + 0.5 * log2(1 / 0.75);
    assertEquals(Math.sqrt(js), DriftStatistics.jensenShannon(new long[] {1, 1}, new long[] {4, 0}), 1e-15);
    assertEquals(PsiBand.MAJOR, PsiBand.of(0.3));
    assertEquals(PsiBand.MODERATE, PsiBand.of(0.1));
    assertEquals(PsiBand.STABLE, PsiBand.of(0.05));
    assertThrows(IllegalArgumentException.class, () -> DriftStatistics.psi(new long[] {1}, new long[] {1, 2}));
    assertThrows(IllegalArgumentException.class, () -> DriftStatistics.psi(new long[] {0, 0}, new long[] {1, 2}));
    assertThrows(IllegalArgumentException.class, () -> DriftStatistics.kolmogorovSmirnov(new double[0], new double[] {1}));
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  @Test
  void corrections_handWorked() {
    double[] p = {0.01, 0.04, 0.03, 0.005, Double.NaN};
    // sorted .005 .01 .03 .04 (m = 4); Holm: .02 .03 .06 .04 -> running max .02 .03 .06 .06
    assertArrayEquals(new double[] {0.03, 0.06, 0.06, 0.02, Double.NaN}, Correction.HOLM.adjust(p), 1e-15);
    // BH: 4/1*.005=.02, 4/2*.01=.02, 4/3*.03=.04, 4/4*.04=.04 -> running min from the top
    assertArrayEquals(new double[] {0.02, 0.04, 0.04, 0.02, Double.NaN}, Correction.BENJAMINI_HOCHBERG.adjust(p), 1e-15);
    assertArrayEquals(new double[] {0.04, 0.16, 0.12, 0.02, Double.NaN}, Correction.BONFERRONI.adjust(p), 1e-15);
    assertArrayEquals(p, Correction.NONE.adjust(p), 0);
    assertThrows(IllegalArgumentException.class, () -> Correction.HOLM.adjust(new double[] {1.5}));
  }

  @Test
  void psiOfADistributionWithItselfIsZero_andStatisticsStayInRange() {
    qt().withFixedSeed(31).withExamples(2000).forAll(longs().all(), integers().between(1, 40))
        .check((seed, k) -> {
          SplittableRandom r = new SplittableRandom(seed);
          long[] a = new long[k];
          long[] b = new long[k];
          long sa = 0;
          long sb = 0;
          for (int i = 0; i < k; i++) {
            a[i] = r.nextInt(4) == 0 ? 0 : r.nextInt(1000);
            b[i] = r.nextInt(4) == 0 ? 0 : r.nextInt(1000);
            sa += a[i];
            sb += b[i];
          }
          if (sa == 0) {
            a[0] = 1;
          }
          if (sb == 0) {
            b[0] = 1;
          }
          long[] scaled = new long[k];
          for (int i = 0; i < k; i++) {
            scaled[i] = a[i] * 3; // the same distribution, three times the rows
          }
          double ks = DriftStatistics.kolmogorovSmirnov(a, b).statistic();
          double js = DriftStatistics.jensenShannon(a, b);
          return DriftStatistics.psi(a, a) == 0
              && Math.abs(DriftStatistics.psi(a, scaled)) < 1e-12
              && DriftStatistics.psi(a, b) >= 0
              && ks >= 0 && ks <= 1
              && js >= 0 && js <= 1 + 1e-12
              && Math.abs(js - DriftStatistics.jensenShannon(b, a)) < 1e-12;
        });
  }

  @Test
  void ksOnRawSamplesStaysInUnitInterval() {
    qt().withFixedSeed(32).withExamples(1000).forAll(longs().all(), integers().between(1, 60), integers().between(1, 60))
        .check((seed, n, m) -> {
          SplittableRandom r = new SplittableRandom(seed);
          double[] a = new double[n];
          double[] b = new double[m];
          for (int i = 0; i < n; i++) {
            a[i] = r.nextInt(10);
          }
          for (int i = 0; i < m; i++) {
            b[i] = r.nextInt(12) - 1;
          }
          TestResult t = DriftStatistics.kolmogorovSmirnov(a, b);
          return t.statistic() >= 0 && t.statistic() <= 1 && t.pValue() >= 0 && t.pValue() <= 1
              && DriftStatistics.kolmogorovSmirnov(a, a).statistic() == 0;
        });
  }
}
