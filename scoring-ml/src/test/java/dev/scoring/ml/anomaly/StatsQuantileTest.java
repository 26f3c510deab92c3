package dev.scoring.ml.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;

/** The detectors' quantiles against commons-math3 as an independent oracle. */
final class StatsQuantileTest {

  @Test
  void normalQuantile_matchesCommonsMath() {
    NormalDistribution oracle = new NormalDistribution(null, 0, 1);
    qt().forAll(doubles().between(1e-12, 1 - 1e-12)).checkAssert(p -> {
      double want = oracle.inverseCumulativeProbability(p);
      // commons-math3 inverts through erfInv, which loses about 1e-7 relative in the far tails
      assertEquals(want, Stats.normalQuantile(p), 1e-6 * Math.max(1, Math.abs(want)), "p=" + p);
    });
    assertEquals(3.719016485455709, Stats.normalQuantile(1 - 1e-4), 1e-12);
    assertEquals(-1.959963984540054, Stats.normalQuantile(0.025), 1e-12);
    assertEquals(-7.034483825301132, Stats.normalQuantile(1e-12), 1e-9); // Wichura's published accuracy
  }

  @Test
  void tQuantile_matchesCommonsMath() {
    qt().forAll(doubles().between(1e-9, 1 - 1e-9), integers().between(1, 500)).checkAssert((p, df) -> {
      double want = new TDistribution(null, df).inverseCumulativeProbability(p);
      assertEquals(want, Stats.tQuantile(p, df), 1e-7 * Math.max(1, Math.abs(want)), "p=" + p + " df=" + df);
    });
    assertEquals(12.706204736174694, Stats.tQuantile(0.975, 1), 1e-9);
  }
}
