package dev.scoring.ml.trees;

import dev.scoring.api.Features;
import java.util.Arrays;

/**
 * Path-dependent TreeSHAP in time linear in the tree's size, for deep trees (the idea of Linear
 * TreeSHAP, Yu et al., NeurIPS 2022): the same values as the recursive algorithm, without its
 * {@code O(depth^2)} work per leaf.
 *
 * <p>For a leaf with value {@code v} whose path tests the distinct features {@code F}, let
 * {@code z_k} be feature k's zero fraction (the product of the cover ratios of its splits on the
 * path), {@code Z} the product of all of them, and {@code q_k = 1 / z_k} if the row follows every
 * split on k, else 0. The Shapley weight {@code |S|! (d - |S| - 1)! / d!} is the Beta integral
 * {@code ∫ t^|S| (1 - t)^(d - |S| - 1) dt} over [0, 1], so the leaf gives feature j
 *
 * <pre>  v Z (q_j - 1) ∫ P(t) / (1 - t + t q_j) dt,   P(t) = product over k in F of (1 - t + t q_k).</pre>
 *
 * The integrand is a polynomial of degree below the tree's depth, so Gauss-Legendre quadrature with
 * {@code ceil(depth / 2)} points is exact. Per point, P is a running product down the tree (a split
 * on a feature already on the path replaces that feature's factor), the leaves' {@code v Z P} sum
 * up the tree, and each edge adds its coefficient times the sum below it, minus the coefficient of
 * the same feature's previous split on the path (which counted the same leaves with the old factor).
 * An edge the row leaves has constant factors; an edge it follows needs {@code 1 / z} (kept per
 * node) and one division per point. So a row costs one pass down and one pass up, a few
 * multiply-adds per node and point, and the model's own arrays plus 24 bytes per node are read
 * (tabulating every factor instead would read 16 doubles per node, which for a 500 x 8 ensemble
 * is 17 MB per explanation and slower than the divisions).
 *
 * <p>A tree qualifies when every cover ratio is positive (a zero cover needs the recursion) and
 * its depth is at most {@value #MAX_DEPTH}. Built on the first explanation, so models that are
 * never explained pay nothing.
 */
final class LinearShap {

  static final int MAX_DEPTH = 64;
  /** Smallest product of zero fractions at a leaf: below it the running products could overflow. */
  private static final double MIN_ZERO = 1e-200;

  /** Quadrature points per node (the largest qualifying tree's depth, halved and rounded up; at least 4). */
  private final int points;
  /** Per point: {@code 1 - t}, {@code t}, the weight, and {@code 1 / (1 - t)}. */
  private final double[] a;
  private final double[] t;
  private final double[] w;
  private final double[] inverseA;
  /** Per point: the coefficient of an edge the row leaves, {@code -w / (1 - t)}, as {@link #down} computes it. */
  private final double[] strays;
  /** Per tree: where its nodes start in the per-node arrays, or -1 if it uses another algorithm. */
  private final int[] treeStart;
  private final int[] treeSize;
  /** Per tree: where its splits start in {@link #splits}, and how many. */
  private final int[] splitStart;
  private final int[] splitCount;
  /** Each tree's split nodes (offsets from its root), in pre-order. */
  private final int[] splits;
  private final int maxTreeSize;
  private final boolean linearLeaves;
  /** Per node: {@code 1 / z} for its feature on its path (the cover ratios of its splits multiplied). */
  private final double[] inverseZero;
  /**
   * Per node: the offset in its tree of the previous edge on its path whose split tests the same
   * feature, or the tree's size (a slot that acts as an edge the row follows with factor 1).
   */
  private final int[] previous;
  /**
   * Per node: 1 for a split; for a leaf {@code v Z} times the model's output scale ({@code Z} the
   * product of the cover ratios on its path; without {@code v} for linear leaves, whose value
   * depends on the row).
   */
  private final double[] leafScale;

  private LinearShap(int points, int[] treeStart, int[] treeSize, int maxTreeSize, Builder b) {
    this.points = points;
    double[][] gauss = gaussLegendre(points);
    this.t = gauss[0];
    this.w = gauss[1];
    this.a = new double[points];
    this.inverseA = new double[points];
    this.strays = new double[points];
    for (int k = 0; k < points; k++) {
      a[k] = 1.0 - t[k];
      inverseA[k] = 1.0 / (a[k] + t[k] * 0.0);
      strays[k] = w[k] * (0.0 - 1.0) * inverseA[k];
    }
    this.treeStart = treeStart;
    this.treeSize = treeSize;
    this.maxTreeSize = maxTreeSize;
    this.linearLeaves = b.e.hasLinear;
    this.splitStart = b.splitStart;
    this.splitCount = b.splitCount;
    this.splits = b.splits.toArray();
    this.inverseZero = b.inverseZero;
    this.previous = b.previous;
    this.leafScale = b.leafScale;
  }

