package dev.scoring.ml.trees;

import dev.scoring.api.Features;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The one-row walk of a {@link CompleteForest} over 4-byte cells: the same complete trees and
 * leaves, but each split compares ranks instead of numbers. A row first turns each feature into its
 * rank among that feature's split values ({@link SplitRanks}), and a split at the {@code k}-th value
 * goes right iff the rank is at least {@code k}; a cell holds {@code k} and the key slot to read.
 * Missing values keep their default direction through two key slots per feature: {@code 2j} holds
 * the highest key for a missing value (so it goes right), {@code 2j+1} holds 0 (so it goes left).
 *
 * <p>Cells a quarter the size of LightGBM's (a double and a slot) and half of XGBoost's keep a
 * 500-tree, depth-8 ensemble in the L2 cache, which pays for the per-row rank lookups (about 4 ns a
 * feature): in interleaved runs one row took 0.70x (LightGBM 500 x 8) to 0.93x (LightGBM 100 x 6) of
 * the time of the wide cells. Batches keep the wide cells, whose blocked walk reuses each tree
 * across rows and needs no ranks. Sums add trees in model order, bit-identical to the wide cells.
 */
final class RankForest {

  /** The key of a missing value that goes right: at least every split's rank. */
  private static final int MISSING_RIGHT = 0xFFFF;
  /** Split values per feature and key slots that the 16-bit halves of a cell can hold. */
  private static final int MAX_RANK = MISSING_RIGHT - 1;
  private static final int MAX_SLOTS = 1 << 16;

  private final int depth;
  private final int internal;
  private final int trees;
  /** Per internal cell: the split's rank {@code k} in the high 16 bits, its key slot in the low 16. */
  private final int[] cells;
  private final int[] features;
  private final SplitRanks ranks;
  private final ThreadLocal<int[]> keys;
  private final boolean floatSum;
  private final double[] leaf;
  private final float[] fleaf;

  private RankForest(int depth, int trees, int[] cells, int[] features, SplitRanks ranks, boolean floatSum,
      double[] leaf, float[] fleaf) {
    this.depth = depth;
    this.internal = (1 << depth) - 1;
    this.trees = trees;
    this.cells = cells;
    this.features = features;
    this.ranks = ranks;
    this.keys = ThreadLocal.withInitial(() -> new int[2 * features.length]);
    this.floatSum = floatSum;
    this.leaf = leaf;
    this.fleaf = fleaf;
  }

  /**
   * The rank walk over a complete layout's cells ({@code slot[c]}: the key slot, {@code value[c]}: the
   * split value, float32 for XGBoost), or null if a feature has more split values, or the model more
   * features, than 16 bits can number.
   */
  static @Nullable RankForest of(int depth, int trees, int[] features, int[] slot, double[] value, boolean floatSum,
      double[] leaf, float[] fleaf) {
    int f = features.length;
    if (2L * f > MAX_SLOTS) {
      return null;
    }
    double[][] values = new double[f][];
    int[] count = new int[f];
    for (int c = 0; c < slot.length; c++) {
      count[slot[c] >> 1]++;
    }
    for (int j = 0; j < f; j++) {
      values[j] = new double[count[j]];
      count[j] = 0;
    }
    for (int c = 0; c < slot.length; c++) {
      int j = slot[c] >> 1;
      values[j][count[j]++] = value[c];
    }
    for (int j = 0; j < f; j++) {
      double[] v = values[j];
      Arrays.sort(v, 0, count[j]);
      int m = 0;
      for (int i = 0; i < count[j]; i++) {
        // == merges -0.0 and 0.0, which every split treats alike
        if (m == 0 || v[i] != v[m - 1]) {
          v[m++] = v[i];
        }
      }
      if (m > MAX_RANK) {
        return null;
      }
      values[j] = Arrays.copyOf(v, m);
    }
    SplitRanks ranks = new SplitRanks(values);
    int[] cells = new int[slot.length];
    for (int c = 0; c < slot.length; c++) {
      cells[c] = ranks.rank(slot[c] >> 1, value[c]) << 16 | slot[c];
    }
    return new RankForest(depth, trees, cells, features, ranks, floatSum, leaf, fleaf);
  }

  /** The row's keys: feature j's rank at 2j and 2j+1, or the two missing keys. */
  private void load(Features row, int[] ks) {
    final int[] features = this.features;
    final SplitRanks ranks = this.ranks;
    for (int j = 0; j < features.length; j++) {
      double x = row.number(features[j]);
      boolean missing = x != x;
      int rank = ranks.rank(j, floatSum ? (float) x : x);
      ks[2 * j] = missing ? MISSING_RIGHT : rank;
      ks[2 * j + 1] = missing ? 0 : rank;
    }
  }

  private int step(int base, int i, int[] ks) {
    int c = cells[base + i];
    return 2 * i + (ks[c & 0xFFFF] >= c >>> 16 ? 2 : 1);
  }

  /** The sum of every tree's leaf (group 0 only), started from {@code start}, in model order. */
  double sum(Features row, double start) {
    final int depth = this.depth;
    final int internal = this.internal;
    final int stride = internal + 1;
    final boolean floatSum = this.floatSum;
    int[] ks = keys.get();
    load(row, ks);
    double sum = start;
    float fsum = (float) start;
    int t = 0;
    for (; t + 8 <= trees; t += 8) {
      int b0 = t * internal;
      int i0 = 0;
      int i1 = 0;
      int i2 = 0;
      int i3 = 0;
      int i4 = 0;
      int i5 = 0;
      int i6 = 0;
      int i7 = 0;
      for (int k = 0; k < depth; k++) {
        i0 = step(b0, i0, ks);
        i1 = step(b0 + internal, i1, ks);
        i2 = step(b0 + 2 * internal, i2, ks);
        i3 = step(b0 + 3 * internal, i3, ks);
        i4 = step(b0 + 4 * internal, i4, ks);
        i5 = step(b0 + 5 * internal, i5, ks);
        i6 = step(b0 + 6 * internal, i6, ks);
        i7 = step(b0 + 7 * internal, i7, ks);
      }
      int l = t * stride - internal;
      if (floatSum) {
        fsum += fleaf[l + i0];
        fsum += fleaf[l + stride + i1];
        fsum += fleaf[l + 2 * stride + i2];
        fsum += fleaf[l + 3 * stride + i3];
        fsum += fleaf[l + 4 * stride + i4];
        fsum += fleaf[l + 5 * stride + i5];
        fsum += fleaf[l + 6 * stride + i6];
        fsum += fleaf[l + 7 * stride + i7];
      } else {
        sum += leaf[l + i0];
        sum += leaf[l + stride + i1];
        sum += leaf[l + 2 * stride + i2];
        sum += leaf[l + 3 * stride + i3];
        sum += leaf[l + 4 * stride + i4];
        sum += leaf[l + 5 * stride + i5];
        sum += leaf[l + 6 * stride + i6];
        sum += leaf[l + 7 * stride + i7];
      }
    }
    for (; t < trees; t++) {
      int b = t * internal;
      int i = 0;
      for (int k = 0; k < depth; k++) {
        i = step(b, i, ks);
      }
      if (floatSum) {
        fsum += fleaf[t * stride - internal + i];
      } else {
        sum += leaf[t * stride - internal + i];
      }
    }
    return floatSum ? fsum : sum;
  }
}
