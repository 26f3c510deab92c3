package dev.scoring.benchmarks;

import dev.scoring.api.Features;
import dev.scoring.api.Scorer;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The batch methods of our tree scorer side by side: {@code scoreBatch} of {@value #BATCH} holdout
 * rows (time per row) with the scorer loaded under each value of the {@code batch} parameter, which
 * sets the system property {@code dev.scoring.ml.trees.batch} before loading:
 *
 * <ul>
 *   <li>{@code default}: the property unset (what production runs);
 *   <li>{@code blocked}: tree-major blocks of 64 rows, eight rows' walks interleaved;
 *   <li>{@code levels}: tree-major blocks, each tree level by level over the block's rows;
 *   <li>{@code bits}: QuickScorer leaf bit vectors, feature by feature (depth at most 6; deeper
 *       models fall back to {@code blocked}).
 * </ul>
 *
 * Setup fails unless the batch equals {@code scoreValue} row by row, bit for bit. Run it in the same
 * JMH invocation as {@code TreeBenchmark}'s peers (see RESULTS.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TreeBatchBenchmark {

  static final int BATCH = 1000;

  @Param({"xgb_100x6.json", "xgb_500x8.json"})
  public String model;

  @Param({"default", "blocked", "levels", "bits"})
  public String batch;

  private Scorer scorer;
  private List<Features> rows;
  private double[] out;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    BenchData data = BenchData.holdout(BATCH);
    rows = List.of(data.rows);
    out = new double[BATCH];
    String property = "dev.scoring.ml.trees.batch";
    if (batch.equals("default")) {
      System.clearProperty(property);
    } else {
      System.setProperty(property, batch);
    }
    try {
      scorer = data.ours(model);
    } finally {
      System.clearProperty(property);
    }
    scorer.scoreBatch(rows, out);
    for (int i = 0; i < BATCH; i++) {
      double one = scorer.scoreValue(rows.get(i));
      if (Double.doubleToLongBits(one) != Double.doubleToLongBits(out[i])) {
        throw new IllegalStateException(batch + " batch differs from one row at row " + i + ": " + out[i] + " vs " + one);
      }
    }
  }

  /** {@code scoreBatch(rows, values)} over {@value #BATCH} rows; time per row. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public double[] oursBatch() {
    scorer.scoreBatch(rows, out);
    return out;
  }
}
