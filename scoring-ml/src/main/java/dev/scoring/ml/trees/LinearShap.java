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
 * Every factor and coefficient depends only on the tree and on whether the row follows the edge, so
 * both are tabulated per edge: a row costs one pass down and one pass up with {@code 2 x points}
 * multiply-adds per node.
 *
 * <p>A tree qualifies when every cover ratio is positive (a zero cover needs the recursion), its
 * depth is at most {@value #MAX_DEPTH} and the model's tables fit {@value #MAX_TABLE} doubles
 * (16 doubles per node for depth 8: 500 trees of depth 8 take about 17 MB). Built on the first
 * explanation, so models that are never explained pay nothing.
 */
final class LinearShap {

  static final int MAX_DEPTH = 64;
  /** All tables of a model together: 2^22 doubles, 32 MB. */
  static final int MAX_TABLE = 1 << 22;
  /** Smallest product of zero fractions at a leaf: below it the running products could overflow. */
  private static final double MIN_ZERO = 1e-200;

  /** Quadrature points per node (the largest qualifying tree's depth, halved and rounded up). */
  private final int points;
  /** Per tree: where its nodes start in the per-node arrays, or -1 if it uses another algorithm. */
  private final int[] treeStart;
  private final int[] treeSize;
  private final int maxTreeSize;
  /**
   * Per node, {@code 4 x points} doubles for the edge from its parent: the factor the running
   * product takes down the edge when the row follows it and when it leaves the path there, then the
   * edge's coefficient (quadrature weight included) in both cases.
   */
  private final double[] table;
  /** Per node: the offset in its tree of the previous edge on its path whose split tests the same feature, or -1. */
  private final int[] previous;
  /** Per node: its parent's split feature (schema index). */
  private final int[] feature;
  /** Per leaf: the product of the cover ratios on its path ({@code Z}). */
  private final double[] zero;

  private LinearShap(int points, int[] treeStart, int[] treeSize, int maxTreeSize, Builder b) {
    this.points = points;
    this.treeStart = treeStart;
    this.treeSize = treeSize;
    this.maxTreeSize = maxTreeSize;
    this.table = b.table;
    this.previous = b.previous;
    this.feature = b.feature;
    this.zero = b.zero;
  }

  /** The tables of {@code e}'s qualifying trees (none for gblinear). */
  static LinearShap of(Ensemble e) {
    int n = e.roots.length;
    int[] start = new int[n];
    Arrays.fill(start, -1);
    int[] size = new int[n];
    if (e.gblinear) {
      return new LinearShap(1, start, size, 0, new Builder(e, 1, 0));
    }
    int[] depth = new int[n];
    boolean[] ok = new boolean[n];
    int maxDepth = 0;
    for (int t = 0; t < n; t++) {
      int root = e.roots[t];
      size[t] = size(e, root);
      depth[t] = depth(e, root);
      ok[t] = depth[t] <= MAX_DEPTH && positiveCovers(e, root, 1.0);
      if (ok[t]) {
        maxDepth = Math.max(maxDepth, depth[t]);
      }
    }
    int points = Math.max(1, (maxDepth + 1) / 2);
    long stride = 4L * points;
    long total = 0;
    int maxSize = 0;
    int nodes = 0;
    for (int t = 0; t < n; t++) {
      if (ok[t] && total + size[t] * stride <= MAX_TABLE) {
        start[t] = nodes;
        nodes += size[t];
        total += size[t] * stride;
        maxSize = Math.max(maxSize, size[t]);
      }
    }
    Builder b = new Builder(e, points, nodes);
    for (int t = 0; t < n; t++) {
      if (start[t] >= 0) {
        b.visit(e.roots[t], 0, start[t], 1.0);
      }
    }
    return new LinearShap(points, start, size, maxSize, b);
  }

  /** Whether tree {@code t} is computed here. */
  boolean covers(int t) {
    return treeStart[t] >= 0;
  }

  /** Scratch for {@link #add}: per node of the largest tree, {@code points} doubles and its row state. */
  Scratch scratch() {
    return new Scratch(new double[Math.max(1, maxTreeSize) * points], new int[Math.max(1, maxTreeSize)]);
  }

  /** Per-explanation work arrays: per node its running product (then sum below it), and its row state. */
  record Scratch(double[] sums, int[] state) {}

  /** Row state of an edge: the row follows it and every earlier split on its feature. */
  private static final int FOLLOWS = 0;
  /** The row leaves the path here for the first time on this feature. */
  private static final int STRAYS = 1;
  /** The row already left the path at an earlier split on this feature: nothing changes. */
  private static final int STRAYED = 2;

  /** Adds tree {@code t}'s contributions for {@code row}, times {@code scale}, to {@code phi}. */
  void add(Ensemble e, int t, Features row, double scale, double[] phi, Scratch scratch) {
    int root = e.roots[t];
    int base = treeStart[t];
    int size = treeSize[t];
    int g = points;
    int stride = 4 * g;
    int[] nodes = e.nodes;
    double[] tab = table;
    double[] s = scratch.sums;
    int[] state = scratch.state;
    Arrays.fill(s, 0, g, 1.0);
    // down, in pre-order: each split sets its children's row state and running products
    for (int i = 0; i < size; i++) {
      int n = root + i;
      int meta = nodes[n << 1];
      if (meta >= 0) {
        boolean left = e.goesLeft(n, meta, row);
        down(i, i + 1, left, s, state, tab, base, g, stride);
        down(i, nodes[(n << 1) + 1] - root, !left, s, state, tab, base, g, stride);
      }
    }
    // up, in reverse pre-order: the sums of v Z P below each node, and each edge's coefficient
    // times the sum below it
    for (int i = size - 1; i >= 0; i--) {
      int n = root + i;
      int meta = nodes[n << 1];
      int at = i * g;
      if (meta < 0) {
        double vz = e.leafValue(n, row) * scale * zero[base + i];
        for (int k = 0; k < g; k++) {
          s[at + k] *= vz;
        }
      } else {
        int l = at + g;
        int r = (nodes[(n << 1) + 1] - root) * g;
        for (int k = 0; k < g; k++) {
          s[at + k] = s[l + k] + s[r + k];
        }
      }
      int st = state[i];
      if (i > 0 && st != STRAYED) {
        int c = (base + i) * stride + (2 + st) * g;
        double sum = 0.0;
        for (int k = 0; k < g; k++) {
          sum += tab[c + k] * s[at + k];
        }
        phi[feature[base + i]] += sum;
      }
    }
  }

  private void down(int parent, int child, boolean follows, double[] s, int[] state, double[] tab, int base,
      int g, int stride) {
    int prev = previous[base + child];
    int st = prev >= 0 && state[prev] != FOLLOWS ? STRAYED : follows ? FOLLOWS : STRAYS;
    state[child] = st;
    int p = parent * g;
    int c = child * g;
    if (st == STRAYED) {
      System.arraycopy(s, p, s, c, g);
      return;
    }
    int f = (base + child) * stride + st * g;
    for (int k = 0; k < g; k++) {
      s[c + k] = s[p + k] * tab[f + k];
    }
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

  /** Fills the per-node tables of each qualifying tree. */
  private static final class Builder {
    final Ensemble e;
    final int g;
    final double[] t;
    final double[] w;
    final double[] table;
    final int[] previous;
    final int[] feature;
    final double[] zero;
    /** The current path, by schema index: the offset of the last edge whose split tests the feature, or -1. */
    final int[] lastEdge;
    /** The current path, by schema index: the feature's zero fraction so far. */
    final double[] combined;

    Builder(Ensemble e, int g, int nodes) {
      this.e = e;
      this.g = g;
      double[][] gauss = gaussLegendre(g);
      this.t = gauss[0];
      this.w = gauss[1];
      this.table = new double[nodes * 4 * g];
      this.previous = new int[nodes];
      this.feature = new int[nodes];
      this.zero = new double[nodes];
      this.lastEdge = new int[e.schema.size()];
      this.combined = new double[e.schema.size()];
      Arrays.fill(lastEdge, -1);
    }

    /** Fills node {@code n} (offset {@code i} in the tree starting at {@code base}) and the nodes under it. */
    void visit(int n, int i, int base, double product) {
      int meta = e.nodes[n << 1];
      if (i == 0) {
        previous[base] = -1;
      }
      if (meta < 0) {
        zero[base + i] = product;
        return;
      }
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
        previous[base + ci] = prev;
        feature[base + ci] = f;
        int at = (base + ci) * 4 * g;
        for (int k = 0; k < g; k++) {
          double tk = t[k];
          // the factor 1 - t + t q with q = 1 / z, and the coefficient (q - 1) / (1 - t + t q)
          double hot = 1.0 - tk + tk / z;
          double hotCoef = (1.0 - z) / (z * (1.0 - tk) + tk);
          double coldCoef = -1.0 / (1.0 - tk);
          if (prev < 0) {
            table[at + k] = hot;
            table[at + g + k] = 1.0 - tk;
            table[at + 2 * g + k] = w[k] * hotCoef;
            table[at + 3 * g + k] = w[k] * coldCoef;
          } else {
            double prevFactor = 1.0 - tk + tk / zPrev;
            double prevCoef = (1.0 - zPrev) / (zPrev * (1.0 - tk) + tk);
            table[at + k] = hot / prevFactor;
            table[at + g + k] = (1.0 - tk) / prevFactor;
            table[at + 2 * g + k] = w[k] * (hotCoef - prevCoef);
            table[at + 3 * g + k] = w[k] * (coldCoef - prevCoef);
          }
        }
        lastEdge[f] = ci;
        combined[f] = z;
        visit(child, ci, base, product * ratio);
        lastEdge[f] = prev;
        combined[f] = zPrev;
      }
    }
  }
}
