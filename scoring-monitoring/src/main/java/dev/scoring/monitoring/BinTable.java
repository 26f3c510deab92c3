package dev.scoring.monitoring;

import java.util.Arrays;

/**
 * An O(1) bin lookup for ascending edges e_0 &lt; … &lt; e_(n−1): the bin of a present number v is
 * the number of edges below it. A uniform grid of cells over [e_0, e_(n−1)] maps v to its cell,
 * {@code cell(v) = clamp((int) (v · scale + base), origin, origin + cells − 1) − origin} with
 * {@code base = origin − e_0 · scale} (the origin lets a monitor index one flat table of many
 * features without another addition); {@code start[c]} counts the
 * edges whose own cell is below c. Because {@code cell} is monotone in v (IEEE subtraction,
 * multiplication by a positive constant, addition and truncation are all monotone, and the edges'
 * own cells are computed by the same expression), every edge of an earlier
 * cell is below v and every edge of a later cell is at or above it, so {@code bin(v) = start[c] +}
 * the number of edges of cell c below v: a fixed number of branch-free correction steps ({@link
 * #steps}, the most edges any cell holds), with the edges padded by +∞ so a step never runs off
 * the end. Exact for every double (no tolerance), including ±∞.
 *
 * <p>The grid has 4·n cells, or 8·n or 16·n when that leaves fewer edges per cell (one per cell
 * makes the lookup a single step); data whose edges
 * still crowd into a few cells (more than {@value #MAX_STEPS} in one) fall back to a binary search
 * inside the cell.
 */
final class BinTable {

  /** Above this many edges in one cell, the lookup searches the cell instead of stepping through it. */
  static final int MAX_STEPS = 6;

  final int origin;
  final double scale;
  final double base;
  final int cellMax;
  /** Per cell, the edges in earlier cells; {@code start[cells] = n}. */
  final int[] start;
  /** The edges, then {@code max(1, steps)} times +∞. */
  final double[] padded;
  /** Correction steps per lookup, or −1 to binary-search the cell. */
  final int steps;

  private BinTable(int origin, double scale, double base, int[] start, double[] padded, int steps) {
    this.origin = origin;
    this.scale = scale;
    this.base = base;
    this.cellMax = start.length - 2;
    this.start = start;
    this.padded = padded;
    this.steps = steps;
  }

  static BinTable of(double[] edges) {
    return of(edges, 0);
  }

  /** The table for cells numbered from {@code origin}. */
  static BinTable of(double[] edges, int origin) {
    int n = edges.length;
    if (n == 0) {
      return new BinTable(origin, 0, origin, new int[] {0, 0}, new double[] {Double.POSITIVE_INFINITY}, 0);
    }
    double lo = edges[0];
    double range = edges[n - 1] - lo;
    int[] bestStart = null;
    double bestScale = 0;
    double bestBase = origin;
    int bestMax = Integer.MAX_VALUE;
    for (int mult : new int[] {4, 8, 16}) {
      int cells = (int) Math.min(1 << 22, (long) mult * n);
      double scale = cells / range;
      if (!(range > 0) || !Double.isFinite(scale)) {
        cells = 1;
        scale = 0;
      }
      double base = origin - lo * scale;
      int[] count = new int[cells + 1];
      for (double e : edges) {
        count[cell(e, scale, base, origin, origin + cells - 1) - origin]++;
      }
      int max = 0;
      int[] start = new int[cells + 1];
      for (int c = 0; c < cells; c++) {
        max = Math.max(max, count[c]);
        start[c + 1] = start[c] + count[c];
      }
      if (max < bestMax) {
        bestMax = max;
        bestStart = start;
        bestScale = scale;
        bestBase = base;
      }
      if (max <= 1 || cells == 1) {
        break;
      }
    }
    int steps = bestMax > MAX_STEPS ? -1 : bestMax;
    double[] padded = Arrays.copyOf(edges, n + Math.max(1, steps));
    Arrays.fill(padded, n, padded.length, Double.POSITIVE_INFINITY);
    return new BinTable(origin, bestScale, bestBase, java.util.Objects.requireNonNull(bestStart), padded, steps);
  }

  /** The cell of v, numbered from {@code first}: monotone in v, in [first, last]. */
  static int cell(double v, double scale, double base, int first, int last) {
    int c = (int) (v * scale + base);
    return Math.max(first, Math.min(last, c));
  }

  /** The number of edges below v (v not NaN). Allocation-free. */
  int bin(double v) {
    int c = cell(v, scale, base, origin, origin + cellMax) - origin;
    int b = start[c];
    int s = steps;
    if (s < 0) {
      return search(padded, b, start[c + 1], v);
    }
    double[] e = padded;
    for (int k = 0; k < s; k++) {
      b += e[b] < v ? 1 : 0;
    }
    return b;
  }

  /** The first index in [from, to] whose edge is at or above v, given that the answer lies there. */
  static int search(double[] e, int from, int to, double v) {
    int lo = from;
    int hi = to;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (e[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
