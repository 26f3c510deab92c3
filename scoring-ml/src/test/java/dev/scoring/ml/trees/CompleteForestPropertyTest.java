package dev.scoring.ml.trees;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.MutableFeatures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast layout ({@link CompleteForest}: one row, on wide or rank cells, and the blocked batch path) equals the reference
 * pre-order walk bit for bit on random rows that hit the hard cases: missing values (both default
 * directions), values exactly at a split boundary and one float/double step either side, -0.0 and
 * +0.0, and batch sizes that are not multiples of the eight-row interleave or the block.
 */
final class CompleteForestPropertyTest {

  private static final int COLS = 6;

  @Test
  void xgboost_fastPaths_equalReferenceWalk() {
    RandomData d = new RandomData(11, 403, COLS, 0.2, 0, 3, 1, "binary");
    FeatureSchema schema = d.schema(false);
    TreeModel model = XGBoostModels.read(TreeModels.xgboost(d, "binary:logistic", 1, 30), "m.json");
    Ensemble e = Ensemble.compile(model, schema, model.featureNames);
    check(e, schema);
    // large XGBoost ensembles walk one row on rank cells: force them on this small one
    CompleteForest ranked = CompleteForest.of(e, 0);
    assertNotNull(ranked);
    List<List<Double>> cuts = boundaries(e);
    qt().withExamples(200).withFixedSeed(8).forAll(longs().all()).check(seed -> {
      Features row = randomRow(new Random(seed), schema, cuts);
      assertEquals(reference(e, row), ranked.sum(row, e.base[0]), 0.0, "one row on rank cells");
      return true;
    });
  }

  @Test
  void xgboost_everyBatchMethod_equalsOneRow() {
    RandomData d = new RandomData(13, 403, COLS, 0.25, 0, 3, 1, "binary");
    FeatureSchema schema = d.schema(false);
    TreeModel model = XGBoostModels.read(TreeModels.xgboost(d, "binary:logistic", 1, 30), "m.json");
    checkBatchMethods(Ensemble.compile(model, schema, model.featureNames), schema);
  }

  @Test
  void lightgbm_everyBatchMethod_equalsOneRow() {
    RandomData d = new RandomData(14, 403, COLS, 0.25, 0, 3, 1, "binary");
    FeatureSchema schema = d.schema(false);
    TreeModel model = LightGbmModels.read(TreeModels.lightgbm(d, "objective=binary verbose=-1 num_threads=1 max_depth=5 "
        + "num_leaves=20 min_data_in_leaf=5", 30).getBytes(StandardCharsets.UTF_8), "m.txt");
    checkBatchMethods(Ensemble.compile(model, schema, model.featureNames), schema);
  }

