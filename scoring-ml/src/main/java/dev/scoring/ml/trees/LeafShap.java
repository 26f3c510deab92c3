package dev.scoring.ml.trees;

import dev.scoring.api.Features;
import java.util.Arrays;

/**
 * Path-dependent TreeSHAP from per-leaf tables, for shallow trees (the idea of Fast TreeSHAP v2,
 * Yang 2021): the same values as the recursive algorithm, with the row-independent work done once.
 *
 * <p>For a leaf whose path tests the distinct features {@code F} ({@code d} of them) with zero
 * fractions {@code z_k} (the product of the cover ratios along the path), a row only decides which
 * features it follows ({@code A}: every split on the feature sends the row down the path). Feature
 * {@code j} then gets {@code v (o_j - z_j) / z_j * H(A \ {j})} from the leaf, where
 * {@code H(B) = sum over S within B of |S|! (d - |S| - 1)! / d! * product of z_k for k in F \ S}
 * depends on the leaf alone. So each leaf keeps {@code H} for all {@code 2^d} subsets, and a row
 * costs one pass over the tree's splits plus {@code d} table reads per leaf instead of the
 * recursion's {@code O(d^2)} per leaf.
 *
 * <p>A tree qualifies when its tables stay small ({@value #MAX_TABLE_PER_TREE} entries; depth 6
 * takes at most 4,096) and fit the model's budget ({@value #MAX_TABLE} entries), every zero fraction
 * is positive (a zero cover needs the recursion), and its leaves are constant; the rest use the
 * recursion. Built on the first explanation, so models that are
 * never explained pay nothing.
 */
final class LeafShap {

  static final int MAX_TABLE_PER_TREE = 1 << 13;
  /** All tables of a model together: 2^21 doubles, 16 MB (100 trees of depth 6 take at most 3.3 MB). */
  static final int MAX_TABLE = 1 << 21;

  /** Per tree: its first leaf in the leaf arrays, or -1 if the tree uses the recursion. */
  private final int[] firstLeaf;
  private final int[] leafCount;
  /** Per tree: its nodes in pre-order from the root, and how many. */
  private final int[] treeSize;
  private final int maxTreeSize;

  /** Per leaf: its node, feature count d, where its features, steps and table start. */
  private final int[] leafNode;
  private final int[] leafD;
  private final int[] featStart;
  private final int[] stepStart;
  private final int[] stepCount;
  private final int[] tableStart;
  /** Per leaf feature: schema index and 1 / z. */
  private final int[] feature;
  private final double[] invZero;
  /** Per path step: its node's offset from the root, the direction the path takes (1 = left), its feature's bit. */
  private final int[] stepNode;
  private final int[] stepLeft;
  private final int[] stepBit;
  private final double[] table;

  private LeafShap(Builder b, int maxTreeSize) {
    firstLeaf = b.firstLeaf;
    leafCount = b.leafCount;
    treeSize = b.treeSize;
    this.maxTreeSize = maxTreeSize;
    leafNode = b.leafNode.toArray();
    leafD = b.leafD.toArray();
    featStart = b.featStart.toArray();
    stepStart = b.stepStart.toArray();
    stepCount = b.stepCount.toArray();
    tableStart = b.tableStart.toArray();
    feature = b.feature.toArray();
    invZero = b.invZero.toArray();
    stepNode = b.stepNode.toArray();
    stepLeft = b.stepLeft.toArray();
    stepBit = b.stepBit.toArray();
    table = b.table.toArray();
  }

  /** The tables of {@code e}'s qualifying trees (none for linear leaves or gblinear). */
  static LeafShap of(Ensemble e) {
    Builder b = new Builder(e);
    if (e.gblinear || e.hasLinear) {
      return new LeafShap(b, 0);
    }
    int maxSize = 0;
    for (int t = 0; t < e.roots.length; t++) {
      b.tree(t);
      maxSize = Math.max(maxSize, b.treeSize[t]);
    }
    return new LeafShap(b, maxSize);
  }

  /** Whether tree {@code t} is computed here rather than by the recursion. */
  boolean covers(int t) {
    return firstLeaf[t] >= 0;
  }

  /** A scratch array for {@link #add}: one direction per node of the largest tree (1 = left). */
  int[] scratch() {
    return new int[maxTreeSize];
  }

