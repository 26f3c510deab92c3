package dev.scoring.ml.trees;

import dev.scoring.api.Features;
import org.jspecify.annotations.Nullable;

/**
 * Exact path-dependent TreeSHAP (Lundberg, Erion and Lee 2018, algorithm 2) over a compiled
 * {@link Ensemble}: {@link LinearShap} for every tree it covers, the recursion for the others (zero
 * covers). Its arrays are built on the first explanation; the hot path never touches this class.
 */
final class TreeShap {

  private final Ensemble e;
  /** {@code 1 / k} for TreeSHAP (see {@link #inverses}). */
  private final double[] inverse;
  private volatile @Nullable LinearShap linearShap;

  /** Which algorithm {@link #shap(Features, int, double[], Algorithm)} uses. */
  enum Algorithm {
    /** Linear TreeSHAP where it applies, else the recursion (the default). */
    LINEAR,
    /** The recursive algorithm alone (the reference). */
    RECURSION
  }

  TreeShap(Ensemble e) {
    this.e = e;
    this.inverse = inverses(e.treeDepth);
  }

  /**
   * Exact path-dependent TreeSHAP (Lundberg, Erion and Lee 2018, algorithm 2) for output group
   * {@code group}: adds each feature's contribution to {@code phi} (indexed by schema index) and
   * returns the bias (base margin plus every tree's expected value). For gblinear, contributions
   * are weight times value.
   */
  double shap(Features row, int group, double[] phi) {
    return shap(row, group, phi, Algorithm.LINEAR);
  }

  /** {@link #shap(Features, int, double[])} with the given algorithms. */
  double shap(Features row, int group, double[] phi, Algorithm algorithm) {
    if (e.gblinear) {
      double[] w = e.glWeight[group];
      for (int k = 0; k < e.glIndex.length; k++) {
        double x = row.number(e.glIndex[k]);
        if (x == x) {
          phi[e.glIndex[k]] += x * w[k];
        }
      }
      return e.glBias[group] + e.base[group];
    }
    LinearShap linear = algorithm == Algorithm.LINEAR ? linearShap() : null;
    LinearShap.Scratch scratch = null;
    double bias = 0.0;
    // allocated for the first tree without tables
    double[] path = new double[0];
    for (int t = 0; t < e.roots.length; t++) {
      if (e.treeGroup[t] != group) {
        continue;
      }
      bias += e.hasLinear ? rowMean(e.roots[t], row) : e.meanValue[e.roots[t]];
      if (linear != null && linear.covers(t)) {
        if (scratch == null) {
          scratch = linear.scratch();
        }
        linear.add(e, t, row, phi, scratch);
        continue;
      }
      if (path.length == 0) {
        int d = inverse.length - 2;
        path = new double[PATH_FIELDS * (d * (d + 1) / 2 + d + 2)];
      }
      treeShap(row, phi, e.roots[t], 0, path, 0, 1.0, 1.0, -1);
    }
    return e.base[group] + bias * e.outputScale;
  }

  /** The Linear TreeSHAP tables, built on the first explanation (a race builds equal tables twice). */
  private LinearShap linearShap() {
    LinearShap s = linearShap;
    if (s == null) {
      s = LinearShap.of(e);
      linearShap = s;
    }
    return s;
  }

  /** {@code 1 / k} for k up to the deepest tree's depth plus two: TreeSHAP multiplies instead of dividing. */
  private static double[] inverses(int[] treeDepth) {
    int max = 0;
    for (int depth : treeDepth) {
      max = Math.max(max, depth);
    }
    double[] inv = new double[max + 4];
    for (int k = 1; k < inv.length; k++) {
      inv[k] = 1.0 / k;
    }
    return inv;
  }

  /** The cover-weighted mean of the tree's leaf outputs for this row (linear leaves depend on the row). */
  private double rowMean(int n, Features row) {
    if (e.nodes[n << 1] < 0) {
      return e.leafValue(n, row);
    }
    int l = n + 1;
    int r = e.nodes[(n << 1) + 1];
    double c = e.cover[n];
    return c == 0.0 ? 0.0 : (rowMean(l, row) * e.cover[l] + rowMean(r, row) * e.cover[r]) / c;
  }

  /*
   * The TreeSHAP path of unique features lives in one double[]: element k of a segment takes
   * PATH_FIELDS consecutive doubles (its feature, zero fraction, one fraction and weight), and each
   * recursion level has its own segment just after its parent's, so a level copies its parent's
   * path with one arraycopy.
   */
  private static final int PATH_FIELDS = 4;
  private static final int ZERO = 1;
  private static final int ONE = 2;
  private static final int WEIGHT = 3;

