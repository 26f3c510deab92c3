package dev.scoring.benchmarks;

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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Model loading: the XGBoost JSON model's bytes (already in memory) to a ready scorer, ours
 * ({@code Scorers.load}, parsing, schema binding and flattening the trees) against XGBoost4J
 * ({@code XGBoost.loadModel(byte[])}). Setup loads both once and fails unless their probabilities
 * agree (1e-6) on {@code rowCount} holdout rows. Time per load in microseconds.
 *
 * <p>Run: {@code mvn -B -q -o -pl scoring-benchmarks -am package -DskipTests && java -jar
 * scoring-benchmarks/target/benchmarks.jar LoadBenchmark -f 1 -wi 3 -w 1 -i 5 -r 1 -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LoadBenchmark {

  /** The XGBoost JSON model under {@code bench/}. */
  @Param({"xgb_500x8.json"})
  public String model;

  /** Holdout rows on which setup checks that both loaded models agree. */
  @Param({"1000"})
  public int rowCount;

  private BenchData data;
  private byte[] bytes;
  private Booster last;

  @Setup(Level.Trial)
  public void setUp() throws IOException, XGBoostError {
    data = BenchData.holdout(rowCount);
    bytes = BenchData.bytes("bench/" + model);
    Scorer scorer = ours();
    Booster booster = XGBoost.loadModel(bytes);
    booster.setParam("nthread", "1");
    DMatrix all = new DMatrix(data.matrix(rowCount), rowCount, BenchData.COLS, Float.NaN);
    float[][] p = booster.predict(all);
    all.dispose();
    booster.dispose();
    double[] ours = new double[rowCount];
    double[] theirs = new double[rowCount];
    for (int i = 0; i < rowCount; i++) {
      ours[i] = scorer.scoreValue(data.rows[i]);
      theirs[i] = p[i][0];
    }
    BenchData.requireAgreement("XGBoost4J", model, ours, theirs, 1e-6);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (last != null) {
      last.dispose();
    }
  }

  /** Our scorer from the JSON bytes. */
  @Benchmark
  public Scorer ours() {
    return data.ours(model, bytes);
  }

  /** XGBoost4J's booster from the same bytes (the previous one is disposed in the call, so native memory stays flat). */
  @Benchmark
  public Booster xgboost4j() throws XGBoostError, IOException {
    Booster b = XGBoost.loadModel(bytes);
    if (last != null) {
      last.dispose();
    }
    last = b;
    return b;
  }
}
