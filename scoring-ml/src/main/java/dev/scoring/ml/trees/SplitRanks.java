package dev.scoring.ml.trees;

import java.util.Arrays;

/**
 * The rank of a number among each feature's split values: how many of them are at or below it.
 * A split at the {@code k}-th smallest value of its feature ({@code k} from 1) sends {@code x}
 * right iff {@code x >= value}, that is iff {@code rank(x) >= k}, so a tree can compare small
 * integers instead of numbers.
 *
 * <p>A lookup costs a few instructions and no search. Per feature, a uniform grid of cells over
 * its smallest to largest value maps {@code x} to a cell, {@code clamp((int) (x * scale + base))};
 * that map is monotone in {@code x} (IEEE multiplication by a positive constant, addition and
 * truncation all are), and each value's own cell comes from the same expression, so every value
 * of an earlier cell is below {@code x} and every value of a later cell above it. The rank is then
 * the count of values in earlier cells plus a fixed number of branch-free steps over the values
 * of {@code x}'s own cell (the most any cell holds), which NaN padding stops at the end; with
 * one value per cell, that step reads the cell's own copy of its value. The grid
 * has 4, 8 or 16 cells per value, whichever crowds fewest values into a cell; a feature whose
 * values still crowd more than {@value #MAX_STEPS} into one cell searches that cell instead.
 * Exact for every number, including the infinities.
 */
final class SplitRanks {

  static final int MAX_STEPS = 4;
  private static final int MAX_CELLS = 1 << 16;
  /** Cells of all features together (12 bytes each): past it, a feature's values share one searched cell. */
  private static final long MAX_TOTAL_CELLS = 1 << 21;

  private final double[] scale;
  private final double[] base;
  /** Per feature: its first cell and its last. */
  private final int[] firstCell;
  private final int[] lastCell;
  /** Per feature: the most values any of its cells holds (above {@value #MAX_STEPS}, lookups search the cell). */
  private final int[] steps;
  /** Per feature: where its values start in {@link #values}. */
  private final int[] offset;
  /** Per cell: how many of its feature's values lie in earlier cells. */
  private final int[] cellRank;
  /** Per cell: its first value, or NaN if it has none (a one-step correction reads only this). */
  private final double[] cellFirst;
  /** Every feature's values ascending, each followed by NaN padding. */
  private final double[] values;

  /** The ranks over {@code values[j]}, each ascending, distinct and free of NaN. */
  SplitRanks(double[][] values) {
    int f = values.length;
    this.scale = new double[f];
    this.base = new double[f];
    this.firstCell = new int[f];
    this.lastCell = new int[f];
    this.steps = new int[f];
    this.offset = new int[f];
    // one grid per feature first, then the flat arrays at once (copying as they grow would be quadratic)
    int[][] before = new int[f][];
    long cells = 0;
    long flatSize = 0;
    for (int j = 0; j < f; j++) {
      before[j] = grid(j, values[j], (int) cells, MAX_TOTAL_CELLS - cells - (f - j));
      cells += before[j].length;
      offset[j] = (int) flatSize;
      flatSize += values[j].length + (steps[j] > MAX_STEPS ? 0 : steps[j]);
    }
    this.cellRank = new int[(int) cells];
    this.values = new double[(int) flatSize];
    Arrays.fill(this.values, Double.NaN);
    this.cellFirst = new double[(int) cells];
    for (int j = 0; j < f; j++) {
      System.arraycopy(values[j], 0, this.values, offset[j], values[j].length);
      System.arraycopy(before[j], 0, cellRank, firstCell[j], before[j].length);
      for (int c = firstCell[j]; c <= lastCell[j]; c++) {
        cellFirst[c] = cellRank[c] < cellRank[c + 1] ? this.values[offset[j] + cellRank[c]] : Double.NaN;
      }
    }
  }

  /**
   * Chooses feature j's grid (cells numbered from {@code origin}, at most {@code budget} of them
   * plus one) and returns, per cell plus one past the end, how many values lie in earlier cells.
   */
  private int[] grid(int j, double[] v, int origin, long budget) {
    int n = v.length;
    int[] best = {0, 0};
    int bestMax = Integer.MAX_VALUE;
    double range = n == 0 ? 0 : v[n - 1] - v[0];
    for (int mult : new int[] {4, 8, 16}) {
      int cells = (int) Math.min(Math.min(MAX_CELLS, (long) mult * n), Math.max(1, budget));
      double sc = cells / range;
      if (n == 0 || !(range > 0) || !Double.isFinite(sc)) {
        cells = 1;
        sc = 0;
      }
      double b = origin - (n == 0 ? 0 : v[0]) * sc;
      int[] count = new int[cells + 1];
      for (double x : v) {
        count[cell(x, sc, b, origin, origin + cells - 1) - origin + 1]++;
      }
      int max = 0;
      for (int c = 1; c <= cells; c++) {
        max = Math.max(max, count[c]);
        count[c] += count[c - 1];
      }
      if (max < bestMax) {
        bestMax = max;
        best = count;
        scale[j] = sc;
        base[j] = b;
        firstCell[j] = origin;
        lastCell[j] = origin + cells - 1;
      }
      if (max <= 1 || cells == 1) {
        break;
      }
    }
    steps[j] = bestMax;
    return best;
  }

  private static int cell(double x, double scale, double base, int first, int last) {
    return Math.max(first, Math.min(last, (int) (x * scale + base)));
  }

  /** How many of feature j's values are at or below {@code x}; for NaN, an arbitrary count. */
  int rank(int j, double x) {
    int c = cell(x, scale[j], base[j], firstCell[j], lastCell[j]);
    int s = steps[j];
    if (s <= 1) {
      return cellRank[c] + (cellFirst[c] <= x ? 1 : 0);
    }
    int at = offset[j];
    if (s > MAX_STEPS) {
      return search(at + cellRank[c], at + cellRank[c + 1], x) - at;
    }
    int b = at + cellRank[c];
    final double[] v = values;
    for (int k = 0; k < s; k++) {
      b += v[b] <= x ? 1 : 0;
    }
    return b - at;
  }

  /** The first index in {@code [from, to]} whose value is above {@code x}, given that it lies there. */
  private int search(int from, int to, double x) {
    int lo = from;
    int hi = to;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (values[mid] <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
