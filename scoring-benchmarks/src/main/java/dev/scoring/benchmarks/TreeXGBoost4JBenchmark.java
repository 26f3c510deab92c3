package dev.scoring.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
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

/**
 * The peer of {@link TreeBenchmark}: XGBoost4J (native) on the same XGBoost models and holdout
 * rows, one thread. One row is predicted from a {@code DMatrix} built per call (what a host app
 * scoring one record does) or prebuilt (1,024 of them in turn, more than XGBoost's prediction
 * cache holds); a batch is one {@code DMatrix} of {@value #BATCH} rows built per call.
 *
 * <p>Run: {@code mvn -B -q -o -pl scoring-benchmarks -am package -DskipTests && java -jar
 * scoring-benchmarks/target/benchmarks.jar TreeXGBoost4JBenchmark -f 1 -wi 3 -w 1 -i 5 -r 1 -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TreeXGBoost4JBenchmark {

  static final int BATCH = 1000;
  static final int COLS = 30;

  /** The XGBoost model file under {@code bench/}. */
  @Param({"xgb_100x6.json", "xgb_500x8.json"})
  public String model;

  /** How many holdout rows the one-row benchmarks cycle through (a power of two). */
  @Param({"1024"})
  public int rowCount;

  private Booster booster;
  private float[][] rows;
  private DMatrix[] prebuilt;
  private float[] batchRows;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws IOException, XGBoostError {
    List<float[]> table = new ArrayList<>();
    try (InputStream in = TreeXGBoost4JBenchmark.class.getClassLoader().getResourceAsStream("bench/lead_50k.csv.gz");
        BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
      r.readLine();
      int line = 0;
      for (String s; (s = r.readLine()) != null; line++) {
        if (line < 40_000) {
          continue;
        }
        String[] p = s.split(",", -1);
        float[] v = new float[COLS];
        for (int i = 0; i < COLS; i++) {
          v[i] = p[i].isEmpty() ? Float.NaN : Float.parseFloat(p[i]);
        }
        table.add(v);
      }
    }
    rows = new float[rowCount][];
    prebuilt = new DMatrix[rowCount];
    for (int i = 0; i < rowCount; i++) {
      rows[i] = table.get(i);
      prebuilt[i] = new DMatrix(rows[i], 1, COLS, Float.NaN);
    }
    float[] all = new float[BATCH * COLS];
    for (int i = 0; i < BATCH; i++) {
      System.arraycopy(table.get(i), 0, all, i * COLS, COLS);
    }
    batchRows = all;
    try (InputStream in = TreeXGBoost4JBenchmark.class.getClassLoader().getResourceAsStream("bench/" + model)) {
      booster = XGBoost.loadModel(in.readAllBytes());
    }
    booster.setParam("nthread", "1");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    for (DMatrix d : prebuilt) {
      d.dispose();
    }
    booster.dispose();
  }

  /** One row, with the {@code DMatrix} built for the call. */
  @Benchmark
  public float[][] oneRowWithDMatrix() throws XGBoostError {
    DMatrix d = new DMatrix(rows[next++ & (rowCount - 1)], 1, COLS, Float.NaN);
    try {
      return booster.predict(d);
    } finally {
      d.dispose();
    }
  }

  /** One row from a prebuilt {@code DMatrix}. */
  @Benchmark
  public float[][] oneRowPrebuilt() throws XGBoostError {
    return booster.predict(prebuilt[next++ & (rowCount - 1)]);
  }

  /**
   * A {@code DMatrix} of {@value #BATCH} rows built for the call; time per row. (Predicting the
   * same {@code DMatrix} again would be served from XGBoost's prediction cache.)
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public float[][] batch() throws XGBoostError {
    DMatrix d = new DMatrix(batchRows, BATCH, COLS, Float.NaN);
    try {
      return booster.predict(d);
    } finally {
      d.dispose();
    }
  }
}