  /** The tables of {@code e}'s qualifying trees (none for gblinear). */
  static LinearShap of(Ensemble e) {
    int n = e.roots.length;
    int[] start = new int[n];
    Arrays.fill(start, -1);
    int[] size = new int[n];
    if (e.gblinear) {
      return new LinearShap(4, start, size, 0, new Builder(e, 0));
    }
    int maxDepth = 0;
    int maxSize = 0;
    int nodes = 0;
    for (int t = 0; t < n; t++) {
      int root = e.roots[t];
      size[t] = size(e, root);
      int depth = depth(e, root);
      if (depth <= MAX_DEPTH && positiveCovers(e, root, 1.0)) {
        maxDepth = Math.max(maxDepth, depth);
        start[t] = nodes;
        nodes += size[t];
        maxSize = Math.max(maxSize, size[t]);
      }
    }
    Builder b = new Builder(e, nodes);
    for (int t = 0; t < n; t++) {
      if (start[t] >= 0) {
        b.tree(t, start[t], size[t]);
      }
    }
    // four points cover depth 8; fewer would save little and need another specialised walk
    return new LinearShap(Math.max(4, (maxDepth + 1) / 2), start, size, maxSize, b);
  }

  /** Whether tree {@code t} is computed here. */
  boolean covers(int t) {
    return treeStart[t] >= 0;
  }

  /** Scratch for {@link #add}, for the largest tree. */
  Scratch scratch() {
    int n = (maxTreeSize + 1) * points;
    return new Scratch(new double[n], new double[n], new double[n], new double[n], new double[maxTreeSize + 1]);
  }

  /**
   * Per-explanation work arrays, per node and point: the running product (then the sum below the
   * node), the edge's coefficient, {@code 1 / (1 - t + t q)} and {@code w (q - 1) / (1 - t + t q)};
   * per node 1 if the row follows the edge and every earlier split on its feature, else 0.
   */
  record Scratch(double[] sums, double[] coefficient, double[] inverseFactor, double[] own, double[] follows) {}

  /**
   * Adds tree {@code t}'s contributions for {@code row} (times the model's output scale) to {@code phi}.
   * Nothing below branches on the row but the splits themselves, to choose the child the row follows.
   */
  void add(Ensemble e, int t, Features row, double[] phi, Scratch scratch) {
    int root = e.roots[t];
    int base = treeStart[t];
    int size = treeSize[t];
    int g = points;
    int[] nodes = e.nodes;
    double[] s = scratch.sums;
    double[] coef = scratch.coefficient;
    // the root, and the slot of "no earlier split on the feature": factor 1, coefficient 0, followed
    for (int k = 0; k < g; k++) {
      s[k] = 1.0;
      scratch.inverseFactor[size * g + k] = 1.0;
      scratch.own[size * g + k] = 0.0;
    }
    scratch.follows[size] = 1.0;
    int from = splitStart[t];
    int to = from + splitCount[t];
    // down, in pre-order: each split sets its children's running products and coefficients
    for (int j = from; j < to; j++) {
      int i = splits[j];
      int n = root + i;
      int l = i + 1;
      int r = nodes[(n << 1) + 1] - root;
      boolean left = e.goesLeft(n, nodes[n << 1], row);
      int hot = left ? l : r;
      int cold = left ? r : l;
      if (g == 4) {
        down4(i, hot, inverseZero[base + hot], base, scratch);
        cold4(i, cold, base, scratch);
      } else {
        down(i, hot, inverseZero[base + hot], base, scratch);
        down(i, cold, 0.0, base, scratch);
      }
    }
    if (linearLeaves) {
      for (int i = 0; i < size; i++) {
        int meta = nodes[(root + i) << 1];
        if (meta < 0 && (meta & Ensemble.LINEAR) != 0) {
          double v = e.leafValue(root + i, row);
          for (int k = 0; k < g; k++) {
            s[i * g + k] *= v;
          }
        }
      }
    }
    // up, in reverse pre-order: the sums of v Z P below each split, and each edge's coefficient
    // times the sum below it
    for (int j = to - 1; j >= from; j--) {
      int i = splits[j];
      int n = root + i;
      int at = i * g;
      int l = at + g;
      int r = (nodes[(n << 1) + 1] - root) * g;
      double sum = 0.0;
      for (int k = 0; k < g; k++) {
        double sl = s[l + k];
        double sr = s[r + k];
        s[at + k] = sl + sr;
        sum += coef[l + k] * sl + coef[r + k] * sr;
      }
      phi[nodes[n << 1] & Ensemble.FEATURE] += sum;
    }
  }

