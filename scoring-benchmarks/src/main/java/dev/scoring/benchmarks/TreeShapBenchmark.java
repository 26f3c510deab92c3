package dev.scoring.benchmarks;

import dev.scoring.api.Contribution;
import dev.scoring.api.Explanation;
import dev.scoring.api.Features;
import dev.scoring.api.Scorer;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Exact TreeSHAP contributions on the XGBoost bench models: our {@code Scorer.explain} against
 * XGBoost4J {@code predictContrib} ({@code nthread=1}, the {@code DMatrix} built for the call),
 * one row and a batch of {@value #BATCH} rows (ours: {@code explain} per row; XGBoost4J: one
 * {@code DMatrix}), reported per row; and the batch on every core ({@code explainBatch} on the
 * common pool against XGBoost4J with {@code nthread} = the processors). Setup fails unless every row's 30 contributions and bias
 * agree within 1e-4 (XGBoost sums in float32) on all {@code rowCount} rows.
 *
 * <p>Run: {@code mvn -B -q -o -pl scoring-benchmarks -am package -DskipTests && java -jar
 * scoring-benchmarks/target/benchmarks.jar TreeShapBenchmark -f 1 -wi 3 -w 1 -i 5 -r 1 -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TreeShapBenchmark {

  static final int BATCH = 1000;

  /** The XGBoost model under {@code bench/}. */
  @Param({"xgb_100x6.json", "xgb_500x8.json"})
  public String model;

  /** How many holdout rows the one-row benchmarks cycle through (a power of two, at least {@value #BATCH}). */
  @Param({"1024"})
  public int rowCount;

  private BenchData data;
  private Scorer scorer;
  private Booster booster;
  private Booster parallelBooster;
  private java.util.List<Features> batchRows;
  private float[] batchMatrix;
  private int next;

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) throws IOException, XGBoostError {
    if (Integer.bitCount(rowCount) != 1 || rowCount < BATCH) {
      throw new IllegalArgumentException("rowCount must be a power of two >= " + BATCH + ": " + rowCount);
    }
    data = BenchData.holdout(rowCount);
    batchMatrix = data.matrix(BATCH);
    scorer = data.ours(model);
    booster = XGBoost.loadModel(BenchData.bytes("bench/" + model));
    booster.setParam("nthread", "1");
    parallelBooster = XGBoost.loadModel(BenchData.bytes("bench/" + model));
    parallelBooster.setParam("nthread", Integer.toString(Runtime.getRuntime().availableProcessors()));
    batchRows = java.util.List.of(data.rows).subList(0, BATCH);
    DMatrix all = new DMatrix(data.matrix(rowCount), rowCount, BenchData.COLS, Float.NaN);
    float[][] contrib = booster.predictContrib(all, 0);
    all.dispose();
    double[] ours = new double[rowCount * (BenchData.COLS + 1)];
    double[] theirs = new double[ours.length];
    for (int i = 0; i < rowCount; i++) {
      Explanation e = scorer.explain(data.rows[i]);
      int base = i * (BenchData.COLS + 1);
      for (Contribution c : e.contributions()) {
        ours[base + data.schema.names().indexOf(c.feature())] += c.weight();
      }
      ours[base + BenchData.COLS] = e.bias();
      for (int k = 0; k <= BenchData.COLS; k++) {
        theirs[base + k] = contrib[i][k];
      }
    }
    BenchData.requireAgreement("XGBoost4J predictContrib (value index = row x 31 + feature, 30 = bias)", model, ours, theirs, 1e-4);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    booster.dispose();
    parallelBooster.dispose();
  }

  /** Our TreeSHAP of one row ({@code explain}). */
  @Benchmark
  public Explanation ours() {
    return scorer.explain(data.rows[next++ & (rowCount - 1)]);
  }

  /** Our TreeSHAP of {@value #BATCH} rows, {@code explain} per row; time per row. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Explanation oursBatch() {
    Explanation last = null;
    for (int i = 0; i < BATCH; i++) {
      last = scorer.explain(data.rows[i]);
    }
    return last;
  }

  /** Our TreeSHAP of {@value #BATCH} rows, {@code explainBatch} on the common pool (every core); time per row. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public java.util.List<Explanation> oursBatchParallel() {
    return scorer.explainBatch(batchRows, java.util.concurrent.ForkJoinPool.commonPool());
  }

  /** XGBoost4J {@code predictContrib} of a {@code DMatrix} of {@value #BATCH} rows, {@code nthread} = processors; time per row. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public float[][] xgboost4jBatchParallel() throws XGBoostError {
    DMatrix d = new DMatrix(batchMatrix, BATCH, BenchData.COLS, Float.NaN);
    try {
      return parallelBooster.predictContrib(d, 0);
    } finally {
      d.dispose();
    }
  }

  /** XGBoost4J {@code predictContrib} of one row, {@code DMatrix} built for the call. */
  @Benchmark
  public float[][] xgboost4j() throws XGBoostError {
    DMatrix d = new DMatrix(data.floats[next++ & (rowCount - 1)], 1, BenchData.COLS, Float.NaN);
    try {
      return booster.predictContrib(d, 0);
    } finally {
      d.dispose();
    }
  }

  /** XGBoost4J {@code predictContrib} of a {@code DMatrix} of {@value #BATCH} rows; time per row. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public float[][] xgboost4jBatch() throws XGBoostError {
    DMatrix d = new DMatrix(batchMatrix, BATCH, BenchData.COLS, Float.NaN);
    try {
      return booster.predictContrib(d, 0);
    } finally {
      d.dispose();
    }
  }
}
