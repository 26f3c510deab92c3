package dev.scoring.ml.anomaly;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * An isolation forest (Liu, Ting and Zhou 2008) in one flat array of nodes: each tree splits a random
 * subsample on a random dimension at a uniform random point until points are alone or the height
 * limit {@code ceil(log2 ψ)} is reached; a record's score is {@code 2^(−E[h] / c(ψ))}, where
 * {@code h} is its path length (plus {@code c(size)} at a leaf holding several points) and
 * {@code c(n) = 2H(n − 1) − 2(n − 1)/n} the average path length of an unsuccessful search in a
 * binary search tree: about 0.5 for ordinary records, near 1 for records isolated quickly.
 *
 * <p>Each internal node also keeps the range its subsample spans on the split dimension. A record
 * outside that range by a gap {@code g} would be cut off from the subsample by a random cut with
 * probability {@code g / (g + range)} (as in a random cut forest), so its path length is the
 * expectation: it ends at this node with that probability and continues otherwise. Plain isolation
 * forests send such a record down the boundary branch and miss values never seen in training (a
 * stage moved backwards when training only saw forward moves).
 * Immutable and thread-safe.
 */
final class IsolationForest {

  /** Doubles per node in {@link #nodes}. */
  private static final int STRIDE = 4;
  private static final double LN2 = Math.log(2);
  /** The most dimensions a record may encode to (the packed node word holds the dimension in 20 bits). */
  static final int MAX_DIMS = 1 << 20;

  final int trees;
  final int sampleSize;
  private final int[] roots;
  /**
   * Every node of every tree in one array, {@link #STRIDE} doubles each, in pre-order (a node's left
   * child follows it): the split (an internal node) or the expected path length from here (a leaf),
   * the low and high end of the subsample's range on the split dimension, and the split dimension
   * and right child packed as {@code right · 2^20 + dimension}, or −1 at a leaf. One node is one
   * 32-byte block, so a step down a tree touches one cache line.
   */
  private final double[] nodes;
  private final long[][] members;
  private final double norm;

  private IsolationForest(int trees, int sampleSize, int[] roots, double[] nodes, long[][] members) {
    this.trees = trees;
    this.sampleSize = sampleSize;
    this.roots = roots;
    this.nodes = nodes;
    this.members = members;
    this.norm = trees * averagePath(sampleSize);
  }

  /** {@code c(n)}: the average path length of an unsuccessful search among {@code n} points. */
  static double averagePath(double n) {
    if (n <= 1) {
      return 0;
    }
    if (n == 2) {
      return 1;
    }
    return 2 * (Math.log(n - 1) + 0.5772156649015329) - 2 * (n - 1) / n;
  }

  /** Grows {@code trees} trees on subsamples of {@code sampleSize} of {@code data[0..n)}. */
  static IsolationForest grow(double[][] data, int n, int dims, int trees, int sampleSize, SplitMix rng) {
    if (dims > MAX_DIMS) {
      throw new IllegalArgumentException("records encode to " + dims + " dimensions, more than " + MAX_DIMS);
    }
    int psi = Math.min(sampleSize, n);
    int maxDepth = (int) Math.ceil(Math.log(Math.max(2, psi)) / Math.log(2));
    Builder b = new Builder(trees * 2 * psi, dims);
    int[] roots = new int[trees];
    int[] idx = new int[n];
    long[][] members = new long[trees][(n + 63) / 64];
    for (int t = 0; t < trees; t++) {
      for (int i = 0; i < n; i++) {
        idx[i] = i;
      }
      // partial Fisher-Yates: the first psi entries are a sample without replacement
      for (int i = 0; i < psi; i++) {
        int j = i + rng.nextInt(n - i);
        int tmp = idx[i];
        idx[i] = idx[j];
        idx[j] = tmp;
      }
      int[] sample = Arrays.copyOf(idx, psi);
      for (int i : sample) {
        members[t][i >>> 6] |= 1L << i;
      }
      roots[t] = b.grow(data, dims, sample, 0, psi, 0, maxDepth, rng);
    }
    return new IsolationForest(trees, psi, roots, b.pack(), members);
  }

