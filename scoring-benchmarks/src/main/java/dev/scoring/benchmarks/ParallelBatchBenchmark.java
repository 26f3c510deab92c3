package dev.scoring.benchmarks;

import dev.scoring.api.Features;
import dev.scoring.api.Scorer;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * Batch tree scoring on more than one core: {@value #BATCH} holdout rows scored by
 * {@code scoreBatch} in one thread ({@code oneThread}), in each of two threads at once
 * ({@code twoThreads}, JMH {@code @Threads(2)}: the time per row in each thread; scaling is
 * {@code 2 x oneThread / twoThreads}), and split by {@code scoreBatch(rows, values, executor)} on
 * the common pool ({@code executor}: wall time per row of one call). Time per row.
 *
 * <p>Run: {@code java -jar scoring-benchmarks/target/benchmarks.jar ParallelBatchBenchmark -f 1 -wi 3 -w 1 -i 5 -r 1 -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ParallelBatchBenchmark {

  static final int BATCH = 4096;

  /** The tree model under {@code bench/}. */
  @Param({"xgb_100x6.json", "xgb_500x8.json"})
  public String model;

  private Scorer scorer;
  private List<Features> rows;

  /** Each thread's output slots. */
  @State(Scope.Thread)
  public static class Out {
    final double[] values = new double[BATCH];
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    BenchData data = BenchData.holdout(BATCH);
    scorer = data.ours(model);
    rows = List.of(data.rows).subList(0, BATCH);
    double[] one = new double[BATCH];
    double[] split = new double[BATCH];
    scorer.scoreBatch(rows, one);
    scorer.scoreBatch(rows, split, ForkJoinPool.commonPool());
    for (int i = 0; i < BATCH; i++) {
      if (one[i] != split[i] || one[i] != scorer.scoreValue(rows.get(i))) {
        throw new IllegalStateException("row " + i + ": the split batch, the batch and one row disagree");
      }
    }
  }

  /** {@code scoreBatch} of {@value #BATCH} rows in one thread. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public double[] oneThread(Out out) {
    scorer.scoreBatch(rows, out.values);
    return out.values;
  }

  /** The same in each of two threads at once. */
  @Benchmark
  @Threads(2)
  @OperationsPerInvocation(BATCH)
  public double[] twoThreads(Out out) {
    scorer.scoreBatch(rows, out.values);
    return out.values;
  }

  /** One {@code scoreBatch} of {@value #BATCH} rows split across the common pool and the calling thread. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public double[] executor(Out out) {
    scorer.scoreBatch(rows, out.values, ForkJoinPool.commonPool());
    return out.values;
  }
}