  /**
   * Sets the running product and coefficient of the edge from {@code parent} to {@code child},
   * with {@code q = 1 / z} if the row follows the edge, 0 if it leaves the path there. The factor of
   * the feature is {@code 1 - t + t q}, replacing the factor of its previous split on the path; the
   * coefficient is {@code w (q - 1) / (1 - t + t q)} less the previous split's. Once the row has
   * left the path on a feature, q stays 0: the factor becomes {@code (1 - t) / (1 - t)} and the
   * coefficient 0.
   */
  private void down(int parent, int child, double inverseZero, int base, Scratch scratch) {
    int g = points;
    double[] s = scratch.sums;
    double[] inv = scratch.inverseFactor;
    double[] own = scratch.own;
    int prev = previous[base + child];
    double follows = scratch.follows[prev];
    double q = inverseZero * follows;
    scratch.follows[child] = q != 0.0 ? 1.0 : 0.0;
    double scale = leafScale[base + child];
    int p = parent * g;
    int c = child * g;
    int o = prev * g;
    for (int k = 0; k < g; k++) {
      double f = a[k] + t[k] * q;
      double r = 1.0 / f;
      double mine = w[k] * (q - 1.0) * r;
      inv[c + k] = r;
      own[c + k] = mine;
      s[c + k] = s[p + k] * (f * inv[o + k]) * scale;
      scratch.coefficient[c + k] = mine - own[o + k];
    }
  }

  /** {@link #down4} for an edge the row leaves ({@code q = 0}): constant factor and coefficient, no division. */
  private void cold4(int parent, int child, int base, Scratch scratch) {
    double[] s = scratch.sums;
    double[] inv = scratch.inverseFactor;
    double[] own = scratch.own;
    double[] coef = scratch.coefficient;
    int prev = previous[base + child];
    scratch.follows[child] = 0.0;
    double scale = leafScale[base + child];
    double[] a = this.a;
    double[] ia = inverseA;
    double[] m = strays;
    int p = parent << 2;
    int c = child << 2;
    int o = prev << 2;
    inv[c] = ia[0];
    inv[c + 1] = ia[1];
    inv[c + 2] = ia[2];
    inv[c + 3] = ia[3];
    own[c] = m[0];
    own[c + 1] = m[1];
    own[c + 2] = m[2];
    own[c + 3] = m[3];
    s[c] = s[p] * (a[0] * inv[o]) * scale;
    s[c + 1] = s[p + 1] * (a[1] * inv[o + 1]) * scale;
    s[c + 2] = s[p + 2] * (a[2] * inv[o + 2]) * scale;
    s[c + 3] = s[p + 3] * (a[3] * inv[o + 3]) * scale;
    coef[c] = m[0] - own[o];
    coef[c + 1] = m[1] - own[o + 1];
    coef[c + 2] = m[2] - own[o + 2];
    coef[c + 3] = m[3] - own[o + 3];
  }

  /** {@link #down} for four points, the lanes written out (a loop of four costs more than its work). */
  private void down4(int parent, int child, double inverseZero, int base, Scratch scratch) {
    double[] s = scratch.sums;
    double[] inv = scratch.inverseFactor;
    double[] own = scratch.own;
    double[] coef = scratch.coefficient;
    int prev = previous[base + child];
    double q = inverseZero * scratch.follows[prev];
    scratch.follows[child] = q != 0.0 ? 1.0 : 0.0;
    double scale = leafScale[base + child];
    double[] a = this.a;
    double[] t = this.t;
    double[] w = this.w;
    double q1 = q - 1.0;
    double f0 = a[0] + t[0] * q;
    double f1 = a[1] + t[1] * q;
    double f2 = a[2] + t[2] * q;
    double f3 = a[3] + t[3] * q;
    double r0 = 1.0 / f0;
    double r1 = 1.0 / f1;
    double r2 = 1.0 / f2;
    double r3 = 1.0 / f3;
    double m0 = w[0] * q1 * r0;
    double m1 = w[1] * q1 * r1;
    double m2 = w[2] * q1 * r2;
    double m3 = w[3] * q1 * r3;
    int p = parent << 2;
    int c = child << 2;
    int o = prev << 2;
    inv[c] = r0;
    inv[c + 1] = r1;
    inv[c + 2] = r2;
    inv[c + 3] = r3;
    own[c] = m0;
    own[c + 1] = m1;
    own[c + 2] = m2;
    own[c + 3] = m3;
    s[c] = s[p] * (f0 * inv[o]) * scale;
    s[c + 1] = s[p + 1] * (f1 * inv[o + 1]) * scale;
    s[c + 2] = s[p + 2] * (f2 * inv[o + 2]) * scale;
    s[c + 3] = s[p + 3] * (f3 * inv[o + 3]) * scale;
    coef[c] = m0 - own[o];
    coef[c + 1] = m1 - own[o + 1];
    coef[c + 2] = m2 - own[o + 2];
    coef[c + 3] = m3 - own[o + 3];
  }

