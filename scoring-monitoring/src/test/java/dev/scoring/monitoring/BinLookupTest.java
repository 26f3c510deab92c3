package dev.scoring.monitoring;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The allocation-free lookups against plain definitions. */
final class BinLookupTest {

  @Test
  void bin_isTheNumberOfEdgesBelowTheValue() {
    qt().withFixedSeed(41).withExamples(3000).forAll(longs().all(), integers().between(0, 130))
        .check((seed, k) -> {
          SplittableRandom r = new SplittableRandom(seed);
          TreeSet<Double> set = new TreeSet<>();
          boolean skewed = r.nextBoolean();
          while (set.size() < k) {
            // evenly spread integers, or a heavy tail that crowds most edges into the first grid cells
            set.add(skewed ? Math.exp(r.nextGaussian() * 3) : (double) r.nextInt(400) - 200);
          }
          double[] edges = set.stream().mapToDouble(Double::doubleValue).toArray();
          FeatureProfile p = FeatureProfile.numeric("x", edges, new long[k + 1], 0);
          for (int t = 0; t < 50; t++) {
            double v = r.nextInt(4) == 0 && k > 0 ? edges[r.nextInt(k)]
                : r.nextInt(4) == 0 && k > 0 ? Math.nextDown(edges[r.nextInt(k)])
                : skewed ? Math.exp(r.nextGaussian() * 3) : r.nextDouble() * 500 - 250;
            int below = 0;
            for (double e : edges) {
              if (e < v) {
                below++;
              }
            }
            if (p.bin(v) != below) {
              return false;
            }
          }
          return true;
        });
  }

  @Test
  void binTable_anyOriginGivesTheSameBins() {
    qt().withFixedSeed(44).withExamples(2000).forAll(longs().all(), integers().between(0, 200))
        .check((seed, k) -> {
          SplittableRandom r = new SplittableRandom(seed);
          TreeSet<Double> set = new TreeSet<>();
          int kind = r.nextInt(3);
          while (set.size() < k) {
            set.add(kind == 0 ? r.nextGaussian() : kind == 1 ? Math.exp(r.nextGaussian() * 4)
                : r.nextInt(8) == 0 ? r.nextGaussian() * 1e8 : 1 + r.nextGaussian() * 1e-9);
          }
          double[] edges = set.stream().mapToDouble(Double::doubleValue).toArray();
          BinTable t = BinTable.of(edges, r.nextInt(1 << 20));
          if (t.steps > BinTable.MAX_STEPS || t.start[t.start.length - 1] != k) {
            return false;
          }
          for (int i = 0; i < 60; i++) {
            double v = k > 0 && r.nextBoolean() ? edges[r.nextInt(k)] + (r.nextInt(3) - 1) * Math.ulp(edges[r.nextInt(k)])
                : r.nextInt(10) == 0 ? (r.nextBoolean() ? Double.POSITIVE_INFINITY : -Double.MAX_VALUE)
                : r.nextGaussian() * Math.pow(10, r.nextInt(12) - 4);
            int below = 0;
            for (double e : edges) {
              if (e < v) {
                below++;
              }
            }
            if (t.bin(v) != below) {
              return false;
            }
          }
          return true;
        });
  }

  @Test
  void bucket_findsEveryCategoryAndSendsTheRestToOther() {
    qt().withFixedSeed(42).withExamples(1000).forAll(longs().all(), integers().between(0, 60))
        .check((seed, k) -> {
          SplittableRandom r = new SplittableRandom(seed);
          TreeSet<String> set = new TreeSet<>();
          while (set.size() < k) {
            set.add(r.nextInt(3) == 0 ? "Aa" + r.nextInt(50) : "BB" + r.nextInt(50)); // "Aa" and "BB" collide in hashCode
          }
          List<String> cats = new ArrayList<>(set);
          FeatureProfile p = FeatureProfile.categorical("c", cats, new long[k], 0, 0);
          for (int i = 0; i < k; i++) {
            if (p.bucket(new String(cats.get(i).toCharArray())) != i) {
              return false;
            }
          }
          return p.bucket("zz-not-there") == k && p.bucket("Aa-1") == k;
        });
  }
}