  /** Adds tree {@code t}'s contributions for {@code row}, times {@code scale}, to {@code phi}. */
  void add(Ensemble e, int t, Features row, double scale, double[] phi, int[] left) {
    int root = e.roots[t];
    int size = treeSize[t];
    int[] nodes = e.nodes;
    for (int i = 0; i < size; i++) {
      int meta = nodes[(root + i) << 1];
      left[i] = meta >= 0 && e.goesLeft(root + i, meta, row) ? 1 : 0;
    }
    // no branch below depends on the row: whether it follows a step or a feature is arithmetic
    for (int l = firstLeaf[t], end = l + leafCount[t]; l < end; l++) {
      int d = leafD[l];
      int follows = (1 << d) - 1;
      for (int s = stepStart[l], se = s + stepCount[l]; s < se; s++) {
        int strays = left[stepNode[s]] ^ stepLeft[s];
        follows &= ~(stepBit[s] & -strays);
      }
      double v = e.value[leafNode[l]] * scale;
      int f0 = featStart[l];
      int t0 = tableStart[l];
      for (int k = 0; k < d; k++) {
        double h = table[t0 + (follows & ~(1 << k))];
        // v (o - z) / z: v / z - v if the row follows feature k (o = 1), else -v
        double o = (follows >>> k) & 1;
        phi[feature[f0 + k]] += v * (o * invZero[f0 + k] - 1.0) * h;
      }
    }
  }

  /** Collects the leaves of each qualifying tree. */
  private static final class Builder {
    final Ensemble e;
    final int[] firstLeaf;
    final int[] leafCount;
    final int[] treeSize;
    final Ensemble.IntList leafNode = new Ensemble.IntList();
    final Ensemble.IntList leafD = new Ensemble.IntList();
    final Ensemble.IntList featStart = new Ensemble.IntList();
    final Ensemble.IntList stepStart = new Ensemble.IntList();
    final Ensemble.IntList stepCount = new Ensemble.IntList();
    final Ensemble.IntList tableStart = new Ensemble.IntList();
    final Ensemble.IntList feature = new Ensemble.IntList();
    final Ensemble.DoubleList invZero = new Ensemble.DoubleList();
    final Ensemble.IntList stepNode = new Ensemble.IntList();
    final Ensemble.IntList stepLeft = new Ensemble.IntList();
    final Ensemble.IntList stepBit = new Ensemble.IntList();
    final Ensemble.DoubleList table = new Ensemble.DoubleList();
    /** Shapley weights |S|! (d - |S| - 1)! / d!, by d then |S|. */
    final double[][] weight = new double[Ensemble.MAX_DEPTH + 1][];
    // the current path: per step its node offset, direction and feature slot; per slot its feature and z
    int[] pathNode = new int[64];
    boolean[] pathLeft = new boolean[64];
    int[] pathSlot = new int[64];
    int[] slotFeature = new int[64];
    double[] slotZero = new double[64];
    /** While measuring: whether every zero fraction is positive, and the entries the tables need. */
    boolean ok;
    int entries;
    boolean write;

    Builder(Ensemble e) {
      this.e = e;
      int n = e.roots.length;
      firstLeaf = new int[n];
      leafCount = new int[n];
      treeSize = new int[n];
      Arrays.fill(firstLeaf, -1);
    }

    /** Tabulates tree {@code t} if it qualifies: one walk measures its tables, a second writes them. */
    void tree(int t) {
      int root = e.roots[t];
      treeSize[t] = size(root);
      int depth = e.treeDepth[t];
      // a leaf's table has 2^d entries, d at most the depth: skip trees that are plainly too big
      long bound = (long) (treeSize[t] / 2 + 1) << Math.min(depth, 30);
      if (depth > 12 || bound > MAX_TABLE_PER_TREE * 4L) {
        return;
      }
      ok = true;
      entries = 0;
      write = false;
      leaves(root, root, 0, 0);
      if (!ok || entries > MAX_TABLE_PER_TREE || table.size + entries > MAX_TABLE) {
        return;
      }
      write = true;
      firstLeaf[t] = leafNode.size;
      leaves(root, root, 0, 0);
      leafCount[t] = leafNode.size - firstLeaf[t];
    }

