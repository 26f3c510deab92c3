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

  /** Deduplicates {@code table}. */
  public Result run(List<MatchRecord> table) {
    List<Prepared> prepared = table.parallelStream().map(matcher::prepare).toList();
    CandidatePairs pairs = blocking.pairs(table);
    double[] p = new double[pairs.size()];
    IntStream.range(0, pairs.size()).parallel().forEach(k ->
        p[k] = Matcher.sigmoid(matcher.margin(prepared.get(pairs.left(k)), prepared.get(pairs.right(k)))));
    int[] entities = clustering.cluster(table.size(), pairs, p);
    return new Result(pairs, p, entities);
  }
}