  /** Every {@link CompleteForest.Batch} method gives each row of a batch exactly its one-row margin. */
  private static void checkBatchMethods(Ensemble e, FeatureSchema schema) {
    List<List<Double>> cuts = boundaries(e);
    for (CompleteForest.Batch method : CompleteForest.Batch.values()) {
      CompleteForest f = CompleteForest.of(e, CompleteForest.RANK_CELLS_ABOVE_BYTES, method);
      assertNotNull(f, method.name());
      qt().withExamples(100).withFixedSeed(9)
          .forAll(longs().all(), integers().between(1, 2 * CompleteForest.BLOCK + 9))
          .check((seed, n) -> {
            Random r = new Random(seed);
            List<Features> rows = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
              rows.add(randomRow(r, schema, cuts));
            }
            double[] acc = new double[n];
            for (int from = 0; from < n; from += CompleteForest.BLOCK) {
              int m = Math.min(CompleteForest.BLOCK, n - from);
              for (int i = from; i < from + m; i++) {
                acc[i] = e.floatSum ? (float) e.base[0] : 0.0;
              }
              f.sums(rows, from, m, acc);
            }
            for (int i = 0; i < n; i++) {
              double batch = e.floatSum ? acc[i] : e.base[0] + acc[i] * e.outputScale;
              assertEquals(e.margin(rows.get(i)), batch, 0.0, method + ": batch row " + i + " of " + n);
            }
            return true;
          });
    }
  }

  @Test
  void lightgbm_fastPaths_equalReferenceWalk() {
    RandomData d = new RandomData(12, 403, COLS, 0.2, 0, 3, 1, "binary");
    FeatureSchema schema = d.schema(false);
    TreeModel model = LightGbmModels.read(TreeModels.lightgbm(d, "objective=binary verbose=-1 num_threads=1 max_depth=5 "
        + "num_leaves=20 min_data_in_leaf=5", 30).getBytes(StandardCharsets.UTF_8), "m.txt");
    check(Ensemble.compile(model, schema, model.featureNames), schema);
  }

  private static void check(Ensemble e, FeatureSchema schema) {
    assertNotNull(e.complete, "shallow numerical trees get the complete layout");
    List<List<Double>> cuts = boundaries(e);
    qt().withExamples(200).withFixedSeed(7)
        .forAll(longs().all(), integers().between(1, 150))
        .check((seed, n) -> {
          Random r = new Random(seed);
          List<Features> rows = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            rows.add(randomRow(r, schema, cuts));
          }
          double[] batch = new double[n];
          e.margins(rows, batch);
          for (int i = 0; i < n; i++) {
            double walk = reference(e, rows.get(i));
            assertEquals(walk, e.margin(rows.get(i)), 0.0, "one row " + i);
            assertEquals(walk, batch[i], 0.0, "batch row " + i + " of " + n);
          }
          return true;
        });
  }

  /** A row whose every feature is drawn by {@link #value}. */
  private static Features randomRow(Random r, FeatureSchema schema, List<List<Double>> cuts) {
    MutableFeatures m = Features.mutable(schema);
    for (int c = 0; c < COLS; c++) {
      double v = value(r, cuts.get(c));
      if (!Double.isNaN(v)) {
        m.setNumber(c, v);
      }
    }
    return m.snapshot();
  }

  /** Missing, a split boundary (or its float/double neighbours), a signed zero, or a random number. */
  private static double value(Random r, List<Double> cuts) {
    int k = r.nextInt(10);
    if (k < 2) {
      return Double.NaN;
    }
    if (k == 2) {
      return r.nextBoolean() ? -0.0 : 0.0;
    }
    if (k < 7 && !cuts.isEmpty()) {
      double t = cuts.get(r.nextInt(cuts.size()));
      return switch (r.nextInt(5)) {
        case 0 -> t;
        case 1 -> Math.nextUp(t);
        case 2 -> Math.nextDown(t);
        case 3 -> Math.nextUp((float) t);
        default -> Math.nextDown((float) t);
      };
    }
    return r.nextGaussian() * 5;
  }

  /** Every finite split value per schema feature. */
  private static List<List<Double>> boundaries(Ensemble e) {
    List<List<Double>> out = new ArrayList<>();
    for (int c = 0; c < COLS; c++) {
      out.add(new ArrayList<>());
    }
    for (int n = 0; n < e.value.length; n++) {
      int meta = e.nodes[2 * n];
      if (meta >= 0 && Double.isFinite(e.value[n]) && Math.abs(e.value[n]) < Float.MAX_VALUE) {
        out.get(meta & Ensemble.FEATURE).add(e.value[n]);
      }
    }
    return out;
  }

  private static double reference(Ensemble e, Features row) {
    if (e.floatSum) {
      float s = (float) e.base[0];
      for (int root : e.roots) {
        s += (float) e.value[e.leaf(root, row)];
      }
      return s;
    }
    double s = 0;
    for (int root : e.roots) {
      s += e.value[e.leaf(root, row)];
    }
    return e.base[0] + s * e.outputScale;
  }
}
