package dev.scoring.benchmarks;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import dev.scoring.api.Features;
import dev.scoring.api.Scorer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
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
 * XGBoost trees (100 trees x depth 6 and 500 x 8, 30 features) on the holdout rows of
 * {@code lead_50k.csv.gz}, taken in turn: our scorer from {@code scoring-ml} against XGBoost4J
 * (native, {@code nthread=1}) and ONNX Runtime on the TreeEnsemble conversion of the same trees
 * ({@code xgb_*.onnx}, one intra-op thread). One row, and a batch of {@value #BATCH} rows reported
 * per row ({@code …Batch}).
 *
 * <ul>
 *   <li>{@code ours}: {@code scoreValue} (the allocation-free path); {@code oursBatch}:
 *       {@code scoreBatch(rows, values)};
 *   <li>{@code xgboost4j}: one row with the {@code DMatrix} built for the call (what a host app
 *       scoring one record must do); {@code xgboost4jPrebuilt}: from prebuilt {@code DMatrix}es
 *       ({@code rowCount} of them in turn, more than XGBoost's prediction cache holds);
 *       {@code xgboost4jBatch}: a {@code DMatrix} of {@value #BATCH} rows built per call;
 *   <li>{@code ort}: one {@code float[1,30]} tensor per call over a reused direct buffer;
 *       {@code ortBatch}: one {@code float[1000,30]} tensor.
 * </ul>
 *
 * A trial loads our scorer and the one peer it times; its setup fails unless that peer's
 * probabilities agree with ours on all {@code rowCount} rows (XGBoost4J 1e-6, ORT 1e-5: its
 * thresholds are float32). {@code ai.h2o:xgboost-predictor} is not here: it reads only XGBoost's
 * legacy binary format, which XGBoost 3.x can no longer write (see README).
 *
 * <p>Run: {@code mvn -B -q -o -pl scoring-benchmarks -am package -DskipTests && java -jar
 * scoring-benchmarks/target/benchmarks.jar TreeBenchmark -f 1 -wi 3 -w 1 -i 5 -r 1 -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TreeBenchmark {

  static final int BATCH = 1000;

  /** The XGBoost model under {@code bench/}; ORT reads the {@code .onnx} of the same name. */
  @Param({"xgb_100x6.json", "xgb_500x8.json"})
  public String model;

  /** How many holdout rows the one-row benchmarks cycle through (a power of two, at least {@value #BATCH}). */
  @Param({"1024"})
  public int rowCount;

  private BenchData data;
  private Scorer scorer;
  private Features[] rows;
  private List<Features> batch;
  private double[] out;
  private int next;

  private Booster booster;
  private DMatrix[] prebuilt;
  private float[] batchMatrix;

  private OrtEnvironment env;
  private OrtSession.SessionOptions ortOptions;
  private OrtSession session;
  private ByteBuffer oneBuffer;
  private ByteBuffer batchBuffer;
  private String ortInput;

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) throws IOException, XGBoostError, OrtException {
    if (Integer.bitCount(rowCount) != 1 || rowCount < BATCH) {
      throw new IllegalArgumentException("rowCount must be a power of two >= " + BATCH + ": " + rowCount);
    }
    data = BenchData.holdout(rowCount);
    rows = data.rows;
    batch = List.of(rows).subList(0, BATCH);
    out = new double[BATCH];
    batchMatrix = data.matrix(BATCH);
    scorer = data.ours(model);
    double[] ours = new double[rowCount];
    for (int i = 0; i < rowCount; i++) {
      ours[i] = scorer.scoreValue(rows[i]);
    }
    String method = BenchData.method(params);
    if (method.startsWith("xgboost4j")) {
      booster = XGBoost.loadModel(BenchData.bytes("bench/" + model));
      booster.setParam("nthread", "1");
      DMatrix all = new DMatrix(data.matrix(rowCount), rowCount, BenchData.COLS, Float.NaN);
      float[][] p = booster.predict(all);
      all.dispose();
      double[] theirs = new double[rowCount];
      for (int i = 0; i < rowCount; i++) {
        theirs[i] = p[i][0];
      }
      BenchData.requireAgreement("XGBoost4J", model, ours, theirs, 1e-6);
      if (method.equals("xgboost4jPrebuilt")) {
        prebuilt = new DMatrix[rowCount];
        for (int i = 0; i < rowCount; i++) {
          prebuilt[i] = new DMatrix(data.floats[i], 1, BenchData.COLS, Float.NaN);
        }
      }
    } else if (method.startsWith("ort")) {
      env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
      ortOptions = new OrtSession.SessionOptions();
      ortOptions.setIntraOpNumThreads(1);
      ortOptions.setInterOpNumThreads(1);
      session = env.createSession(BenchData.bytes("bench/" + model.replace(".json", ".onnx")), ortOptions);
      ortInput = session.getInputNames().iterator().next();
      oneBuffer = ByteBuffer.allocateDirect(BenchData.COLS * 4).order(ByteOrder.nativeOrder());
      ByteBuffer all = ByteBuffer.allocateDirect(rowCount * BenchData.COLS * 4).order(ByteOrder.nativeOrder());
      all.asFloatBuffer().put(data.matrix(rowCount));
      double[] theirs = new double[rowCount];
      try (OnnxTensor x = OnnxTensor.createTensor(env, all, new long[] {rowCount, BenchData.COLS}, OnnxJavaType.FLOAT);
          OrtSession.Result r = session.run(Map.of(ortInput, x))) {
        FloatBuffer prob = probabilities(r);
        for (int i = 0; i < rowCount; i++) {
          theirs[i] = prob.get(2 * i + 1);
        }
      }
      BenchData.requireAgreement("ONNX Runtime", model, ours, theirs, 1e-5);
      batchBuffer = ByteBuffer.allocateDirect(BATCH * BenchData.COLS * 4).order(ByteOrder.nativeOrder());
      batchBuffer.asFloatBuffer().put(batchMatrix);
    }
  }

  /** The TreeEnsembleClassifier's second output, {@code probabilities} float[N,2]. */
  private static FloatBuffer probabilities(OrtSession.Result r) {
    if (!(r.get(1) instanceof OnnxTensor t)) {
      throw new IllegalStateException("expected a probabilities tensor as the second ONNX output, found " + r.get(1));
    }
    return t.getFloatBuffer();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws OrtException {
    if (prebuilt != null) {
      for (DMatrix d : prebuilt) {
        d.dispose();
      }
    }
    if (booster != null) {
      booster.dispose();
    }
    if (session != null) {
      session.close();
      ortOptions.close();
    }
  }

  private int nextIndex() {
    return next++ & (rowCount - 1);
  }

  /** One row: {@code scoreValue} (the allocation-free path). */
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

  /** XGBoost4J, one row, with the {@code DMatrix} built for the call. */
  @Benchmark
  public float[][] xgboost4j() throws XGBoostError {
    DMatrix d = new DMatrix(data.floats[nextIndex()], 1, BenchData.COLS, Float.NaN);
    try {
      return booster.predict(d);
    } finally {
      d.dispose();
    }
  }

  /** XGBoost4J, one row from a prebuilt {@code DMatrix}. */
  @Benchmark
  public float[][] xgboost4jPrebuilt() throws XGBoostError {
    return booster.predict(prebuilt[nextIndex()]);
  }

  /**
   * XGBoost4J, a {@code DMatrix} of {@value #BATCH} rows built for the call; time per row.
   * (Predicting the same {@code DMatrix} again would be served from XGBoost's prediction cache.)
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public float[][] xgboost4jBatch() throws XGBoostError {
    DMatrix d = new DMatrix(batchMatrix, BATCH, BenchData.COLS, Float.NaN);
    try {
      return booster.predict(d);
    } finally {
      d.dispose();
    }
  }

  /** ONNX Runtime, one row: copy the record into a reused direct buffer, run, read the probability. */
  @Benchmark
  public float ort() throws OrtException {
    oneBuffer.clear().asFloatBuffer().put(data.floats[nextIndex()]);
    return run(oneBuffer, 1);
  }

  /** ONNX Runtime, one tensor of {@value #BATCH} rows (prepared once); time per row. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public float ortBatch() throws OrtException {
    return run(batchBuffer, BATCH);
  }

  private float run(ByteBuffer buffer, int n) throws OrtException {
    try (OnnxTensor x = OnnxTensor.createTensor(env, buffer, new long[] {n, BenchData.COLS}, OnnxJavaType.FLOAT);
        OrtSession.Result r = session.run(Map.of(ortInput, x))) {
      return probabilities(r).get(2 * n - 1);
    }
  }
}
