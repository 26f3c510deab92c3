package dev.scoring.evaluation;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Properties of the binary metrics and the bootstrap. */
final class BinaryMetricsPropertiesTest {

  @Test
  void rocAuc_equalsPairwiseDefinition() {
    qt().withFixedSeed(11).withExamples(1000).forAll(longs().all(), integers().between(2, 80))
        .check((seed, n) -> {
          Data d = Data.random(seed, n);
          return Math.abs(BinaryMetrics.rocAuc(d.scores(), d.labels()) - d.bruteAuc()) < 1e-12;
        });
  }

  @Test
  void rocAuc_ofPerfectRankingIsOne() {
    qt().withFixedSeed(12).withExamples(1000).forAll(longs().all(), integers().between(2, 80))
        .check((seed, n) -> {
          Data d = Data.random(seed, n);
          double[] perfect = new double[n];
          for (int i = 0; i < n; i++) {
            perfect[i] = d.labels()[i] + d.scores()[i] * 0.5; // every positive above every negative
          }
          return BinaryMetrics.rocAuc(perfect, d.labels()) == 1.0
              && Math.abs(BinaryMetrics.averagePrecision(perfect, d.labels()) - 1.0) < 1e-12;
        });
  }

  @Test
  void rocAucAndPrAuc_invariantUnderMonotoneTransforms() {
    qt().withFixedSeed(13).withExamples(1000).forAll(longs().all(), integers().between(2, 80))
        .check((seed, n) -> {
          Data d = Data.random(seed, n);
          double[] t = new double[n];
          for (int i = 0; i < n; i++) {
            double p = d.scores()[i];
            t[i] = Math.exp(3 * p) + p * p * p - 2; // strictly increasing
          }
          return BinaryMetrics.rocAuc(d.scores(), d.labels()) == BinaryMetrics.rocAuc(t, d.labels())
              && Math.abs(BinaryMetrics.averagePrecision(d.scores(), d.labels())
                  - BinaryMetrics.averagePrecision(t, d.labels())) < 1e-12;
        });
  }

  @Test
  void bootstrapIntervals_containThePointEstimate() {
    qt().withFixedSeed(14).withExamples(60).forAll(longs().all(), integers().between(30, 150))
        .check((seed, n) -> {
          Data d = Data.random(seed, n);
          Map<BinaryMetric, Interval> ci = new Bootstrap(200, 0.95, seed).intervals(d.scores(), d.labels());
          BinaryMetrics m = BinaryMetrics.of(d.scores(), d.labels());
          for (BinaryMetric k : BinaryMetric.values()) {
            Interval i = ci.get(k);
            if (i.estimate() != m.get(k) || !i.contains(i.estimate()) || !(i.lower() <= i.upper())) {
              return false;
            }
          }
          return true;
        });
  }

  @Test
  void bootstrap_sameSeedSameInterval() {
    Data d = Data.random(3, 200);
    Interval a = new Bootstrap(300, 0.9, 5).interval(BinaryMetric.ROC_AUC, d.scores(), d.labels());
    Interval b = new Bootstrap(300, 0.9, 5).interval(BinaryMetric.ROC_AUC, d.scores(), d.labels());
    org.junit.jupiter.api.Assertions.assertEquals(a, b);
  }

  @Test
  void genericBootstrap_macroF1IntervalContainsTheEstimate() {
    qt().withFixedSeed(15).withExamples(40).forAll(longs().all(), integers().between(30, 200))
        .check((seed, n) -> {
          java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
          int[] actual = new int[n];
          int[] predicted = new int[n];
          for (int i = 0; i < n; i++) {
            actual[i] = r.nextInt(3);
            predicted[i] = r.nextInt(4) == 0 ? r.nextInt(3) : actual[i];
          }
          java.util.List<String> classes = java.util.List.of("a", "b", "c");
          Interval f1 = new Bootstrap(200, 0.95, seed).interval(n, idx -> {
            int[] a = new int[idx.length];
            int[] p = new int[idx.length];
            for (int k = 0; k < idx.length; k++) {
              a[k] = actual[idx[k]];
              p[k] = predicted[idx[k]];
            }
            return MulticlassMetrics.of(classes, a, p).macroF1();
          });
          return f1.estimate() == MulticlassMetrics.of(classes, actual, predicted).macroF1()
              && f1.contains(f1.estimate()) && f1.lower() <= f1.upper();
        });
  }
}
