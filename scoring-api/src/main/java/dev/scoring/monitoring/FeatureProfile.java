package dev.scoring.monitoring;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The reference distribution of one feature (or of the score), with its bins fixed at reference
 * time so that later windows are counted into the same bins.
 *
 * <p>A {@linkplain Kind#NUMERIC numeric} profile has ascending edges e_1 &lt; … &lt; e_k and k + 1
 * bins: (−∞, e_1], (e_1, e_2], …, (e_k, +∞). A {@linkplain Kind#CATEGORICAL categorical} profile has
 * its categories (sorted) and one more bucket, "other", for every value not among them. Both count
 * missing values apart. Immutable and thread-safe.
 */
public final class FeatureProfile {

  /** How the values are binned. */
  public enum Kind {
    /** Numbers, booleans (0/1) and timestamps, in bins between edges. */
    NUMERIC,
    /** Categories, with an "other" bucket. */
    CATEGORICAL
  }

  private final String name;
  private final Kind kind;
  final double[] edges;
  final String[] categories;
  final long[] counts;
  private final long missing;
  /** The categories' hash codes, ascending, with the categories and their buckets in the same order. */
  private final int[] hashes;
  private final String[] byHash;
  private final int[] bucketByHash;
  /** For numeric profiles with 8+ edges: grid[c] = edges below the lower bound of cell c; else null. */
  private final int @Nullable [] grid;
  private final double gridScale;

  private FeatureProfile(String name, Kind kind, double[] edges, String[] categories, long[] counts, long missing) {
    if (name.isBlank()) {
      throw new IllegalArgumentException("profile name must not be blank");
    }
    if (missing < 0) {
      throw new IllegalArgumentException("profile '" + name + "': missing count is negative: " + missing);
    }
    for (long c : counts) {
      if (c < 0) {
        throw new IllegalArgumentException("profile '" + name + "': a bin count is negative: " + Arrays.toString(counts));
      }
    }
    this.name = name;
    this.kind = kind;
    this.edges = edges;
    this.categories = categories;
    this.counts = counts;
    this.missing = missing;
    int n = edges.length;
    if (n >= 8) {
      int cells = 2 * n;
      double scale = cells / (edges[n - 1] - edges[0]);
      int[] g = new int[cells + 1];
      for (int c = 1; c < cells; c++) {
        g[c] = search(edges, 0, n, edges[0] + c / scale);
      }
      g[cells] = n;
      this.grid = Double.isFinite(scale) ? g : null;
      this.gridScale = scale;
    } else {
      this.grid = null;
      this.gridScale = 0;
    }
    Integer[] order = new Integer[categories.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(categories[a].hashCode(), categories[b].hashCode()));
    this.hashes = new int[order.length];
    this.byHash = new String[order.length];
    this.bucketByHash = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      hashes[i] = categories[order[i]].hashCode();
      byHash[i] = categories[order[i]];
      bucketByHash[i] = order[i];
    }
  }

  /**
   * A numeric profile.
   *
   * @param edges strictly ascending, finite bin edges
   * @param counts reference rows per bin, {@code edges.length + 1} of them
   * @param missing reference rows where the value is missing
   * @throws IllegalArgumentException if the edges are not finite and strictly ascending, or the counts do not fit
   */
  public static FeatureProfile numeric(String name, double[] edges, long[] counts, long missing) {
    double[] e = edges.clone();
    for (int i = 0; i < e.length; i++) {
      if (!Double.isFinite(e[i]) || (i > 0 && !(e[i] > e[i - 1]))) {
        throw new IllegalArgumentException("profile '" + name + "': edges must be finite and strictly ascending: " + Arrays.toString(e));
      }
    }
    if (counts.length != e.length + 1) {
      throw new IllegalArgumentException(
          "profile '" + name + "': " + e.length + " edges need " + (e.length + 1) + " counts, got " + counts.length);
    }
    return new FeatureProfile(name, Kind.NUMERIC, e, new String[0], counts.clone(), missing);
  }

  /**
   * A categorical profile.
   *
   * @param categories the distinct categories (any order; kept sorted)
   * @param counts reference rows per category, aligned with {@code categories}
   * @param other reference rows with a category not in the list
   * @param missing reference rows where the value is missing
   * @throws IllegalArgumentException for duplicate categories or counts that do not fit
   */
  public static FeatureProfile categorical(String name, List<String> categories, long[] counts, long other, long missing) {
    if (counts.length != categories.size()) {
      throw new IllegalArgumentException(
          "profile '" + name + "': " + categories.size() + " categories need as many counts, got " + counts.length);
    }
    Integer[] order = new Integer[categories.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> categories.get(a).compareTo(categories.get(b)));
    String[] cats = new String[order.length];
    long[] c = new long[order.length + 1];
    for (int i = 0; i < order.length; i++) {
      cats[i] = Objects.requireNonNull(categories.get(order[i]));
      c[i] = counts[order[i]];
      if (i > 0 && cats[i].equals(cats[i - 1])) {
        throw new IllegalArgumentException("profile '" + name + "': duplicate category '" + cats[i] + "'");
      }
    }
    c[order.length] = other;
    return new FeatureProfile(name, Kind.CATEGORICAL, new double[0], cats, c, missing);
  }

  /** The feature's name ({@code "score"} for the score's profile). */
  public String name() {
    return name;
  }

  /** Numeric or categorical. */
  public Kind kind() {
    return kind;
  }

  /** The bin edges (numeric), as a copy; empty for a categorical profile. */
  public double[] edges() {
    return edges.clone();
  }

  /** The categories (categorical), sorted; empty for a numeric profile. */
  public List<String> categories() {
    return List.of(categories);
  }

  /** Reference rows per bin (numeric) or per category then "other" (categorical), as a copy. */
  public long[] counts() {
    return counts.clone();
  }

  /** Reference rows where the value was missing. */
  public long missing() {
    return missing;
  }

  /** All reference rows. */
  public long rows() {
    long n = missing;
    for (long c : counts) {
      n += c;
    }
    return n;
  }

  /** The number of buckets, the missing bucket included. */
  int slots() {
    return counts.length + 1;
  }

  /**
   * The bin of a present number: the index of the first edge at or above it (the number of edges
   * below it). With 8 or more edges a uniform grid of 2·edges cells over [e_1, e_k], built once,
   * narrows the search to the few edges in the value's cell; the search itself is branch-free
   * (Khuong and Morin's form: the loop count depends only on the range, the comparison compiles to
   * a conditional move). A cell whose bounds floating-point rounding puts in doubt falls back to
   * the whole range. Allocation-free.
   */
  int bin(double v) {
    double[] e = edges;
    int n = e.length;
    int[] g = grid;
    if (g == null) {
      return search(e, 0, n, v);
    }
    if (!(v > e[0])) {
      return 0;
    }
    if (v > e[n - 1]) {
      return n;
    }
    int c = (int) ((v - e[0]) * gridScale);
    if (c >= g.length - 1) {
      c = g.length - 2;
    }
    int from = g[c];
    int to = g[c + 1];
    if ((from > 0 && e[from - 1] >= v) || (to < n && e[to] < v)) {
      return search(e, 0, n, v);
    }
    return search(e, from, to, v);
  }

  /** The first index in [from, to] whose edge is at or above v, given that the answer lies there. */
  private static int search(double[] e, int from, int to, double v) {
    int len = to - from;
    if (len == 0) {
      return from;
    }
    int base = from;
    while (len > 1) {
      int half = len >>> 1;
      base = e[base + half] < v ? base + half : base;
      len -= half;
    }
    return base + (e[base] < v ? 1 : 0);
  }

  /**
   * The bucket of a present category ("other" last): a binary search over the categories' hash
   * codes (a primitive array; {@link String#hashCode()} is cached in the string), then {@code
   * equals} on the candidates with that hash. Allocation-free.
   */
  int bucket(String v) {
    int h = v.hashCode();
    int[] hs = hashes;
    int lo = 0;
    int hi = hs.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (hs[mid] < h) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    for (int i = lo; i < hs.length && hs[i] == h; i++) {
      if (byHash[i].equals(v)) {
        return bucketByHash[i];
      }
    }
    return categories.length;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof FeatureProfile p && name.equals(p.name) && kind == p.kind && missing == p.missing
        && Arrays.equals(edges, p.edges) && Arrays.equals(categories, p.categories) && Arrays.equals(counts, p.counts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, kind, missing, Arrays.hashCode(edges), Arrays.hashCode(categories), Arrays.hashCode(counts));
  }

  @Override
  public String toString() {
    return "FeatureProfile[" + name + " " + kind + ", " + (counts.length) + " buckets, " + rows() + " rows]";
  }
}