  private void treeShap(Features row, double[] phi, int node, int depth, double[] p, int parentStart,
      double parentZero, double parentOne, int parentFeature) {
    int start = parentStart + depth + 1;
    int s = PATH_FIELDS * start;
    // copy the parent's path (depth elements) into this level's segment
    System.arraycopy(p, PATH_FIELDS * parentStart, p, s, PATH_FIELDS * depth);
    extend(p, s, depth, parentZero, parentOne, parentFeature);
    int meta = e.nodes[node << 1];
    if (meta < 0) {
      // averaged models (outputScale 1/iterations) scale each leaf, as the tables do
      double v = e.leafValue(node, row) * e.outputScale;
      // an element the row does not follow (one = 0) unwinds to the same sum over the weights,
      // divided by its own zero fraction: computed once per leaf
      double d1 = depth + 1;
      double zeroSum = 0.0;
      for (int i = depth - 1; i >= 0; i--) {
        zeroSum += p[s + PATH_FIELDS * i + WEIGHT] * d1 * inverse[depth - i];
      }
      for (int i = 1; i <= depth; i++) {
        int at = s + PATH_FIELDS * i;
        double one = p[at + ONE];
        double zero = p[at + ZERO];
        double w = one != 0.0 ? unwoundSum(p, s, depth, i) : zero != 0.0 ? zeroSum / zero : 0.0;
        phi[(int) p[at]] += w * (one - zero) * v;
      }
      return;
    }
    int split = meta & Ensemble.FEATURE;
    boolean left = e.goesLeft(node, meta, row);
    int l = node + 1;
    int r = e.nodes[(node << 1) + 1];
    int hot = left ? l : r;
    int cold = left ? r : l;
    double w = e.cover[node];
    double hotZero = w == 0.0 ? 0.0 : e.cover[hot] / w;
    double coldZero = w == 0.0 ? 0.0 : e.cover[cold] / w;
    double inZero = 1.0;
    double inOne = 1.0;
    int pathIndex = 0;
    for (; pathIndex <= depth; pathIndex++) {
      if (p[s + PATH_FIELDS * pathIndex] == split) {
        break;
      }
    }
    if (pathIndex != depth + 1) {
      inZero = p[s + PATH_FIELDS * pathIndex + ZERO];
      inOne = p[s + PATH_FIELDS * pathIndex + ONE];
      unwind(p, s, depth, pathIndex);
      depth -= 1;
    }
    treeShap(row, phi, hot, depth + 1, p, start, hotZero * inZero, inOne, split);
    treeShap(row, phi, cold, depth + 1, p, start, coldZero * inZero, 0.0, split);
  }

  /** Adds a feature with fractions {@code zero} and {@code one} to the path of {@code depth} elements at {@code s}. */
  private void extend(double[] p, int s, int depth, double zero, double one, int feature) {
    int at = s + PATH_FIELDS * depth;
    p[at] = feature;
    p[at + ZERO] = zero;
    p[at + ONE] = one;
    // weight i moves to i + 1 (scaled by one) and stays at i (scaled by zero); carry holds the
    // part staying at i + 1, so no step reads what the step before wrote
    double carry = depth == 0 ? 1.0 : 0.0;
    double r = inverse[depth + 1];
    // the counts i + 1 and depth - i as doubles, stepped instead of converted
    double above = depth;
    double below = 1.0;
    for (int i = depth - 1; i >= 0; i--, above -= 1.0, below += 1.0) {
      int wi = s + PATH_FIELDS * i + WEIGHT;
      double w = p[wi];
      p[wi + PATH_FIELDS] = carry + one * w * (above * r);
      carry = zero * w * (below * r);
    }
    p[s + WEIGHT] = carry;
  }

  /** Removes element {@code index} from the path of {@code depth + 1} elements at {@code s}. */
  private void unwind(double[] p, int s, int depth, int index) {
    int at = s + PATH_FIELDS * index;
    double one = p[at + ONE];
    double zero = p[at + ZERO];
    double next = p[s + PATH_FIELDS * depth + WEIGHT];
    double d1 = depth + 1;
    double r = inverse[depth + 1];
    if (one != 0.0) {
      double perOne = 1.0 / one;
      double below = 1.0;
      for (int i = depth - 1; i >= 0; i--, below += 1.0) {
        int wi = s + PATH_FIELDS * i + WEIGHT;
        double up = d1 * inverse[i + 1] * perOne;
        double tmp = p[wi];
        p[wi] = next * up;
        // one multiplication and one subtraction on the chain through next
        next = tmp - next * (up * (zero * (below * r)));
      }
    } else {
      double perZero = 1.0 / zero;
      for (int i = depth - 1; i >= 0; i--) {
        int wi = s + PATH_FIELDS * i + WEIGHT;
        p[wi] = p[wi] * d1 * perZero * inverse[depth - i];
      }
    }
    for (int i = index; i < depth; i++) {
      int to = s + PATH_FIELDS * i;
      p[to] = p[to + PATH_FIELDS];
      p[to + ZERO] = p[to + PATH_FIELDS + ZERO];
      p[to + ONE] = p[to + PATH_FIELDS + ONE];
    }
  }

  /**
   * The total weight the path at {@code s} would have without element {@code index}, an element
   * the row follows ({@code one != 0}).
   */
  private double unwoundSum(double[] p, int s, int depth, int index) {
    int at = s + PATH_FIELDS * index;
    double perOne = 1.0 / p[at + ONE];
    double zero = p[at + ZERO];
    double next = p[s + PATH_FIELDS * depth + WEIGHT];
    double d1 = depth + 1;
    double r = inverse[depth + 1];
    double total = 0.0;
    double below = 1.0;
    for (int i = depth - 1; i >= 0; i--, below += 1.0) {
      double up = d1 * inverse[i + 1] * perOne;
      total += next * up;
      // one multiplication and one subtraction on the chain through next
      next = p[s + PATH_FIELDS * i + WEIGHT] - next * (up * (zero * (below * r)));
    }
    return total;
  }
}
