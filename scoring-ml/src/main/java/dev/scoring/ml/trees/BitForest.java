package dev.scoring.ml.trees;

import dev.scoring.api.Features;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The QuickScorer evaluation (Lucchese et al., SIGIR 2015) of a {@link CompleteForest} of depth at
 * most 6: feature by feature instead of tree by tree. Each tree's 64 leaves are the bits of one
 * long, all set at the start of a row; a split whose test sends the row right clears the bits of
 * the leaves in its left subtree, and the row's leaf is then the lowest bit left set. A feature's
 * splits are sorted by threshold, so the splits that send a value {@code x} right are exactly
 * those with a threshold at most {@code x}: a prefix, read until the first larger threshold. A
 * missing value clears the left subtrees of the feature's default-right splits. Padding nodes,
 * whose two subtrees are alike, are left out. Sums add trees in model order, bit-identical to the
 * tree walk.
 */
final class BitForest {

  static final int MAX_DEPTH = 6;

  private final int trees;
  private final int stride;
  private final int[] features;
  /** Per bound feature j, its splits at {@code [start[j], start[j + 1])}, ascending thresholds. */
  private final int[] start;
  private final double[] threshold;
  private final int[] tree;
  private final long[] mask;
  /** Per bound feature j, its default-right splits at {@code [missStart[j], missStart[j + 1])}. */
  private final int[] missStart;
  private final int[] missTree;
  private final long[] missMask;
  private final boolean floatSum;
  private final double[] leaf;
  private final float[] fleaf;
  private final ThreadLocal<long[]> bits;

  private BitForest(int trees, int stride, int[] features, int[] start, double[] threshold, int[] tree, long[] mask,
      int[] missStart, int[] missTree, long[] missMask, boolean floatSum, double[] leaf, float[] fleaf) {
    this.trees = trees;
    this.stride = stride;
    this.features = features;
    this.start = start;
    this.threshold = threshold;
    this.tree = tree;
    this.mask = mask;
    this.missStart = missStart;
    this.missTree = missTree;
    this.missMask = missMask;
    this.floatSum = floatSum;
    this.leaf = leaf;
    this.fleaf = fleaf;
    this.bits = ThreadLocal.withInitial(() -> new long[trees]);
  }

  /**
   * The bit-vector form of complete trees of {@code depth} in heap order ({@code slot[c]}: the
   * scratch slot {@code 2j} or {@code 2j + 1} as in {@link CompleteForest}; {@code value[c]}: the
   * threshold, float32 for XGBoost; {@code padding[c]}: both subtrees alike), or null if deeper than
   * {@value #MAX_DEPTH}.
   */
  static @Nullable BitForest of(int depth, int trees, int[] features, int[] slot, double[] value, boolean[] padding,
      boolean floatSum, double[] leaf, float[] fleaf) {
    if (depth > MAX_DEPTH || depth == 0) {
      return null;
    }
    int internal = (1 << depth) - 1;
    int f = features.length;
    int[] count = new int[f + 1];
    int[] missCount = new int[f + 1];
    for (int c = 0; c < slot.length; c++) {
      if (!padding[c]) {
        count[(slot[c] >> 1) + 1]++;
        if ((slot[c] & 1) == 0) {
          missCount[(slot[c] >> 1) + 1]++;
        }
      }
    }
    for (int j = 0; j < f; j++) {
      count[j + 1] += count[j];
      missCount[j + 1] += missCount[j];
    }
    int n = count[f];
    // sort each feature's splits by threshold through a key array of (threshold rank, cell)
    long[][] byFeature = new long[f][];
    int[] fill = new int[f];
    for (int j = 0; j < f; j++) {
      byFeature[j] = new long[count[j + 1] - count[j]];
    }
    double[] thr = new double[n];
    int[] tr = new int[n];
    long[] mk = new long[n];
    int[] mt = new int[missCount[f]];
    long[] mm = new long[missCount[f]];
    int[] missFill = Arrays.copyOf(missCount, f);
    for (int c = 0; c < slot.length; c++) {
      if (padding[c]) {
        continue;
      }
      int j = slot[c] >> 1;
      byFeature[j][fill[j]++] = c;
      if ((slot[c] & 1) == 0) {
        int k = missFill[j]++;
        mt[k] = c / internal;
        mm[k] = leftMask(c % internal, depth);
      }
    }
    for (int j = 0; j < f; j++) {
      long[] cells = byFeature[j];
      Long[] boxed = new Long[cells.length];
      for (int i = 0; i < cells.length; i++) {
        boxed[i] = cells[i];
      }
      // stable by cell, so equal thresholds keep model order (the order does not change the result)
      Arrays.sort(boxed, (a, b) -> Double.compare(value[(int) (long) a], value[(int) (long) b]));
      for (int i = 0; i < boxed.length; i++) {
        int c = (int) (long) boxed[i];
        int k = count[j] + i;
        thr[k] = value[c];
        tr[k] = c / internal;
        mk[k] = leftMask(c % internal, depth);
      }
    }
    return new BitForest(trees, internal + 1, features, count, thr, tr, mk, missCount, mt, mm, floatSum, leaf, fleaf);
  }

  /** All bits but those of the leaves under the left child of heap cell {@code i} (leaf {@code k} is bit {@code k}). */
  private static long leftMask(int i, int depth) {
    int level = 31 - Integer.numberOfLeadingZeros(i + 1);
    int pos = i + 1 - (1 << level);
    int span = 1 << (depth - level);
    int half = span >> 1;
    long left = (half == 64 ? -1L : (1L << half) - 1) << (pos * span);
    return ~left;
  }

  /** Adds each row's leaves (trees in model order) to {@code acc[from + r]} for rows {@code [from, from + count)}. */
  void sums(List<? extends Features> rows, int from, int count, double[] acc) {
    long[] v = bits.get();
    for (int r = 0; r < count; r++) {
      acc[from + r] = sum(rows.get(from + r), v, acc[from + r]);
    }
  }

  private double sum(Features row, long[] v, double init) {
    Arrays.fill(v, -1L);
    final int[] features = this.features;
    final double[] threshold = this.threshold;
    final int[] tree = this.tree;
    final long[] mask = this.mask;
    for (int j = 0; j < features.length; j++) {
      double x = row.number(features[j]);
      if (x != x) {
        for (int k = missStart[j], end = missStart[j + 1]; k < end; k++) {
          v[missTree[k]] &= missMask[k];
        }
        continue;
      }
      if (floatSum) {
        x = (float) x;
      }
      for (int k = start[j], end = start[j + 1]; k < end && threshold[k] <= x; k++) {
        v[tree[k]] &= mask[k];
      }
    }
    if (floatSum) {
      float s = (float) init;
      for (int t = 0; t < trees; t++) {
        s += fleaf[t * stride + Long.numberOfTrailingZeros(v[t])];
      }
      return s;
    }
    double s = init;
    for (int t = 0; t < trees; t++) {
      s += leaf[t * stride + Long.numberOfTrailingZeros(v[t])];
    }
    return s;
  }
}
