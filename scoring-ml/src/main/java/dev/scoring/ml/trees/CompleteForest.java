package dev.scoring.ml.trees;

import dev.scoring.api.Features;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The fast scoring layout for ensembles of shallow numerical trees: every tree padded to a complete
 * binary tree of the ensemble's depth {@code D} and stored in heap order (children of {@code i} at
 * {@code 2i+1}, {@code 2i+2}), so a row takes exactly {@code D} branch-free steps per tree
 * ({@code i = 2i + 1 + goRight}) with no leaf test. A leaf shallower than {@code D} is repeated
 * under padding nodes whose two subtrees are identical. One row walks eight trees at once, so the
 * CPU overlaps their independent chains of loads; a batch walks one tree for eight rows of a block at once.
 * Sums add trees in model order, so results are bit-identical to {@link Ensemble}.
 *
 * <p>Missing values cost nothing per step: the row's features are first copied into a scratch
 * array twice, once with a missing value as +infinity and once as -infinity (rows never hold
 * infinities), and each split reads the copy that sends a missing value its default way. For
 * XGBoost ensembles the copy is float32 and each cell packs the float threshold with the slot in
 * one long, which halves the memory a walk touches. (So a
 * split at -infinity, where -infinity would not go left, keeps the ensemble on the general path.)
 */
final class CompleteForest {

  static final int MAX_DEPTH = 12;
  /**
   * XGBoost ensembles whose cells take more than this walk one row on {@link RankForest}'s 4-byte
   * cells (LightGBM ensembles always do: their cells hold a double).
   */
  static final long RANK_CELLS_ABOVE_BYTES = 512 * 1024;
  /** Rows per batch block. */
  static final int BLOCK = 64;
  static final long MAX_CELLS = 1L << 24;
  /**
   * The system property naming the batch method ({@link Batch}), read when a model is loaded; for
   * measuring the methods against each other (TreeBenchmark), unset in production.
   */
  static final String BATCH_PROPERTY = "dev.scoring.ml.trees.batch";

  /** How a batch walks its blocks of rows. */
  enum Batch {
    /** Tree by tree over the block, eight rows' walks interleaved. */
    BLOCKED,
    /** Tree by tree over the block, level by level: one step of every row of the block, then the next. */
    LEVELS,
    /** Row by row, feature by feature with leaf bit vectors ({@link BitForest}); depth at most 6. */
    BITS
  }

  private final int depth;
  private final int internal;
  private final int trees;
  /** Per internal cell: the scratch slot to read, 2j (missing = +inf, goes right) or 2j+1 (missing = -inf, goes left). */
  private final int[] split;
  /** Schema index of each bound feature j. */
  private final int[] features;
  private final ThreadLocal<double[]> scratch;
  private final ThreadLocal<double[]> blockScratch;
  /**
   * XGBoost ensembles (float32 splits): per internal cell, the float threshold's bits in the high
   * half and the scratch slot in the low half, so a step is one long load and a float compare on
   * a float copy of the row; empty otherwise.
   */
  private final long[] cells;
  private final ThreadLocal<float[]> floatScratch;
  private final ThreadLocal<float[]> floatBlockScratch;
  /** Per internal cell: go left iff x < threshold. */
  private final double[] threshold;
  /**
   * Double-threshold ensembles (LightGBM): per internal cell at {@code 2c} the threshold's bits and
   * at {@code 2c + 1} the scratch slot, so a step reads one cache line instead of two arrays.
   */
  private final long[] dcells;
  private final double[] leaf;
  /** XGBoost ensembles: the leaves as float32 (what the float sums add), half the memory; empty otherwise. */
  private final float[] fleaf;
  private final int[] group;
  private final boolean floatSum;
  /** The one-row walk over rank cells, or null to walk these cells; set once by {@link #of}. */
  private @Nullable RankForest rank;
  /** The batch method, set once by {@link #of}. */
  private Batch batch = Batch.BLOCKED;
  private @Nullable BitForest bits;
  private final ThreadLocal<int[]> blockIndex = ThreadLocal.withInitial(() -> new int[BLOCK]);

