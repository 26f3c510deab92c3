package dev.scoring.ml.trees;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link SplitRanks} counts exactly the split values at or below a number, whatever the values'
 * spacing: spread out (one per grid cell), crowded next to a far outlier (the cell is searched),
 * a single value, none, infinities and signed zeros, probed at every value, its neighbours and at
 * random.
 */
final class SplitRanksTest {

  @Test
  void rank_countsTheValuesAtOrBelow() {
    qt().withExamples(300).withFixedSeed(5).forAll(longs().all()).check(seed -> {
      Random r = new Random(seed);
      int features = 1 + r.nextInt(4);
      double[][] values = new double[features][];
      for (int j = 0; j < features; j++) {
        values[j] = values(r);
      }
      SplitRanks ranks = new SplitRanks(values);
      for (int j = 0; j < features; j++) {
        for (double x : probes(r, values[j])) {
          assertEquals(bruteForce(values[j], x), ranks.rank(j, x), "feature " + j + " at " + x + " of "
              + Arrays.toString(values[j]));
        }
      }
      return true;
    });
  }

  /** Distinct ascending values of one of several shapes. */
  private static double[] values(Random r) {
    TreeSet<Double> set = new TreeSet<>();
    int n = r.nextInt(6) == 0 ? r.nextInt(2) : 1 + r.nextInt(300);
    int shape = r.nextInt(4);
    for (int i = 0; i < n; i++) {
      double v = switch (shape) {
        case 0 -> r.nextGaussian() * 100;
        // crowded: a cluster far from one outlier, so most values share a grid cell
        case 1 -> i == 0 ? 1e12 : 1 + r.nextInt(1000) * 1e-9;
        case 2 -> r.nextInt(20) - 10.0;
        default -> Math.scalb(r.nextDouble() - 0.5, r.nextInt(200) - 100);
      };
      set.add(v == 0.0 ? 0.0 : v);
    }
    if (r.nextInt(8) == 0) {
      set.add(Double.POSITIVE_INFINITY);
    }
    if (r.nextInt(8) == 0) {
      set.add(Double.MAX_VALUE);
    }
    return set.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double[] probes(Random r, double[] values) {
    double[] extra = {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, -0.0, 0.0, -Double.MAX_VALUE, Double.MAX_VALUE,
        r.nextGaussian() * 1e6, r.nextGaussian()};
    double[] out = new double[values.length * 3 + extra.length];
    int k = 0;
    for (double v : values) {
      out[k++] = v;
      out[k++] = Math.nextUp(v);
      out[k++] = Math.nextDown(v);
    }
    System.arraycopy(extra, 0, out, k, extra.length);
    return out;
  }

  private static int bruteForce(double[] values, double x) {
    int n = 0;
    for (double v : values) {
      n += v <= x ? 1 : 0;
    }
    return n;
  }
}
