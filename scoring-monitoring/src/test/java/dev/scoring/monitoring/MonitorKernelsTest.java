package dev.scoring.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.MutableFeatures;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The monitor's fast paths (flattened grid lookups per row; precomputed reference shares per
 * window) against brute-force counting and the plain kernels of {@link DriftStatistics}.
 */
final class MonitorKernelsTest {

  @Test
  void windowStatistics_equalThePlainKernelsOnTheSameCounts() {
    FeatureSchema schema = FeatureSchema.builder().number("x").build();
    ReferenceProfile.Builder b = ReferenceProfile.builder(schema).edges("x", 1, 2, 3);
    MutableFeatures row = Features.mutable(schema);
    long[] ref = {300, 200, 250, 250, 50}; // bins (−∞,1], (1,2], (2,3], (3,∞), missing
    long[] live = {100, 150, 50, 180, 20};
    double[] value = {0.5, 1.5, 2.5, 3.5};
    for (int k = 0; k < 5; k++) {
      for (int i = 0; i < ref[k]; i++) {
        b.add(k == 4 ? row.setMissing(0) : row.setNumber(0, value[k]), 0.5);
      }
    }
    DriftMonitor m = DriftMonitor.builder(b.build()).window(10_000).build();
    for (int k = 0; k < 5; k++) {
      for (int i = 0; i < live[k]; i++) {
        m.update(k == 4 ? row.setMissing(0) : row.setNumber(0, value[k]), 0.5);
      }
    }
    FeatureDrift x = m.evaluateNow().feature("x").orElseThrow();
    // each bin holds at least 10% of the reference, so PSI and JS buckets are the fine bins + missing
    assertEquals(DriftStatistics.psi(ref, live), x.psi(), 1e-12);
    assertEquals(DriftStatistics.jensenShannon(ref, live), x.jensenShannon(), 1e-12);
    TestResult ks = DriftStatistics.kolmogorovSmirnov(new long[] {300, 200, 250, 250}, new long[] {100, 150, 50, 180});
    assertEquals(ks.statistic(), x.statistic(), 1e-12);
    assertEquals(ks.pValue(), x.pValue(), 1e-12);
    assertEquals(20.0 / 500, x.missingRate(), 0);
    // hand check of one PSI term: bin 2 holds 25% of the reference and 10% of the window
    double term = (0.1 - 0.25) * Math.log(0.1 / 0.25);
    assertEquals(0.1374, term, 1e-4);
  }

  @Test
  void update_countsEveryValueInTheBinOfItsOwnFeature() {
    qt().withFixedSeed(43).withExamples(150).forAll(longs().all(), integers().between(0, 120)).check((seed, k) -> {
      SplittableRandom r = new SplittableRandom(seed);
      int features = 3;
      FeatureSchema.Builder sb = FeatureSchema.builder();
      for (int f = 0; f < features; f++) {
        sb.number("x" + f);
      }
      FeatureSchema schema = sb.build();
      double[][] edges = new double[features][];
      ReferenceProfile.Builder pb = ReferenceProfile.builder(schema);
      for (int f = 0; f < features; f++) {
        TreeSet<Double> set = new TreeSet<>();
        int kind = r.nextInt(3);
        int size = f == 0 ? k : r.nextInt(60);
        while (set.size() < size) {
          // spread integers, a heavy tail (edges crowd into few cells), or a tight cluster with outliers
          set.add(kind == 0 ? (double) r.nextInt(400) - 200
              : kind == 1 ? Math.exp(r.nextGaussian() * 3)
              : r.nextInt(10) == 0 ? r.nextGaussian() * 1e6 : 1 + r.nextGaussian() * 1e-6);
        }
        edges[f] = set.stream().mapToDouble(Double::doubleValue).toArray();
        if (edges[f].length > 0) {
          pb.edges("x" + f, edges[f]);
        }
      }
      MutableFeatures row = Features.mutable(schema);
      // reference: one row per bin of every feature, so no reference bin is empty
      long[][] refCounts = new long[features][];
      int refRows = 200;
      double[][] refValues = new double[features][refRows];
      for (int f = 0; f < features; f++) {
        refCounts[f] = new long[edges[f].length + 1];
        for (int i = 0; i < refRows; i++) {
          refValues[f][i] = sample(r, edges[f]);
          refCounts[f][below(edges[f], refValues[f][i])]++;
        }
      }
      for (int i = 0; i < refRows; i++) {
        for (int f = 0; f < features; f++) {
          row.setNumber(f, refValues[f][i]);
        }
        pb.add(row, 0.5);
      }
      ReferenceProfile profile = pb.build();
      for (int f = 0; f < features; f++) {
        if (edges[f].length == 0) {
          edges[f] = profile.feature("x" + f).orElseThrow().edges(); // quantile edges of the sample
          refCounts[f] = profile.feature("x" + f).orElseThrow().counts();
        }
      }
      DriftMonitor m = DriftMonitor.builder(profile).window(1_000_000).build();
      long[][] live = new long[features][];
      for (int f = 0; f < features; f++) {
        live[f] = new long[edges[f].length + 1];
      }
      for (int i = 0; i < 300; i++) {
        for (int f = 0; f < features; f++) {
          double v = sample(r, edges[f]);
          row.setNumber(f, v);
          live[f][below(edges[f], v)]++;
        }
        m.update(row, 0.5);
      }
      DriftReport report = m.evaluateNow();
      for (int f = 0; f < features; f++) {
        double expected = DriftStatistics.kolmogorovSmirnov(refCounts[f], live[f]).statistic();
        if (Math.abs(report.feature("x" + f).orElseThrow().statistic() - expected) > 1e-12) {
          return false;
        }
      }
      return true;
    });
  }

  /** A value on an edge, next to one, at the ends of the doubles, below the edges, or anywhere in their range. */
  private static double sample(SplittableRandom r, double[] e) {
    int n = e.length;
    if (n == 0) {
      return r.nextGaussian();
    }
    return switch (r.nextInt(6)) {
      case 0 -> e[r.nextInt(n)];
      case 1 -> Math.nextDown(e[r.nextInt(n)]);
      case 2 -> Math.nextUp(e[r.nextInt(n)]);
      case 3 -> r.nextBoolean() ? -Double.MAX_VALUE : Double.MAX_VALUE;
      case 4 -> e[0] - 1 - r.nextDouble() * 1e9;
      default -> e[0] + r.nextDouble() * (e[n - 1] - e[0]);
    };
  }

  private static int below(double[] e, double v) {
    int c = 0;
    for (double x : e) {
      if (x < v) {
        c++;
      }
    }
    return c;
  }
}