  private CompleteForest(int depth, int trees, boolean floatSum, int[] group, int[] features) {
    this.features = features;
    this.scratch = ThreadLocal.withInitial(() -> new double[2 * features.length]);
    this.blockScratch = ThreadLocal.withInitial(() -> new double[BLOCK * 2 * features.length]);
    this.cells = floatSum ? new long[trees * ((1 << depth) - 1)] : new long[0];
    this.floatScratch = ThreadLocal.withInitial(() -> new float[2 * features.length]);
    this.floatBlockScratch = ThreadLocal.withInitial(() -> new float[BLOCK * 2 * features.length]);
    this.depth = depth;
    this.internal = (1 << depth) - 1;
    this.trees = trees;
    this.split = new int[trees * internal];
    this.threshold = new double[trees * internal];
    this.dcells = new long[2 * trees * internal];
    this.leaf = new double[trees * (internal + 1)];
    this.fleaf = new float[floatSum ? trees * (internal + 1) : 0];
    this.group = group;
    this.floatSum = floatSum;
  }

  /** The complete layout of {@code e}, or null if it has splits or leaves this layout cannot hold. */
  static @Nullable CompleteForest of(Ensemble e) {
    return of(e, RANK_CELLS_ABOVE_BYTES);
  }

  /** {@link #of(Ensemble)} with XGBoost ensembles above {@code rankAboveBytes} of cells walking one row on ranks. */
  static @Nullable CompleteForest of(Ensemble e, long rankAboveBytes) {
    return of(e, rankAboveBytes, null);
  }

  /** {@link #of(Ensemble, long)} with batches walked by {@code batch} (null: {@link #BATCH_PROPERTY} or the default). */
  static @Nullable CompleteForest of(Ensemble e, long rankAboveBytes, @Nullable Batch batch) {
    if (e.gblinear || e.hasLinear || e.roots.length == 0) {
      return null;
    }
    int d = 0;
    for (int t = 0; t < e.roots.length; t++) {
      d = Math.max(d, e.treeDepth[t]);
    }
    if (d > MAX_DEPTH || ((1L << d) - 1) * e.roots.length > MAX_CELLS) {
      return null;
    }
    for (int n = 0; n < e.value.length; n++) {
      int meta = e.nodes[2 * n];
      if (meta >= 0 && ((meta & Ensemble.SPECIAL) != 0 || !(e.value[n] > Double.NEGATIVE_INFINITY))) {
        return null;
      }
    }
    CompleteForest f = new CompleteForest(d, e.roots.length, e.floatSum, e.treeGroup, e.boundIndex);
    int pad = 0;
    boolean[] padding = new boolean[f.split.length];
    for (int t = 0; t < e.roots.length; t++) {
      f.fill(e, t, e.roots[t], 0, 0, pad, padding);
    }
    for (int c = 0; c < f.dcells.length / 2; c++) {
      f.dcells[2 * c] = Double.doubleToRawLongBits(f.threshold[c]);
      f.dcells[2 * c + 1] = f.split[c];
    }
    double[] value = f.threshold;
    if (f.floatSum) {
      // XGBoost compares in float32 (see Ensemble.floatLtBoundary)
      value = new double[value.length];
      for (int c = 0; c < value.length; c++) {
        value[c] = (float) f.threshold[c];
      }
    }
    if (!f.floatSum || 8L * f.cells.length > rankAboveBytes) {
      f.rank = RankForest.of(d, f.trees, f.features, f.split, value, f.floatSum, f.leaf, f.fleaf);
    }
    f.batch = batch != null ? batch : batchMethod();
    if (f.batch == Batch.BITS) {
      f.bits = BitForest.of(d, f.trees, f.features, f.split, value, padding, f.floatSum, f.leaf, f.fleaf);
      if (f.bits == null) {
        f.batch = Batch.BLOCKED;
      }
    }
    return f;
  }

