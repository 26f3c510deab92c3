package dev.scoring.benchmarks;

import com.microsoft.ml.lightgbm.PredictionType;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_double;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_long_long;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import com.microsoft.ml.lightgbm.lightgbmlib;
import dev.scoring.api.Features;
import dev.scoring.api.Scorer;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * LightGBM models (100 trees x depth 6 and 500 x 8, trained on the same rows, see
 * {@code bench/SOURCE.txt}): our scorer against LightGBM 4.3 native through
 * {@code io.github.metarank:lightgbm4j}, one thread, on the same holdout rows.
 *
 * <ul>
 *   <li>{@code ours} / {@code oursBatch}: {@code scoreValue} / {@code scoreBatch} of {@value #BATCH} rows (per row);
 *   <li>{@code lightgbm4j}: LightGBM's single-row fast path ({@code LGBM_BoosterPredictForMatSingleRowFastInit}
 *       once, then {@code …SingleRowFast} per row through lightgbm4j's SWIG bindings, float64 input);
 *   <li>{@code lightgbm4jSingleRow}: lightgbm4j's own {@code predictForMatSingleRow};
 *   <li>{@code lightgbm4jBatch}: {@code predictForMat} of {@value #BATCH} rows (binary probability:
 *       its output buffer of 2 values per row is enough).
 * </ul>
 *
 * Setup fails unless LightGBM's probabilities agree with ours (1e-9) on all {@code rowCount} rows.
 *
 * <p>Run: {@code mvn -B -q -o -pl scoring-benchmarks -am package -DskipTests && java -jar
 * scoring-benchmarks/target/benchmarks.jar LightGbmBenchmark -f 1 -wi 3 -w 1 -i 5 -r 1 -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LightGbmBenchmark {

  static final int BATCH = 1000;

  /** The LightGBM text model under {@code bench/}. */
  @Param({"lgb_100x6.txt", "lgb_500x8.txt"})
  public String model;

  /** How many holdout rows the one-row benchmarks cycle through (a power of two, at least {@value #BATCH}). */
  @Param({"1024"})
  public int rowCount;

  private Scorer scorer;
  private Features[] rows;
  private List<Features> batch;
  private double[] out;
  private int next;

  private LGBMBooster booster;
  private double[][] doubles;
  private float[] batchMatrix;
  private SWIGTYPE_p_p_void fastConfig;
  private SWIGTYPE_p_void fastHandle;
  private SWIGTYPE_p_long_long outLength;
  private SWIGTYPE_p_double outValue;

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) throws IOException, ReflectiveOperationException, LGBMException {
    if (Integer.bitCount(rowCount) != 1 || rowCount < BATCH) {
      throw new IllegalArgumentException("rowCount must be a power of two >= " + BATCH + ": " + rowCount);
    }
    BenchData data = BenchData.holdout(rowCount);
    rows = data.rows;
    batch = List.of(rows).subList(0, BATCH);
    out = new double[BATCH];
    scorer = data.ours(model);
    double[] ours = new double[rowCount];
    for (int i = 0; i < rowCount; i++) {
      ours[i] = scorer.scoreValue(rows[i]);
    }
    if (!BenchData.method(params).startsWith("lightgbm4j")) {
      return;
    }
    booster = LGBMBooster.loadModelFromString(new String(BenchData.bytes("bench/" + model), StandardCharsets.UTF_8));
    doubles = new double[rowCount][BenchData.COLS];
    for (int i = 0; i < rowCount; i++) {
      for (int k = 0; k < BenchData.COLS; k++) {
        doubles[i][k] = data.floats[i][k];
      }
    }
    batchMatrix = data.matrix(BATCH);
    // the single-row fast path: a FastConfig bound to the booster's native handle
    java.lang.reflect.Field h = LGBMBooster.class.getDeclaredField("handle");
    h.setAccessible(true);
    SWIGTYPE_p_void boosterHandle = lightgbmlib.voidpp_value((SWIGTYPE_p_p_void) h.get(booster));
    fastConfig = lightgbmlib.new_voidpp();
    check(lightgbmlib.LGBM_BoosterPredictForMatSingleRowFastInit(boosterHandle, lightgbmlib.C_API_PREDICT_NORMAL, 0, -1,
        lightgbmlib.C_API_DTYPE_FLOAT64, BenchData.COLS, "num_threads=1", fastConfig));
    fastHandle = lightgbmlib.voidpp_value(fastConfig);
    outLength = lightgbmlib.new_int64_tp();
    outValue = lightgbmlib.new_doubleArray(2);

    double[] fast = new double[rowCount];
    double[] single = new double[rowCount];
    for (int i = 0; i < rowCount; i++) {
      fast[i] = fastPredict(doubles[i]);
      single[i] = booster.predictForMatSingleRow(doubles[i], PredictionType.C_API_PREDICT_NORMAL);
    }
    double[] mat = booster.predictForMat(data.matrix(rowCount), rowCount, BenchData.COLS, true, PredictionType.C_API_PREDICT_NORMAL);
    BenchData.requireAgreement("lightgbm4j (single-row fast path)", model, ours, fast, 1e-9);
    BenchData.requireAgreement("lightgbm4j (predictForMatSingleRow)", model, ours, single, 1e-9);
    BenchData.requireAgreement("lightgbm4j (predictForMat)", model, ours, java.util.Arrays.copyOf(mat, rowCount), 1e-9);
  }

  private static void check(int rc) {
    if (rc != 0) {
      throw new IllegalStateException("LightGBM call failed: " + lightgbmlib.LGBM_GetLastError());
    }
  }

  private double fastPredict(double[] row) {
    check(lightgbmlib.LGBM_BoosterPredictForMatSingleRowFastCriticalSWIG(row, fastHandle, outLength, outValue));
    return lightgbmlib.doubleArray_getitem(outValue, 0);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws LGBMException {
    if (booster != null) {
      lightgbmlib.LGBM_FastConfigFree(fastHandle);
      lightgbmlib.delete_voidpp(fastConfig);
      lightgbmlib.delete_doubleArray(outValue);
      lightgbmlib.delete_int64_tp(outLength);
      booster.close();
    }
  }

  private int nextIndex() {
    return next++ & (rowCount - 1);
  }

  /** One row: {@code scoreValue}. */
  @Benchmark
  public double ours() {
    return scorer.scoreValue(rows[nextIndex()]);
  }

  /** A batch of {@value #BATCH} rows through {@code scoreBatch(rows, values)}; time per row. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public double[] oursBatch() {
    scorer.scoreBatch(batch, out);
    return out;
  }

  /** LightGBM's single-row fast path (FastConfig prepared once). */
  @Benchmark
  public double lightgbm4j() {
    return fastPredict(doubles[nextIndex()]);
  }

  /** lightgbm4j's {@code predictForMatSingleRow} (no FastConfig). */
  @Benchmark
  public double lightgbm4jSingleRow() throws LGBMException {
    return booster.predictForMatSingleRow(doubles[nextIndex()], PredictionType.C_API_PREDICT_NORMAL);
  }

  /** lightgbm4j's {@code predictForMat} on {@value #BATCH} rows; time per row. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public double[] lightgbm4jBatch() throws LGBMException {
    return booster.predictForMat(batchMatrix, BATCH, BenchData.COLS, true, PredictionType.C_API_PREDICT_NORMAL);
  }
}