  private static int size(Ensemble e, int n) {
    if (e.nodes[n << 1] < 0) {
      return 1;
    }
    return 1 + size(e, n + 1) + size(e, e.nodes[(n << 1) + 1]);
  }

  private static int depth(Ensemble e, int n) {
    if (e.nodes[n << 1] < 0) {
      return 0;
    }
    return 1 + Math.max(depth(e, n + 1), depth(e, e.nodes[(n << 1) + 1]));
  }

  /** Whether every cover ratio under {@code n} is positive and every leaf's product stays above {@link #MIN_ZERO}. */
  private static boolean positiveCovers(Ensemble e, int n, double product) {
    if (e.nodes[n << 1] < 0) {
      return product >= MIN_ZERO;
    }
    double c = e.cover[n];
    int l = n + 1;
    int r = e.nodes[(n << 1) + 1];
    double rl = c > 0 ? e.cover[l] / c : 0.0;
    double rr = c > 0 ? e.cover[r] / c : 0.0;
    if (!(rl > 0) || !(rr > 0) || !Double.isFinite(rl) || !Double.isFinite(rr)) {
      return false;
    }
    return positiveCovers(e, l, product * rl) && positiveCovers(e, r, product * rr);
  }

  /** Gauss-Legendre points and weights on [0, 1]: exact for polynomials of degree below {@code 2 n}. */
  static double[][] gaussLegendre(int n) {
    double[] t = new double[n];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      // Newton's method on the Legendre polynomial P_n from the usual first guess
      double x = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
      for (int iter = 0; iter < 100; iter++) {
        double dx = legendre(n, x)[0] / legendre(n, x)[1];
        x -= dx;
        if (Math.abs(dx) <= 1e-16) {
          break;
        }
      }
      double dp = legendre(n, x)[1];
      t[i] = (1.0 - x) / 2.0;
      w[i] = 1.0 / ((1.0 - x * x) * dp * dp);
    }
    return new double[][] {t, w};
  }

  /** P_n(x) and its derivative. */
  private static double[] legendre(int n, double x) {
    double p0 = 1.0;
    double p1 = x;
    for (int k = 2; k <= n; k++) {
      double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
      p0 = p1;
      p1 = p2;
    }
    return new double[] {p1, n * (x * p1 - p0) / (x * x - 1.0)};
  }

  /** Fills the per-node arrays of each qualifying tree. */
  private static final class Builder {
    final Ensemble e;
    final double[] inverseZero;
    final int[] previous;
    final double[] leafScale;
    final int[] splitStart;
    final int[] splitCount;
    final Ensemble.IntList splits = new Ensemble.IntList();
    /** The current path, by schema index: the offset of the last edge whose split tests the feature, or -1. */
    final int[] lastEdge;
    /** The current path, by schema index: the feature's zero fraction so far. */
    final double[] combined;
    int size;

    Builder(Ensemble e, int nodes) {
      this.e = e;
      this.inverseZero = new double[nodes];
      this.previous = new int[nodes];
      this.leafScale = new double[nodes];
      this.splitStart = new int[e.roots.length];
      this.splitCount = new int[e.roots.length];
      this.lastEdge = new int[e.schema.size()];
      this.combined = new double[e.schema.size()];
      Arrays.fill(lastEdge, -1);
    }

    void tree(int t, int base, int size) {
      this.size = size;
      splitStart[t] = splits.size;
      previous[base] = size;
      inverseZero[base] = 1.0;
      visit(e.roots[t], 0, base, 1.0);
      splitCount[t] = splits.size - splitStart[t];
    }

    /** Fills node {@code n} (offset {@code i} in the tree starting at {@code base}) and the nodes under it. */
    private void visit(int n, int i, int base, double product) {
      int meta = e.nodes[n << 1];
      if (meta < 0) {
        double v = (meta & Ensemble.LINEAR) != 0 ? 1.0 : e.value[n];
        leafScale[base + i] = v * product * e.outputScale;
        return;
      }
      leafScale[base + i] = 1.0;
      splits.add(i);
      int f = meta & Ensemble.FEATURE;
      int root = n - i;
      double c = e.cover[n];
      for (int side = 0; side < 2; side++) {
        int child = side == 0 ? n + 1 : e.nodes[(n << 1) + 1];
        int ci = child - root;
        double ratio = e.cover[child] / c;
        int prev = lastEdge[f];
        double zPrev = prev >= 0 ? combined[f] : 1.0;
        double z = zPrev * ratio;
        previous[base + ci] = prev >= 0 ? prev : size;
        inverseZero[base + ci] = 1.0 / z;
        lastEdge[f] = ci;
        combined[f] = z;
        visit(child, ci, base, product * ratio);
        lastEdge[f] = prev;
        combined[f] = zPrev;
      }
    }
  }
}