  /** The batch method: the {@link #BATCH_PROPERTY} if set, else {@link Batch#BLOCKED}. */
  private static Batch batchMethod() {
    String p = System.getProperty(BATCH_PROPERTY);
    if (p == null || p.isEmpty()) {
      return Batch.BLOCKED;
    }
    try {
      return Batch.valueOf(p.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(BATCH_PROPERTY + " must be one of " + java.util.Arrays.toString(Batch.values())
          + ", found '" + p + "'", e);
    }
  }

  private void fill(Ensemble e, int t, int node, int cell, int level, int pad, boolean[] padding) {
    int meta = e.nodes[2 * node];
    if (level == depth) {
      leaf[t * (internal + 1) + cell - internal] = e.value[node];
      if (floatSum) {
        fleaf[t * (internal + 1) + cell - internal] = (float) e.value[node];
      }
      return;
    }
    int at = t * internal + cell;
    if (meta < 0) {
      // padding: both subtrees are this leaf, so the split does not matter
      split[at] = pad << 1;
      threshold[at] = 0.0;
      padding[at] = true;
      if (floatSum) {
        cells[at] = split[at];
      }
      fill(e, t, node, 2 * cell + 1, level + 1, pad, padding);
      fill(e, t, node, 2 * cell + 2, level + 1, pad, padding);
      return;
    }
    int slot = slotOf(meta & Ensemble.FEATURE);
    split[at] = 2 * slot + ((meta & Ensemble.DEFAULT_LEFT) != 0 ? 1 : 0);
    threshold[at] = e.value[node];
    if (floatSum) {
      // XGBoost splits: x < boundary iff (float) x < (float) boundary (see Ensemble.floatLtBoundary)
      cells[at] = (long) Float.floatToRawIntBits((float) e.value[node]) << 32 | split[at];
    }
    fill(e, t, node + 1, 2 * cell + 1, level + 1, pad, padding);
    fill(e, t, e.nodes[2 * node + 1], 2 * cell + 2, level + 1, pad, padding);
  }

  private int slotOf(int schemaIndex) {
    for (int j = 0; j < features.length; j++) {
      if (features[j] == schemaIndex) {
        return j;
      }
    }
    throw new IllegalStateException("feature " + schemaIndex + " is not bound");
  }

  /** Copies the row's bound features into {@code xs} at {@code off}: missing as +inf at 2j, as -inf at 2j+1. */
  private void load(Features row, double[] xs, int off) {
    final int[] features = this.features;
    for (int j = 0; j < features.length; j++) {
      double x = row.number(features[j]);
      boolean missing = x != x;
      xs[off + 2 * j] = missing ? Double.POSITIVE_INFINITY : x;
      xs[off + 2 * j + 1] = missing ? Double.NEGATIVE_INFINITY : x;
    }
  }

  private void loadFloat(Features row, float[] xs, int off) {
    final int[] features = this.features;
    for (int j = 0; j < features.length; j++) {
      double x = row.number(features[j]);
      boolean missing = x != x;
      xs[off + 2 * j] = missing ? Float.POSITIVE_INFINITY : (float) x;
      xs[off + 2 * j + 1] = missing ? Float.NEGATIVE_INFINITY : (float) x;
    }
  }

  private int fstep(int base, int i, float[] xs) {
    long c = cells[base + i];
    return 2 * i + (xs[(int) c] >= Float.intBitsToFloat((int) (c >>> 32)) ? 2 : 1);
  }

  private int fstep(int base, int i, float[] xs, int off) {
    long c = cells[base + i];
    return 2 * i + (xs[off + (int) c] >= Float.intBitsToFloat((int) (c >>> 32)) ? 2 : 1);
  }

  /** Batch sums for XGBoost ensembles: a block of rows tree by tree, eight rows at a time, in float32. */
  private void floatSums(List<? extends Features> rows, int from, int count, double[] acc) {
    final float[] xs = floatBlockScratch.get();
    final int depth = this.depth;
    final int internal = this.internal;
    final int stride = internal + 1;
    final int w = 2 * features.length;
    for (int r = 0; r < count; r++) {
      loadFloat(rows.get(from + r), xs, r * w);
    }
    for (int t = 0; t < trees; t++) {
      int b = t * internal;
      int l = t * stride - internal;
      int r = 0;
      for (; r + 8 <= count; r += 8) {
        int o0 = r * w;
        int i0 = 0;
        int i1 = 0;
        int i2 = 0;
        int i3 = 0;
        int i4 = 0;
        int i5 = 0;
        int i6 = 0;
        int i7 = 0;
        for (int k = 0; k < depth; k++) {
          i0 = fstep(b, i0, xs, o0);
          i1 = fstep(b, i1, xs, o0 + w);
          i2 = fstep(b, i2, xs, o0 + 2 * w);
          i3 = fstep(b, i3, xs, o0 + 3 * w);
          i4 = fstep(b, i4, xs, o0 + 4 * w);
          i5 = fstep(b, i5, xs, o0 + 5 * w);
          i6 = fstep(b, i6, xs, o0 + 6 * w);
          i7 = fstep(b, i7, xs, o0 + 7 * w);
        }
        int a = from + r;
        acc[a] = (float) ((float) acc[a] + fleaf[l + i0]);
        acc[a + 1] = (float) ((float) acc[a + 1] + fleaf[l + i1]);
        acc[a + 2] = (float) ((float) acc[a + 2] + fleaf[l + i2]);
        acc[a + 3] = (float) ((float) acc[a + 3] + fleaf[l + i3]);
        acc[a + 4] = (float) ((float) acc[a + 4] + fleaf[l + i4]);
        acc[a + 5] = (float) ((float) acc[a + 5] + fleaf[l + i5]);
        acc[a + 6] = (float) ((float) acc[a + 6] + fleaf[l + i6]);
        acc[a + 7] = (float) ((float) acc[a + 7] + fleaf[l + i7]);
      }
      for (; r < count; r++) {
        int i = 0;
        for (int k = 0; k < depth; k++) {
          i = fstep(b, i, xs, r * w);
        }
        acc[from + r] = (float) ((float) acc[from + r] + fleaf[l + i]);
      }
    }
  }

  /** Batch sums for XGBoost ensembles: a block of rows tree by tree, each tree level by level over the rows. */
  private void floatLevelSums(List<? extends Features> rows, int from, int count, double[] acc) {
    final float[] xs = floatBlockScratch.get();
    final int[] idx = blockIndex.get();
    final long[] cells = this.cells;
    final float[] fleaf = this.fleaf;
    final int depth = this.depth;
    final int internal = this.internal;
    final int stride = internal + 1;
    final int w = 2 * features.length;
    for (int r = 0; r < count; r++) {
      loadFloat(rows.get(from + r), xs, r * w);
    }
    for (int t = 0; t < trees; t++) {
      int b = t * internal;
      long root = cells[b];
      int rootSlot = (int) root;
      float rootThreshold = Float.intBitsToFloat((int) (root >>> 32));
      for (int r = 0, o = rootSlot; r < count; r++, o += w) {
        idx[r] = xs[o] >= rootThreshold ? 2 : 1;
      }
      for (int k = 1; k < depth; k++) {
        for (int r = 0, o = 0; r < count; r++, o += w) {
          int i = idx[r];
          long c = cells[b + i];
          idx[r] = 2 * i + (xs[o + (int) c] >= Float.intBitsToFloat((int) (c >>> 32)) ? 2 : 1);
        }
      }
      int l = t * stride - internal;
      for (int r = 0; r < count; r++) {
        acc[from + r] = (float) ((float) acc[from + r] + fleaf[l + idx[r]]);
      }
    }
  }

  /** {@link #sum} for XGBoost ensembles: float32 comparisons and sums, eight trees at a time. */
  private double floatSum(Features row, double start) {
    final int depth = this.depth;
    final int internal = this.internal;
    final int stride = internal + 1;
    float[] xs = floatScratch.get();
    loadFloat(row, xs, 0);
    float sum = (float) start;
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
        i0 = fstep(b0, i0, xs);
        i1 = fstep(b0 + internal, i1, xs);
        i2 = fstep(b0 + 2 * internal, i2, xs);
        i3 = fstep(b0 + 3 * internal, i3, xs);
        i4 = fstep(b0 + 4 * internal, i4, xs);
        i5 = fstep(b0 + 5 * internal, i5, xs);
        i6 = fstep(b0 + 6 * internal, i6, xs);
        i7 = fstep(b0 + 7 * internal, i7, xs);
      }
      int l = t * stride - internal;
      sum += fleaf[l + i0];
      sum += fleaf[l + stride + i1];
      sum += fleaf[l + 2 * stride + i2];
      sum += fleaf[l + 3 * stride + i3];
      sum += fleaf[l + 4 * stride + i4];
      sum += fleaf[l + 5 * stride + i5];
      sum += fleaf[l + 6 * stride + i6];
      sum += fleaf[l + 7 * stride + i7];
    }
    for (; t < trees; t++) {
      int b = t * internal;
      int i = 0;
      for (int k = 0; k < depth; k++) {
        i = fstep(b, i, xs);
      }
      sum += fleaf[t * stride - internal + i];
    }
    return sum;
  }

  private int step(int base, int i, double[] xs, int off) {
    int at = 2 * (base + i);
    return 2 * i + (xs[off + (int) dcells[at + 1]] >= Double.longBitsToDouble(dcells[at]) ? 2 : 1);
  }

  /** The sum of every tree's leaf (group 0 only), started from {@code start}, in model order. */
  double sum(Features row, double start) {
    RankForest r = rank;
    if (r != null) {
      return r.sum(row, start);
    }
    if (floatSum) {
      return floatSum(row, start);
    }
    final int depth = this.depth;
    final int internal = this.internal;
    final int stride = internal + 1;
    double[] xs = scratch.get();
    load(row, xs, 0);
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
        i0 = step(b0, i0, xs, 0);
        i1 = step(b0 + internal, i1, xs, 0);
        i2 = step(b0 + 2 * internal, i2, xs, 0);
        i3 = step(b0 + 3 * internal, i3, xs, 0);
        i4 = step(b0 + 4 * internal, i4, xs, 0);
        i5 = step(b0 + 5 * internal, i5, xs, 0);
        i6 = step(b0 + 6 * internal, i6, xs, 0);
        i7 = step(b0 + 7 * internal, i7, xs, 0);
      }
      int l = t * stride - internal;
      if (floatSum) {
        fsum += (float) leaf[l + i0];
        fsum += (float) leaf[l + stride + i1];
        fsum += (float) leaf[l + 2 * stride + i2];
        fsum += (float) leaf[l + 3 * stride + i3];
        fsum += (float) leaf[l + 4 * stride + i4];
        fsum += (float) leaf[l + 5 * stride + i5];
        fsum += (float) leaf[l + 6 * stride + i6];
        fsum += (float) leaf[l + 7 * stride + i7];
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
        i = step(b, i, xs, 0);
      }
      if (floatSum) {
        fsum += (float) leaf[t * stride - internal + i];
      } else {
        sum += leaf[t * stride - internal + i];
      }
    }
    return floatSum ? fsum : sum;
  }

  /** Per-group sums into {@code out}, which holds each group's start value. */
  void sums(Features row, double[] out) {
    final int stride = internal + 1;
    double[] xs = scratch.get();
    load(row, xs, 0);
    for (int t = 0; t < trees; t++) {
      int b = t * internal;
      int i = 0;
      for (int k = 0; k < depth; k++) {
        i = step(b, i, xs, 0);
      }
      int g = group[t];
      double v = leaf[t * stride - internal + i];
      out[g] = floatSum ? (float) ((float) out[g] + (float) v) : out[g] + v;
    }
  }

  /**
   * Sums for rows {@code [from, from + acc.length)} of {@code rows} into {@code acc} (which holds
   * the start values): tree by tree over the block, so each tree's cells stay in cache.
   */
  void sums(List<? extends Features> rows, int from, int count, double[] out) {
    BitForest b = bits;
    if (b != null) {
      b.sums(rows, from, count, out);
      return;
    }
    if (floatSum) {
      if (batch == Batch.LEVELS && depth > 0) {
        floatLevelSums(rows, from, count, out);
      } else {
        floatSums(rows, from, count, out);
      }
      return;
    }
    final double[] xs = blockScratch.get();
    final double[] acc = out;
    final int depth = this.depth;
    final int internal = this.internal;
    final int stride = internal + 1;
    final int w = 2 * features.length;
    for (int r = 0; r < count; r++) {
      load(rows.get(from + r), xs, r * w);
    }
    // acc[from + r] accumulates row r of the block
    sumsFrom(from, count, xs, acc, w, depth, internal, stride);
  }

  private void sumsFrom(int from, int count, double[] xs, double[] acc, int w, int depth, int internal, int stride) {
    for (int t = 0; t < trees; t++) {
      int b = t * internal;
      int l = t * stride - internal;
      int r = 0;
      for (; r + 8 <= count; r += 8) {
        int o0 = r * w;
        int i0 = 0;
        int i1 = 0;
        int i2 = 0;
        int i3 = 0;
        int i4 = 0;
        int i5 = 0;
        int i6 = 0;
        int i7 = 0;
        for (int k = 0; k < depth; k++) {
          i0 = step(b, i0, xs, o0);
          i1 = step(b, i1, xs, o0 + w);
          i2 = step(b, i2, xs, o0 + 2 * w);
          i3 = step(b, i3, xs, o0 + 3 * w);
          i4 = step(b, i4, xs, o0 + 4 * w);
          i5 = step(b, i5, xs, o0 + 5 * w);
          i6 = step(b, i6, xs, o0 + 6 * w);
          i7 = step(b, i7, xs, o0 + 7 * w);
        }
        int a = from + r;
        acc[a] += leaf[l + i0];
        acc[a + 1] += leaf[l + i1];
        acc[a + 2] += leaf[l + i2];
        acc[a + 3] += leaf[l + i3];
        acc[a + 4] += leaf[l + i4];
        acc[a + 5] += leaf[l + i5];
        acc[a + 6] += leaf[l + i6];
        acc[a + 7] += leaf[l + i7];
      }
      for (; r < count; r++) {
        int i = 0;
        for (int k = 0; k < depth; k++) {
          i = step(b, i, xs, r * w);
        }
        acc[from + r] = floatSum ? (float) ((float) acc[from + r] + (float) leaf[l + i]) : acc[from + r] + leaf[l + i];
      }
    }
  }

}