    private int size(int n) {
      if (e.nodes[n << 1] < 0) {
        return 1;
      }
      return 1 + size(n + 1) + size(e.nodes[(n << 1) + 1]);
    }

    /** Walks to every leaf under {@code n}, {@code steps} splits and {@code slots} distinct features down. */
    private void leaves(int root, int n, int steps, int slots) {
      if (!ok) {
        return;
      }
      int meta = e.nodes[n << 1];
      if (meta < 0) {
        leaf(n, steps, slots);
        return;
      }
      double cover = e.cover[n];
      int f = meta & Ensemble.FEATURE;
      int slot = 0;
      while (slot < slots && slotFeature[slot] != f) {
        slot++;
      }
      int l = n + 1;
      int r = e.nodes[(n << 1) + 1];
      for (int side = 0; side < 2 && ok; side++) {
        int child = side == 0 ? l : r;
        double ratio = cover > 0 ? e.cover[child] / cover : 0.0;
        if (!(ratio > 0) || !Double.isFinite(ratio)) {
          ok = false;
          return;
        }
        if (steps == pathNode.length) {
          grow();
        }
        pathNode[steps] = n - root;
        pathLeft[steps] = side == 0;
        pathSlot[steps] = slot;
        double before = slot < slots ? slotZero[slot] : 1.0;
        slotFeature[slot] = f;
        slotZero[slot] = before * ratio;
        leaves(root, child, steps + 1, slot < slots ? slots : slots + 1);
        slotZero[slot] = before;
      }
    }

    private void grow() {
      int n = pathNode.length * 2;
      pathNode = Arrays.copyOf(pathNode, n);
      pathLeft = Arrays.copyOf(pathLeft, n);
      pathSlot = Arrays.copyOf(pathSlot, n);
      slotFeature = Arrays.copyOf(slotFeature, n);
      slotZero = Arrays.copyOf(slotZero, n);
    }

    private void leaf(int n, int steps, int d) {
      if (!write) {
        entries += 1 << d;
        ok &= entries <= MAX_TABLE_PER_TREE;
        return;
      }
      leafNode.add(n);
      leafD.add(d);
      featStart.add(feature.size);
      for (int k = 0; k < d; k++) {
        feature.add(slotFeature[k]);
        invZero.add(1.0 / slotZero[k]);
      }
      stepStart.add(stepNode.size);
      stepCount.add(steps);
      for (int s = 0; s < steps; s++) {
        stepNode.add(pathNode[s]);
        stepLeft.add(pathLeft[s] ? 1 : 0);
        stepBit.add(1 << pathSlot[s]);
      }
      tableStart.add(table.size);
      // H(B) sums g(S) over every S within B, g(S) = the Shapley weight of |S| times the zero fractions
      // outside S: g first, then one pass per feature adds in the subsets without it. |S| = d only
      // for S = F, which no lookup uses (B always leaves out the feature it is for).
      double[] w = weights(d);
      double[] h = new double[1 << d];
      for (int set = 0; set < h.length; set++) {
        int size = Integer.bitCount(set);
        if (size < d) {
          double p = w[size];
          for (int k = 0; k < d; k++) {
            if ((set & (1 << k)) == 0) {
              p *= slotZero[k];
            }
          }
          h[set] = p;
        }
      }
      for (int k = 0; k < d; k++) {
        for (int set = 0; set < h.length; set++) {
          if ((set & (1 << k)) != 0) {
            h[set] += h[set ^ (1 << k)];
          }
        }
      }
      for (double v : h) {
        table.add(v);
      }
    }

    /** |S|! (d - |S| - 1)! / d! for |S| = 0 .. d - 1. */
    private double[] weights(int d) {
      double[] w = d < weight.length ? weight[d] : null;
      if (w == null) {
        w = new double[Math.max(1, d)];
        for (int s = 0; s < d; s++) {
          double v = 1.0 / d;
          // s! (d-s-1)! / d! = 1 / (d * C(d-1, s))
          for (int i = 1; i <= s; i++) {
            v = v * i / (d - i);
          }
          w[s] = v;
        }
        if (d < weight.length) {
          weight[d] = w;
        }
      }
      return w;
    }
  }
}