  /** The anomaly score of an encoded record, in (0, 1]. Allocates nothing. */
  double score(double[] x) {
    double sum = 0;
    for (int t = 0; t < trees; t++) {
      sum += path(roots[t], x);
    }
    return Math.exp(-LN2 * sum / norm);
  }

  /**
   * The score of training record {@code i} from the trees whose subsample did not hold it (out of
   * bag), so that it is judged as an unseen record would be; its full score if every tree held it.
   */
  double outOfBagScore(int i, double[] x) {
    double sum = 0;
    int used = 0;
    for (int t = 0; t < trees; t++) {
      if ((members[t][i >>> 6] & (1L << i)) == 0) {
        sum += path(roots[t], x);
        used++;
      }
    }
    return used == 0 ? score(x) : Math.exp(-LN2 * sum / (used * averagePath(sampleSize)));
  }

  private double path(int root, double[] x) {
    final double[] n = nodes;
    int at = root * STRIDE;
    int depth = 0;
    double reach = 1;
    double expected = 0;
    long word;
    while ((word = (long) n[at + 3]) >= 0) {
      double v = x[(int) (word & (MAX_DIMS - 1))];
      double lo = n[at + 1];
      double hi = n[at + 2];
      depth++;
      if (v < lo || v > hi) {
        double gap = v < lo ? lo - v : v - hi;
        double cut = gap / (gap + hi - lo);
        expected += reach * cut * depth;
        reach *= 1 - cut;
      }
      at = v < n[at] ? at + STRIDE : (int) (word >>> 20) * STRIDE;
    }
    return expected + reach * n[at];
  }

  void write(DataOutputStream out) throws IOException {
    int count = nodes.length / STRIDE;
    out.writeInt(trees);
    out.writeInt(sampleSize);
    out.writeInt(count);
    for (int t = 0; t < trees; t++) {
      out.writeInt(roots[t]);
    }
    for (int i = 0; i < count; i++) {
      long word = (long) nodes[i * STRIDE + 3];
      boolean leaf = word < 0;
      out.writeInt(leaf ? -1 : (int) (word & (MAX_DIMS - 1)));
      out.writeDouble(nodes[i * STRIDE]);
      out.writeInt(leaf ? 0 : (int) (word >>> 20));
      out.writeDouble(nodes[i * STRIDE + 1]);
      out.writeDouble(nodes[i * STRIDE + 2]);
    }
    for (long[] m : members) {
      out.writeInt(m.length);
      for (long w : m) {
        out.writeLong(w);
      }
    }
  }

  static IsolationForest read(DataInputStream in, int dims) throws IOException {
    int trees = in.readInt();
    int psi = in.readInt();
    int count = in.readInt();
    if (trees < 1 || psi < 1 || count < trees || count > 16 * 1024 * 1024) {
      throw new IOException("impossible forest: " + trees + " trees, " + count + " nodes");
    }
    int[] roots = new int[trees];
    for (int t = 0; t < trees; t++) {
      roots[t] = checkNode(in.readInt(), count);
    }
    double[] nodes = new double[count * STRIDE];
    for (int i = 0; i < count; i++) {
      int feature = in.readInt();
      double value = in.readDouble();
      int right = in.readInt();
      double lo = in.readDouble();
      double hi = in.readDouble();
      boolean leaf = feature < 0;
      if (feature >= dims || !Double.isFinite(value) || (!leaf && !(lo <= hi))
          || (!leaf && (i + 1 >= count || checkNode(right, count) <= i + 1))) {
        throw new IOException("node " + i + " is malformed");
      }
      nodes[i * STRIDE] = value;
      nodes[i * STRIDE + 1] = lo;
      nodes[i * STRIDE + 2] = hi;
      nodes[i * STRIDE + 3] = leaf ? -1 : (double) (((long) right << 20) | feature);
    }
    long[][] members = new long[trees][];
    for (int t = 0; t < trees; t++) {
      int words = in.readInt();
      if (words < 0 || words > 1 << 20) {
        throw new IOException("tree " + t + " has " + words + " membership words");
      }
      members[t] = new long[words];
      for (int w = 0; w < words; w++) {
        members[t][w] = in.readLong();
      }
    }
    return new IsolationForest(trees, psi, roots, nodes, members);
  }

