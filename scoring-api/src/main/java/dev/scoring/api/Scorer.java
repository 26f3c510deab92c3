package dev.scoring.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Turns one record into a {@link Score}: a rule set, a model, or anything a plugin supplies.
 *
 * <p>A scorer is bound to a {@link FeatureSchema} when it is built (by a
 * {@link dev.scoring.api.ScorerProvider}) and is immutable and thread-safe from then on: any
 * number of threads may call it at once. Rows must be bound to an equal schema; scorers check it
 * cheaply (by identity, then equality) and throw {@link RecordException} with
 * {@link RecordException.Problem#SCHEMA_MISMATCH} otherwise.
 *
 * <p>Failures: a bad record throws {@link RecordException}; a scorer never returns a made-up
 * score for a record it cannot score. Scorers that hold native resources release them in
 * {@link #close()}, which is idempotent; scoring after close throws {@link IllegalStateException}.
 */
public interface Scorer extends AutoCloseable {

  /** Which scorer and model this is; the same object is attached to every score. */
  Provenance provenance();

  /** The schema this scorer is bound to. */
  FeatureSchema schema();

  /**
   * The kind of every score this scorer gives, when it is fixed at bind time (a logistic model's
   * probability, a scorecard's points); empty (the default) when it is not known before scoring.
   * A {@code DecisionPipeline} checks it against its guardrail bands when it is built.
   */
  default java.util.Optional<ScoreKind> kind() {
    return java.util.Optional.empty();
  }

  /**
   * Scores one record.
   *
   * @throws RecordException if the record cannot be scored
   */
  Score score(Features row);

  /**
   * The score's {@link Score#value()} alone, without building a {@link Score}: the allocation-free
   * path for hot loops. The default calls {@link #score(Features)}.
   *
   * @throws RecordException if the record cannot be scored
   */
  default double scoreValue(Features row) {
    return score(row).value();
  }

  /**
   * Scores many records; the default scores them one by one.
   *
   * @throws RecordException for the first record that cannot be scored
   */
  default List<Score> scoreBatch(List<? extends Features> rows) {
    List<Score> scores = new ArrayList<>(rows.size());
    for (Features row : rows) {
      scores.add(score(row));
    }
    return scores;
  }

  /**
   * Writes each record's {@link Score#value()} into {@code values}, which must be at least as
   * long as {@code rows}; scorers with a faster batch path (interleaved tree traversal, one
   * tensor per batch) override it.
   *
   * @throws RecordException for the first record that cannot be scored
   * @throws IllegalArgumentException if {@code values} is too short
   */
  default void scoreBatch(List<? extends Features> rows, double[] values) {
    if (values.length < rows.size()) {
      throw new IllegalArgumentException(values.length + " slots for " + rows.size() + " rows");
    }
    for (int i = 0, n = rows.size(); i < n; i++) {
      values[i] = scoreValue(rows.get(i));
    }
  }

  /**
   * {@link #scoreBatch(List, double[])} split across {@code executor}: with at least 2 x
   * {@value #PARALLEL_CHUNK} rows, the rows are cut into contiguous chunks (at most one per available
   * processor, each of at least {@value #PARALLEL_CHUNK} rows), all but the first scored as tasks on
   * {@code executor} and the first in the calling thread, which waits for every chunk; fewer rows are
   * scored in the calling thread alone. The values equal the one-thread call's. Pass
   * {@link java.util.concurrent.ForkJoinPool#commonPool()} or a pool of your own; an executor that
   * runs tasks in the caller ({@code Runnable::run}) scores the chunks one after another.
   *
   * @throws RecordException for the first record of the first chunk that cannot be scored (every
   *     chunk stops at its first bad record; {@code values} is then unspecified)
   * @throws IllegalArgumentException if {@code values} is too short
   */
  default void scoreBatch(List<? extends Features> rows, double[] values, Executor executor) {
    int n = rows.size();
    if (values.length < n) {
      throw new IllegalArgumentException(values.length + " slots for " + n + " rows");
    }
    Chunks.run(n, PARALLEL_CHUNK, executor, (from, to) -> {
      if (from == 0 && to == n) {
        scoreBatch(rows, values);
        return;
      }
      double[] chunk = new double[to - from];
      scoreBatch(rows.subList(from, to), chunk);
      System.arraycopy(chunk, 0, values, from, chunk.length);
    });
  }

  /** The fewest rows {@link #scoreBatch(List, double[], Executor)} gives one task: {@value}. */
  int PARALLEL_CHUNK = 256;

  /**
   * {@link #explain(Features)} for every record, in order, split across {@code executor} as
   * {@link #scoreBatch(List, double[], Executor)} splits rows (chunks of at least
   * {@value #PARALLEL_EXPLAIN_CHUNK} records; the calling thread explains the first and waits for
   * all). Explanations are independent, so the result equals explaining the records one by one.
   *
   * @throws RecordException for the first record of the first chunk that cannot be explained
   */
  default List<Explanation> explainBatch(List<? extends Features> rows, Executor executor) {
    Explanation[] out = new Explanation[rows.size()];
    Chunks.run(out.length, PARALLEL_EXPLAIN_CHUNK, executor, (from, to) -> {
      for (int i = from; i < to; i++) {
        out[i] = explain(rows.get(i));
      }
    });
    return List.of(out);
  }

  /** The fewest records {@link #explainBatch(List, Executor)} gives one task: {@value}. */
  int PARALLEL_EXPLAIN_CHUNK = 4;

  /**
   * Explains the score of one record: contributions that sum (with the bias) to the score's
   * margin, fired rules, and reason codes. May cost far more than {@link #score(Features)}.
   *
   * @throws RecordException if the record cannot be scored
   */
  Explanation explain(Features row);

  /** Releases native resources, if any; idempotent. The default does nothing. */
  @Override
  default void close() {}
}
