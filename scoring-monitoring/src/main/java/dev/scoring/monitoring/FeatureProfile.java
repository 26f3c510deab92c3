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
  /** The O(1) bin lookup of a numeric profile. */
  final BinTable table;
  /** Open addressing over the categories: per slot, the category's bucket + 1 (0 = empty). */
  private final int[] slotBucket;
  private final int[] slotHash;
  private final @Nullable String[] slotCategory;
  private final int slotMask;
  /** Whether every category has its own slot (no probing). */
  private final boolean direct;

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
    this.table = BinTable.of(edges);
    // the smallest power-of-two table of 8 to 32 slots per category where no two categories share
    // a slot: then a lookup is one slot and one equals, without a probe loop. Past that size (many
    // categories make a collision-free table grow with their square) it probes, at most half full.
    int size = Integer.highestOneBit(Math.max(1, categories.length) * 4) * 2;
    int limit = Integer.highestOneBit(Math.max(1, categories.length)) * 32;
    boolean direct = false;
    for (; size <= limit; size <<= 1) {
      if (collisionFree(categories, size - 1)) {
        direct = true;
        break;
      }
    }
    if (!direct) {
      size = Integer.highestOneBit(Math.max(1, categories.length) * 2) * 2;
    }
    this.direct = direct;
    this.slotBucket = new int[size];
    this.slotHash = new int[size];
    this.slotCategory = new String[size];
    this.slotMask = size - 1;
    for (int i = 0; i < categories.length; i++) {
      int h = categories[i].hashCode();
      int s = spread(h) & slotMask;
      while (slotBucket[s] != 0) {
        s = (s + 1) & slotMask;
      }
      slotBucket[s] = i + 1;
      slotHash[s] = h;
      slotCategory[s] = categories[i];
    }
  }

  private static boolean collisionFree(String[] categories, int mask) {
    boolean[] used = new boolean[mask + 1];
    for (String c : categories) {
      int s = spread(c.hashCode()) & mask;
      if (used[s]) {
        return false;
      }
      used[s] = true;
    }
    return true;
  }

  private static int spread(int h) {
    return (h ^ (h >>> 16)) * 0x9E3779B1 >>> 7;
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
   * The bin of a present number: the number of edges below it, by {@link BinTable} (a uniform
   * grid cell, then a fixed number of branch-free steps). Allocation-free.
   */
  int bin(double v) {
    return table.bin(v);
  }

  /**
   * The bucket of a present category ("other" last): a hash table over the categories' hash
   * codes ({@link String#hashCode()} is cached in the string), then {@code equals} on a slot with
   * the same hash. The table is sized so that each category has a slot of its own when possible
   * (one slot, one {@code equals}, no loop); otherwise it probes linearly, at most half full.
   * Allocation-free.
   */
  int bucket(String v) {
    int h = v.hashCode();
    int s = spread(h) & slotMask;
    if (direct) {
      return slotHash[s] == h && v.equals(slotCategory[s]) ? slotBucket[s] - 1 : categories.length;
    }
    int b;
    while ((b = slotBucket[s]) != 0) {
      if (slotHash[s] == h && v.equals(slotCategory[s])) {
        return b - 1;
      }
      s = (s + 1) & slotMask;
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
