package dev.scoring.ml.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class SeasonalEsdTest {

  @Test
  void detect_injectedOutliers_areFoundAtTheirPositions() {
    SplittableRandom r = new SplittableRandom(1);
    double[] x = new double[24 * 28];
    for (int i = 0; i < x.length; i++) {
      x[i] = 100 + 40 * Math.sin(2 * Math.PI * (i % 24) / 24) + 2 * r.nextGaussian();
    }
    x[100] += 60;
    x[333] -= 55;
    x[500] += 45;
    List<SeasonalEsd.Anomaly> found = SeasonalEsd.detect(x, 24, 0.05, 0.05);
    List<Integer> at = found.stream().map(SeasonalEsd.Anomaly::index).toList();
    assertTrue(at.containsAll(List.of(100, 333, 500)) && at.size() <= 4, found.toString());
    SeasonalEsd.Anomaly a = found.get(0);
    assertEquals(x[100], a.value());
    assertTrue(Math.abs(a.expected() - (100 + 40 * Math.sin(2 * Math.PI * 4 / 24))) < 5, a.toString());
    assertTrue(a.statistic() > a.critical());
  }

  @Test
  void detect_gaussianSeries_rarelyFindsAnything() {
    int withFindings = 0;
    for (int seed = 0; seed < 40; seed++) {
      SplittableRandom r = new SplittableRandom(seed);
      double[] x = new double[500];
      for (int i = 0; i < x.length; i++) {
        x[i] = 10 + r.nextGaussian();
      }
      if (!SeasonalEsd.detect(x, 1, 0.05, 0.05).isEmpty()) {
        withFindings++;
      }
    }
    // the hybrid test's median and MAD vary more than the mean and standard deviation its critical
    // values assume, so it finds something in clean series more often than alpha (8 of 40 here)
    assertTrue(withFindings <= 12, "clean series with a finding: " + withFindings);
  }

  @Test
  void detect_badArguments_areRefused() {
    assertThrows(IllegalArgumentException.class, () -> SeasonalEsd.detect(new double[10], 24, 0.1, 0.05));
    assertThrows(IllegalArgumentException.class, () -> SeasonalEsd.detect(new double[] {1, Double.NaN, 3, 4}, 1, 0.1, 0.05));
    assertThrows(IllegalArgumentException.class, () -> SeasonalEsd.detect(new double[50], 1, 0.6, 0.05));
  }
}
