package dev.scoring.ml.matching;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Whole-table deduplication: normalise every record once, propose candidate pairs by
 * {@link Blocking}, score them with a {@link Matcher} (in parallel on the common fork-join pool),
 * and cluster the matches into entities with {@link Clustering}. Immutable and thread-safe.
 *
 * @param matcher the matcher (fit its token weights on the table first: {@link Matcher#withTokenWeights(java.util.Collection)})
 * @param blocking the blocking rules
 * @param clustering the clustering threshold and guards
 */
public record Deduplicator(Matcher matcher, Blocking blocking, Clustering clustering) {

  /**
   * The outcome of a dedup run.
   *
   * @param pairs the candidate pairs blocking proposed (positions in the table)
   * @param probabilities each pair's match probability, aligned with {@code pairs}
   * @param entities each record's entity: the smallest position in its cluster
   */
  public record Result(CandidatePairs pairs, double[] probabilities, int[] entities) {
    /** The number of distinct entities. */
    public int entityCount() {
      return Clustering.entities(entities);
    }
  }

  /** How many pairs are scored between two progress reports. */
  static final int PROGRESS_EVERY = 1 << 16;

  /** Hears how far pair scoring has got, on the thread that called {@link #run(List, Progress)}. */
  @FunctionalInterface
  public interface Progress {
    /** {@code scored} of the {@code total} candidate pairs have been scored. */
    void pairsScored(long scored, long total);
  }

  /** Deduplicates {@code table}. */
  public Result run(List<MatchRecord> table) {
    return run(table, (scored, total) -> {});
  }

  /** Deduplicates {@code table}, reporting after every 65,536 pairs scored and after the last. */
  public Result run(List<MatchRecord> table, Progress progress) {
    List<Prepared> prepared = table.parallelStream().map(matcher::prepare).toList();
    CandidatePairs pairs = blocking.pairs(table);
    int n = pairs.size();
    double[] p = new double[n];
    for (int from = 0; from < n; from += PROGRESS_EVERY) {
      int to = Math.min(n, from + PROGRESS_EVERY);
      IntStream.range(from, to).parallel().forEach(k ->
          p[k] = Matcher.sigmoid(matcher.margin(prepared.get(pairs.left(k)), prepared.get(pairs.right(k)))));
      progress.pairsScored(to, n);
    }
    int[] entities = clustering.cluster(table.size(), pairs, p);
    return new Result(pairs, p, entities);
  }
}
