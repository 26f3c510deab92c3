package dev.scoring.benchmarks;

import dev.scoring.api.Scorer;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * Model loading: a model file's bytes (already in memory) to a ready scorer, ours
 * ({@code Scorers.load}: parsing, schema binding and flattening the trees) against the model's own
 * library ({@code peer}): XGBoost4J's {@code XGBoost.loadModel(byte[])} for the XGBoost models, as
 * JSON and as UBJSON ({@code .ubj}: the JSON model saved by XGBoost4J as UBJSON in setup), and
 * lightgbm4j's {@code LGBMBooster.loadModelFromString} for the LightGBM text models. Setup loads
 * an XGBoost model both ways and fails unless their probabilities agree (1e-6) on {@code rowCount}
 * holdout rows. Time per load in microseconds; {@code -prof gc} gives the bytes allocated per load.
 *
 * <p>Run: {@code mvn -B -q -o -pl scoring-benchmarks -am package -DskipTests && java -jar
 * scoring-benchmarks/target/benchmarks.jar LoadBenchmark -f 1 -wi 3 -w 1 -i 5 -r 1 -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LoadBenchmark {

  /** The model under {@code bench/}; {@code .ubj} is the {@code .json} model converted to UBJSON. */
  @Param({"xgb_100x6.json", "xgb_500x8.json", "xgb_100x6.ubj", "xgb_500x8.ubj", "lgb_100x6.txt", "lgb_500x8.txt"})
  public String model;

  /** Holdout rows on which setup checks that both loaded models agree. */
  @Param({"1000"})
  public int rowCount;

  private BenchData data;
  private byte[] bytes;
  private Booster last;
  private LGBMBooster lastLightGbm;
  private java.nio.file.Path file;

  @Setup(Level.Trial)
  public void setUp() throws IOException, XGBoostError {
    data = BenchData.holdout(rowCount);
    if (model.endsWith(".ubj")) {
      Booster json = XGBoost.loadModel(BenchData.bytes("bench/" + model.replace(".ubj", ".json")));
      bytes = json.toByteArray("ubj");
      json.dispose();
    } else {
      bytes = BenchData.bytes("bench/" + model);
    }
    file = java.nio.file.Files.createTempFile("load-", "-" + model);
    java.nio.file.Files.write(file, bytes);
    if (model.endsWith(".txt")) {
      // LightGbmBenchmark checks these models against lightgbm4j
      return;
    }
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
  public void tearDown() throws LGBMException, IOException {
    if (file != null) {
      java.nio.file.Files.deleteIfExists(file);
    }
    if (last != null) {
      last.dispose();
    }
    if (lastLightGbm != null) {
      lastLightGbm.close();
    }
  }

  /** Our scorer from the bytes ({@code ModelSource.bytes} copies them, and reading the source copies them again). */
  @Benchmark
  public Scorer ours() {
    return data.ours(model, bytes);
  }

  /** Our scorer from the model file (in the page cache; {@code ModelSource.path} reads it once). */
  @Benchmark
  public Scorer oursFromFile() {
    return data.oursFromFile(model, file);
  }

  /**
   * The model's own library from the same bytes: XGBoost4J's booster, or lightgbm4j's (the
   * previous one is freed in the call, so native memory stays flat).
   */
  @Benchmark
  public Object peer() throws XGBoostError, LGBMException, IOException {
    if (model.endsWith(".txt")) {
      LGBMBooster b = LGBMBooster.loadModelFromString(new String(bytes, StandardCharsets.UTF_8));
      if (lastLightGbm != null) {
        lastLightGbm.close();
      }
      lastLightGbm = b;
      return b;
    }
    Booster b = XGBoost.loadModel(bytes);
    if (last != null) {
      last.dispose();
    }
    last = b;
    return b;
  }
}
