package dev.scoring.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Sample weights in {@link QualityMonitor}: a hand-worked case, weights of 1 are no weights
 * (exactly), and integer weights equal repeated labels, per segment and for {@link QualityMonitor#ALL}.
 */
final class QualityWeightsTest {

  @Test
  void handWorkedCase() {
    QualityMonitor q = QualityMonitor.builder().window(10).minLabels(2).build();
    q.record("x", 0.5, 0, 2.0);
    q.record("x", 0.5, 1, 1.0);
    q.record("x", 0.7, 1, 1.0);
    q.record("x", 0.9, 0, 1.0);
    SegmentQuality all = q.report().get(0);
    // weighted pairs: the tie 0.5/0.5 counts 0.5 x 1 x 2, 0.7 beats 0.5 (weight 2): 3 of 2 x 3
    assertEquals(0.5, all.rocAuc(), 1e-15);
    // sum of w (v - y)^2 over sum of w: (2 x 0.25 + 0.25 + 0.09 + 0.81) / 5
    assertEquals(0.33, all.brier(), 1e-15);
    assertEquals(4, all.labels());
    assertEquals(2, all.positives());
  }

  @Test
  void invalidWeights_areRefused() {
    QualityMonitor q = QualityMonitor.builder().build();
    for (double w : new double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThrows(IllegalArgumentException.class, () -> q.record(null, 0.5, 1, w), "weight " + w);
    }
  }

  @Test
  void weightsOfOne_areNoWeights() {
    qt().withFixedSeed(41).withExamples(200).forAll(longs().all(), integers().between(2, 300)).check((seed, n) -> {
      QualityMonitor plain = monitor();
      QualityMonitor weighted = monitor();
      Random r = new Random(seed);
      for (int i = 0; i < n; i++) {
        double score = score(r);
        int label = r.nextInt(3) == 0 ? 1 : 0;
        String segment = "s" + r.nextInt(3);
        plain.record(segment, score, label);
        weighted.record(segment, score, label, 1.0);
      }
      return plain.report().equals(weighted.report());
    });
  }

  @Test
  void integerWeights_areRepeatedLabels() {
    qt().withFixedSeed(42).withExamples(200).forAll(longs().all(), integers().between(2, 200)).check((seed, n) -> {
      QualityMonitor weighted = monitor();
      QualityMonitor repeated = monitor();
      Random r = new Random(seed);
      for (int i = 0; i < n; i++) {
        double score = score(r);
        int label = r.nextInt(3) == 0 ? 1 : 0;
        String segment = "s" + r.nextInt(3);
        int k = 1 + r.nextInt(3);
        weighted.record(segment, score, label, k);
        for (int c = 0; c < k; c++) {
          repeated.record(segment, score, label);
        }
      }
      List<SegmentQuality> a = weighted.report();
      List<SegmentQuality> b = repeated.report();
      assertEquals(b.size(), a.size());
      for (int i = 0; i < a.size(); i++) {
        String what = a.get(i).segment() + " (" + n + " labels, seed " + seed + ")";
        assertEquals(b.get(i).segment(), a.get(i).segment());
        assertClose(b.get(i).rocAuc(), a.get(i).rocAuc(), "AUC of " + what);
        assertClose(b.get(i).expectedCalibrationError(), a.get(i).expectedCalibrationError(), "ECE of " + what);
        assertClose(b.get(i).brier(), a.get(i).brier(), "Brier of " + what);
        assertClose(b.get(i).logLoss(), a.get(i).logLoss(), "log loss of " + what);
      }
      return true;
    });
  }

  /** A window that holds every label (3 x 200 repeats), evaluated only on {@code report()}. */
  private static QualityMonitor monitor() {
    return QualityMonitor.builder().window(1_000).minLabels(1_000).evaluateEvery(1_000).build();
  }

  /** A probability, often tied with earlier ones (ties are where weights and repeats could differ). */
  private static double score(Random r) {
    return r.nextBoolean() ? r.nextInt(10) / 10.0 : r.nextDouble();
  }

  private static void assertClose(double expected, double actual, String what) {
    if (Double.isNaN(expected)) {
      assertEquals(expected, actual, what);
    } else {
      assertEquals(expected, actual, 1e-12 * (1 + Math.abs(expected)), what);
    }
  }
}
