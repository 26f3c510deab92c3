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

  /** Ints per node in {@link #nodes}. */
  private static final int STRIDE = 4;
  private static final double LN2 = Math.log(2);
  /** The most dimensions a record may encode to. */
  static final int MAX_DIMS = 1 << 20;

  final int trees;
  final int sampleSize;
  private final int[] roots;
  /**
   * Every node of every tree in one array, {@link #STRIDE} ints (16 bytes) each, in pre-order (a
   * node's left child follows it): the split as a float (at a leaf, the expected path length from
   * there), the low and high end of the subsample's range on the split dimension as floats (rounded
   * outwards), and the split dimension and the distance to the right child packed as
   * {@code distance << dimBits | dimension}, or −1 at a leaf. Splits are drawn as floats, so the
   * trees route the training records exactly as they were grown. Four nodes share a cache line, and
   * a forest of 100 trees of 256-record subsamples takes about 0.8 MB.
   */
  private final int[] nodes;
  private final int dimBits;
  private final int dimMask;
  private final long[][] members;
  /** {@code ln 2 / (trees · c(ψ))}: a path-length sum times this is the exponent of the score. */
  private final double scale;

  private IsolationForest(int trees, int sampleSize, int[] roots, int[] nodes, int dimBits, long[][] members) {
    this.trees = trees;
    this.sampleSize = sampleSize;
    this.roots = roots;
    this.nodes = nodes;
    this.dimBits = dimBits;
    this.dimMask = (1 << dimBits) - 1;
    this.members = members;
    this.scale = LN2 / (trees * averagePath(sampleSize));
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

  /** Bits for a dimension index below {@code dims}. */
  private static int dimBits(int dims) {
    return Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, dims - 1)));
  }

  /** Grows {@code trees} trees on subsamples of {@code sampleSize} of {@code data[0..n)}. */
  static IsolationForest grow(double[][] data, int n, int dims, int trees, int sampleSize, SplitMix rng) {
    int psi = Math.min(sampleSize, n);
    int bits = dimBits(dims);
    if (dims > MAX_DIMS || (long) (2 * psi) << bits > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("records encode to " + dims + " dimensions: too many for subsamples of " + psi);
    }
    int maxDepth = (int) Math.ceil(Math.log(Math.max(2, psi)) / Math.log(2));
    // a tree of psi points has at most 2 psi - 1 nodes
    Builder b = new Builder((long) trees * (2 * psi - 1), dims, bits);
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
        members[t][tmp >>> 6] |= 1L << tmp;
      }
      roots[t] = b.grow(data, dims, idx, 0, psi, 0, maxDepth, rng);
    }
    return new IsolationForest(trees, psi, roots, b.nodes(), bits, members);
  }

  /** The anomaly score of an encoded record, in (0, 1]. Allocates nothing. */
  double score(double[] x) {
    double sum = 0;
    for (int t = 0; t < trees; t++) {
      sum += path(roots[t], x);
    }
    return Math.exp(-scale * sum);
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
    final int[] n = nodes;
    final int bits = dimBits;
    final int mask = dimMask;
    int at = root * STRIDE;
    int depth = 0;
    double reach = 1;
    double expected = 0;
    int word;
    while ((word = n[at + 3]) >= 0) {
      double v = x[word & mask];
      depth++;
      double lo = Float.intBitsToFloat(n[at + 1]);
      double hi = Float.intBitsToFloat(n[at + 2]);
      if (v < lo || v > hi) {
        double gap = v < lo ? lo - v : v - hi;
        double cut = gap / (gap + hi - lo);
        expected += reach * cut * depth;
        reach *= 1 - cut;
      }
      at += v < Float.intBitsToFloat(n[at]) ? STRIDE : (word >>> bits) * STRIDE;
    }
    return expected + reach * Float.intBitsToFloat(n[at]);
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
      int word = nodes[i * STRIDE + 3];
      boolean leaf = word < 0;
      out.writeInt(leaf ? -1 : word & dimMask);
      out.writeDouble(Float.intBitsToFloat(nodes[i * STRIDE]));
      out.writeInt(leaf ? 0 : i + (word >>> dimBits));
      out.writeDouble(Float.intBitsToFloat(nodes[i * STRIDE + 1]));
      out.writeDouble(Float.intBitsToFloat(nodes[i * STRIDE + 2]));
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
    int bits = dimBits(dims);
    int[] roots = new int[trees];
    for (int t = 0; t < trees; t++) {
      roots[t] = checkNode(in.readInt(), count);
    }
    int[] nodes = new int[count * STRIDE];
    for (int i = 0; i < count; i++) {
      int feature = in.readInt();
      double value = in.readDouble();
      int right = in.readInt();
      double lo = in.readDouble();
      double hi = in.readDouble();
      boolean leaf = feature < 0;
      if (feature >= dims || !Double.isFinite(value) || (!leaf && !(lo <= hi))
          || (!leaf && (i + 1 >= count || checkNode(right, count) <= i + 1
              || (long) (right - i) << bits > Integer.MAX_VALUE))) {
        throw new IOException("node " + i + " is malformed");
      }
      nodes[i * STRIDE] = Float.floatToRawIntBits((float) value);
      nodes[i * STRIDE + 1] = Float.floatToRawIntBits(down(lo));
      nodes[i * STRIDE + 2] = Float.floatToRawIntBits(up(hi));
      nodes[i * STRIDE + 3] = leaf ? -1 : (right - i) << bits | feature;
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
    return new IsolationForest(trees, psi, roots, nodes, bits, members);
  }

  private static int checkNode(int node, int nodes) throws IOException {
    if (node < 0 || node >= nodes) {
      throw new IOException("node reference " + node + " out of range");
    }
    return node;
  }

  /** The largest float at most {@code v}. */
  static float down(double v) {
    float f = (float) v;
    return f > v ? Math.nextDown(f) : f;
  }

  /** The smallest float at least {@code v}. */
  static float up(double v) {
    float f = (float) v;
    return f < v ? Math.nextUp(f) : f;
  }

  /** Grows trees straight into the packed node array. */
  private static final class Builder {
    private final int[] nodes;
    private final int bits;
    private int size;
    private final int[] rangeDim;
    private final double[] rangeLo;
    private final double[] rangeHi;

    Builder(long capacity, int dims, int bits) {
      if (capacity * STRIDE > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("a forest of " + capacity + " nodes is too large");
      }
      this.nodes = new int[(int) capacity * STRIDE];
      this.bits = bits;
      rangeDim = new int[dims];
      rangeLo = new double[dims];
      rangeHi = new double[dims];
    }

    int[] nodes() {
      return Arrays.copyOf(nodes, size * STRIDE);
    }

    int grow(double[][] data, int dims, int[] idx, int from, int to, int depth, int maxDepth, SplitMix rng) {
      int node = size++;
      int at = node * STRIDE;
      int count = to - from;
      if (count > 1 && depth < maxDepth) {
        // a dimension chosen uniformly among those that vary here (with a float strictly inside the
        // range to split at), and a uniform split point within its range
        int varying = 0;
        for (int d = 0; d < dims; d++) {
          double lo = Double.POSITIVE_INFINITY;
          double hi = Double.NEGATIVE_INFINITY;
          for (int i = from; i < to; i++) {
            double v = data[idx[i]][d];
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
          if (hi > lo && splittable(lo, hi)) {
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
          // a float split in (lo, hi]: the records below it go left, at least the lowest and never the highest
          float s = (float) (lo + rng.nextDouble() * (hi - lo));
          if (s <= lo) {
            s = Math.nextUp(down(lo));
            if (s <= lo) {
              s = Math.nextUp(s);
            }
          }
          if (s > hi) {
            s = down(hi);
          }
          int mid = from;
          for (int i = from; i < to; i++) {
            if (data[idx[i]][d] < s) {
              int tmp = idx[i];
              idx[i] = idx[mid];
              idx[mid++] = tmp;
            }
          }
          nodes[at] = Float.floatToRawIntBits(s);
          nodes[at + 1] = Float.floatToRawIntBits(down(lo));
          nodes[at + 2] = Float.floatToRawIntBits(up(hi));
          grow(data, dims, idx, from, mid, depth + 1, maxDepth, rng); // the left child is node + 1
          int right = grow(data, dims, idx, mid, to, depth + 1, maxDepth, rng);
          nodes[at + 3] = (right - node) << bits | d;
          return node;
        }
      }
      nodes[at] = Float.floatToRawIntBits((float) (depth + averagePath(count)));
      nodes[at + 3] = -1;
      return node;
    }

    /** Whether some float {@code s} has {@code lo < s <= hi}. */
    private static boolean splittable(double lo, double hi) {
      float s = Math.nextUp(down(lo));
      if (s <= lo) {
        s = Math.nextUp(s);
      }
      return s <= hi;
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