  private static int checkNode(int node, int nodes) throws IOException {
    if (node < 0 || node >= nodes) {
      throw new IOException("node reference " + node + " out of range");
    }
    return node;
  }

  /** Grows trees into growing flat arrays. */
  private static final class Builder {
    int[] feature;
    double[] split;
    int[] right;
    double[] leafDepth;
    double[] lo;
    double[] hi;
    int size;
    final int[] rangeDim;
    final double[] rangeLo;
    final double[] rangeHi;

    Builder(int capacity, int dims) {
      rangeDim = new int[dims];
      rangeLo = new double[dims];
      rangeHi = new double[dims];
      feature = new int[capacity];
      split = new double[capacity];
      right = new int[capacity];
      leafDepth = new double[capacity];
      lo = new double[capacity];
      hi = new double[capacity];
    }

    private int add() {
      if (size == feature.length) {
        int cap = 2 * size + 1;
        feature = Arrays.copyOf(feature, cap);
        split = Arrays.copyOf(split, cap);
        right = Arrays.copyOf(right, cap);
        leafDepth = Arrays.copyOf(leafDepth, cap);
        lo = Arrays.copyOf(lo, cap);
        hi = Arrays.copyOf(hi, cap);
      }
      return size++;
    }

    int grow(double[][] data, int dims, int[] idx, int from, int to, int depth, int maxDepth, SplitMix rng) {
      int node = add();
      int count = to - from;
      if (count > 1 && depth < maxDepth) {
        // a dimension chosen uniformly among those that vary here, and a uniform split point within its range
        int varying = 0;
        for (int d = 0; d < dims; d++) {
          double lo = Double.POSITIVE_INFINITY;
          double hi = Double.NEGATIVE_INFINITY;
          for (int i = from; i < to; i++) {
            double v = data[idx[i]][d];
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
          if (hi > lo) {
            rangeLo[varying] = lo;
            rangeHi[varying] = hi;
            rangeDim[varying++] = d;
          }
        }
        if (varying > 0) {
          int pick = rng.nextInt(varying);
          int d = rangeDim[pick];
          double lo = rangeLo[pick];
          double hi = rangeHi[pick];
          double s = lo + rng.nextDouble() * (hi - lo);
          if (s <= lo) {
            s = Math.nextUp(lo);
          }
          int mid = from;
          for (int i = from; i < to; i++) {
            if (data[idx[i]][d] < s) {
              int tmp = idx[i];
              idx[i] = idx[mid];
              idx[mid++] = tmp;
            }
          }
          feature[node] = d;
          split[node] = s;
          this.lo[node] = lo;
          this.hi[node] = hi;
          grow(data, dims, idx, from, mid, depth + 1, maxDepth, rng); // the left child is node + 1
          right[node] = grow(data, dims, idx, mid, to, depth + 1, maxDepth, rng);
          return node;
        }
      }
      feature[node] = -1;
      leafDepth[node] = depth + averagePath(count);
      return node;
    }

    /** The nodes in {@link IsolationForest#nodes}' layout (a left child is always the next node). */
    double[] pack() {
      double[] nodes = new double[size * STRIDE];
      for (int i = 0; i < size; i++) {
        boolean leaf = feature[i] < 0;
        nodes[i * STRIDE] = leaf ? leafDepth[i] : split[i];
        nodes[i * STRIDE + 1] = lo[i];
        nodes[i * STRIDE + 2] = hi[i];
        nodes[i * STRIDE + 3] = leaf ? -1 : (double) (((long) right[i] << 20) | feature[i]);
      }
      return nodes;
    }
  }

  /** SplitMix64 (Steele, Lea and Flood 2014): a generator whose whole state is one long, so it can be saved. */
  static final class SplitMix {
    long state;

    SplitMix(long seed) {
      this.state = seed;
    }

    long nextLong() {
      long z = (state += 0x9e3779b97f4a7c15L);
      z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
      z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
      return z ^ (z >>> 31);
    }

    int nextInt(int bound) {
      return (int) Math.floorMod(nextLong(), (long) bound);
    }

    double nextDouble() {
      return (nextLong() >>> 11) * 0x1.0p-53;
    }
  }
}
