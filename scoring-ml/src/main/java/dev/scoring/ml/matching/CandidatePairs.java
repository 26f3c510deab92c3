package dev.scoring.ml.matching;

import java.util.Arrays;

/**
 * Pairs of record positions {@code (i, j)} with {@code i < j}, sorted and distinct, packed into
 * longs: the output of {@link Blocking} and the input of scoring and clustering. Immutable.
 */
public final class CandidatePairs {

  private final long[] pairs;
  private final int records;

  private CandidatePairs(long[] sortedDistinct, int records) {
    this.pairs = sortedDistinct;
    this.records = records;
  }

  /** Sorts and de-duplicates packed pairs (each must already have {@code i < j}). */
  static CandidatePairs of(long[] packed, int length, int records) {
    long[] p = Arrays.copyOf(packed, length);
    Arrays.sort(p);
    int w = 0;
    for (int k = 0; k < p.length; k++) {
      if (w == 0 || p[w - 1] != p[k]) {
        p[w++] = p[k];
      }
    }
    return new CandidatePairs(w == p.length ? p : Arrays.copyOf(p, w), records);
  }

  /**
   * The true matching pairs of a table whose records carry entity ids: every pair of positions
   * with equal ids (for evaluation).
   */
  public static CandidatePairs sameEntity(java.util.List<String> entityIds) {
    java.util.Map<String, java.util.List<Integer>> groups = new java.util.HashMap<>();
    for (int i = 0; i < entityIds.size(); i++) {
      groups.computeIfAbsent(entityIds.get(i), k -> new java.util.ArrayList<>()).add(i);
    }
    Blocking.PairBuffer buffer = new Blocking.PairBuffer();
    for (java.util.List<Integer> g : groups.values()) {
      for (int a = 0; a < g.size(); a++) {
        for (int b = a + 1; b < g.size(); b++) {
          buffer.add(pack(g.get(a), g.get(b)));
        }
      }
    }
    return of(buffer.pairs, buffer.size, entityIds.size());
  }

  /** Packs a pair in either order. */
  static long pack(int i, int j) {
    return i < j ? ((long) i << 32) | (j & 0xffffffffL) : ((long) j << 32) | (i & 0xffffffffL);
  }

  /** The number of pairs. */
  public int size() {
    return pairs.length;
  }

  /** The number of records the positions refer to. */
  public int records() {
    return records;
  }

  /** The smaller position of pair {@code k}. */
  public int left(int k) {
    return (int) (pairs[k] >>> 32);
  }

  /** The larger position of pair {@code k}. */
  public int right(int k) {
    return (int) pairs[k];
  }

  /** Whether {@code (i, j)} (either order) is a candidate. */
  public boolean contains(int i, int j) {
    return i != j && Arrays.binarySearch(pairs, pack(i, j)) >= 0;
  }

  /** Every pair of {@code other} is also here. */
  public boolean containsAll(CandidatePairs other) {
    for (long p : other.pairs) {
      if (Arrays.binarySearch(pairs, p) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Only the pairs with one position below {@code split} and the other at or above it (two-table linkage). */
  public CandidatePairs crossing(int split) {
    long[] out = new long[pairs.length];
    int n = 0;
    for (long p : pairs) {
      if ((int) (p >>> 32) < split && (int) p >= split) {
        out[n++] = p;
      }
    }
    return new CandidatePairs(Arrays.copyOf(out, n), records);
  }

  long packed(int k) {
    return pairs[k];
  }
}
