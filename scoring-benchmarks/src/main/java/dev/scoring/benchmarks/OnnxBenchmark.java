package dev.scoring.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ModelSource;
import dev.scoring.api.MutableFeatures;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerSpec;
import dev.scoring.api.Scorers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ONNX scorer against raw ONNX Runtime on the same model ({@code bench/mlp_30x64x32x1.onnx},
 * 30 features), the same rows and the same session options: one row, and a batch of rows in one
 * tensor. {@code ours} scores {@link Features} rows through {@code Scorers.load}; {@code ort} (raw ONNX Runtime) copies
 * the same rows, held as {@code float[]} per record, into a reused direct buffer, as a careful
 * hand-written ORT caller would; {@code ortFlat} starts from one prepared flat {@code float[]} (a
 * lower bound no record-based caller reaches). All report the time per call (divide by
 * {@code batch} for per row).
 *
 * <p>Run: {@code java -jar scoring-benchmarks/target/benchmarks.jar OnnxBenchmark -f 1 -wi 3 -w 1 -i 5 -r 1 -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class OnnxBenchmark {

  private static final int FEATURES = 30;

  /** Rows per call: 1 (single-row path) or a batch in one tensor. */
  @Param({"1", "1000"})
  public int batch;

  /** ONNX Runtime intra-op threads for both sides. */
  @Param({"1"})
  public int intraOpThreads;

  /** Graph optimisation level for both sides: none, basic, extended, all. */
  @Param({"all"})
  public String optimization;

  private Scorer scorer;
  private List<Features> rows;
  private double[] values;
  private float[] matrix;
  private float[][] records;
  private OrtEnvironment env;
  private OrtSession.SessionOptions rawOptions;
  private OrtSession rawSession;
  private ByteBuffer rawBuffer;
  private long[] rawShape;

  @Setup(Level.Trial)
  public void setUp() throws OrtException {
    FeatureSchema.Builder sb = FeatureSchema.builder();
    StringBuilder order = new StringBuilder();
    for (int i = 0; i < FEATURES; i++) {
      sb.number("f" + i);
      order.append(i == 0 ? "" : ",").append("f").append(i);
    }
    FeatureSchema schema = sb.build();
    ClassLoader loader = OnnxBenchmark.class.getClassLoader();
    scorer = Scorers.load(ScorerSpec.builder("onnx").id("mlp")
        .source(ModelSource.resource(loader, "bench/mlp_30x64x32x1.onnx")).schema(schema)
        .options(Map.of("input.features", order.toString(), "output.kind", "probability",
            "threads.intra", Integer.toString(intraOpThreads), "threads.inter", "1", "optimization", optimization))
        .build());

    SplittableRandom random = new SplittableRandom(42);
    rows = new ArrayList<>(batch);
    matrix = new float[batch * FEATURES];
    records = new float[batch][FEATURES];
    MutableFeatures m = Features.mutable(schema);
    for (int r = 0; r < batch; r++) {
      for (int f = 0; f < FEATURES; f++) {
        double v = Math.round(random.nextGaussian() * 1000) / 1000.0;
        m.setNumber(f, v);
        matrix[r * FEATURES + f] = (float) v;
        records[r][f] = (float) v;
      }
      rows.add(m.snapshot());
    }
    values = new double[batch];

    env = OrtEnvironment.getEnvironment();
    rawOptions = new OrtSession.SessionOptions();
    rawOptions.setIntraOpNumThreads(intraOpThreads);
    rawOptions.setInterOpNumThreads(1);
    rawOptions.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
    rawOptions.setOptimizationLevel(switch (optimization) {
      case "none" -> OrtSession.SessionOptions.OptLevel.NO_OPT;
      case "basic" -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
      case "extended" -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
      default -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
    });
    rawOptions.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
    rawSession = env.createSession(read(loader), rawOptions);
    rawBuffer = ByteBuffer.allocateDirect(batch * FEATURES * 4).order(ByteOrder.nativeOrder());
    rawShape = new long[] {batch, FEATURES};

    // every row of the benchmark: raw ONNX Runtime against our scorer
    ort();
    double[] mine = new double[batch];
    if (batch == 1) {
      mine[0] = scorer.scoreValue(rows.get(0));
    } else {
      scorer.scoreBatch(rows, mine);
    }
    try (OnnxTensor x = OnnxTensor.createTensor(env, rawBuffer, rawShape, ai.onnxruntime.OnnxJavaType.FLOAT);
         OrtSession.Result result = rawSession.run(Map.of("x", x))) {
      FloatBuffer y = ((OnnxTensor) result.get(0)).getFloatBuffer();
      for (int i = 0; i < batch; i++) {
        if (Math.abs(y.get(i) - mine[i]) > 1e-6) {
          throw new IllegalStateException("raw ONNX Runtime and our scorer disagree on row " + i + ": " + y.get(i) + " vs " + mine[i]);
        }
      }
    }
  }

  private static byte[] read(ClassLoader loader) {
    try (InputStream in = loader.getResourceAsStream("bench/mlp_30x64x32x1.onnx")) {
      if (in == null) {
        throw new IllegalStateException("bench/mlp_30x64x32x1.onnx is not on the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws OrtException {
    scorer.close();
    rawSession.close();
    rawOptions.close();
  }

  /** Our scorer: {@code scoreValue} for one row, {@code scoreBatch(rows, values)} for a batch. */
  @Benchmark
  public double ours() {
    if (batch == 1) {
      return scorer.scoreValue(rows.get(0));
    }
    scorer.scoreBatch(rows, values);
    return values[batch - 1];
  }

  /** Our scorer's full {@code Score} objects (label, kind, provenance). */
  @Benchmark
  public Object oursScores() {
    if (batch == 1) {
      return scorer.score(rows.get(0));
    }
    return scorer.scoreBatch(rows);
  }

  /** Raw ONNX Runtime: copy each record's floats into a reused direct buffer, one tensor, run, read, close. */
  @Benchmark
  public double ort() throws OrtException {
    FloatBuffer fb = rawBuffer.clear().asFloatBuffer();
    for (float[] record : records) {
      fb.put(record);
    }
    return run();
  }

  /** Raw ONNX Runtime from one prepared flat matrix (bulk copy). */
  @Benchmark
  public double ortFlat() throws OrtException {
    rawBuffer.clear().asFloatBuffer().put(matrix);
    return run();
  }

  private double run() throws OrtException {
    try (OnnxTensor x = OnnxTensor.createTensor(env, rawBuffer, rawShape, ai.onnxruntime.OnnxJavaType.FLOAT);
         OrtSession.Result result = rawSession.run(Map.of("x", x))) {
      FloatBuffer y = ((OnnxTensor) result.get(0)).getFloatBuffer();
      return y.get(batch - 1);
    }
  }
}
