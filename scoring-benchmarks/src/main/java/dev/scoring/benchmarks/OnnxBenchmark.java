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
 * tensor. {@code ours} scores {@link Features} rows through {@code Scorers.load}; {@code ort} (raw ONNX Runtime)
 * copies the same {@code Features} rows into a reused direct buffer, as a careful hand-written ORT
 * caller would; {@code ortRecords} starts from the rows held as {@code float[]} per record and
 * {@code ortFlat} from one prepared flat {@code float[]} (lower bounds no {@code Features}-based
 * caller reaches). Every variant reads all {@code batch} outputs into a {@code double[]}. All
 * report the time per call (divide by {@code batch} for per row).
 *
 * <p>Run: {@code java -jar scoring-benchmarks/target/benchmarks.jar OnnxBenchmark -f 1 -wi 3 -w 1 -i 5 -r 1 -prof gc};
 * on a machine shared with other work, {@link OnnxOverhead} runs the same methods interleaved for ratios.
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
  private float[] staging;
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
    staging = new float[batch * FEATURES];

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

    // every row of the benchmark: each raw ONNX Runtime variant against our scorer
    double[] mine = new double[batch];
    if (batch == 1) {
      mine[0] = scorer.scoreValue(rows.get(0));
    } else {
      scorer.scoreBatch(rows, mine);
    }
    for (String variant : List.of("ort", "ortRecords", "ortFlat")) {
      java.util.Arrays.fill(values, Double.NaN);
      switch (variant) {
        case "ort" -> ort();
        case "ortRecords" -> ortRecords();
        default -> ortFlat();
      }
      for (int i = 0; i < batch; i++) {
        if (!(Math.abs(values[i] - mine[i]) <= 1e-6)) {
          throw new IllegalStateException(variant + " and our scorer disagree on row " + i + ": " + values[i] + " vs " + mine[i]);
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

  /**
   * Raw ONNX Runtime from the same {@link Features} rows: what a host app holding these rows must do
   * at least: copy each row's 30 numbers as floats into a heap staging array ({@code copyNumbers},
   * the bulk accessor), one bulk copy into a reused direct buffer, one tensor, run, read every
   * probability into a {@code double[]}, close.
   */
  @Benchmark
  public double ort() throws OrtException {
    float[] f = staging;
    List<Features> rs = rows;
    for (int r = 0; r < rs.size(); r++) {
      rs.get(r).copyNumbers(0, FEATURES, f, r * FEATURES);
    }
    rawBuffer.clear().asFloatBuffer().put(f, 0, batch * FEATURES);
    return run();
  }

  /** Raw ONNX Runtime from the rows held as {@code float[]} per record (no double-to-float conversion): a lower bound. */
  @Benchmark
  public double ortRecords() throws OrtException {
    FloatBuffer fb = rawBuffer.clear().asFloatBuffer();
    for (float[] record : records) {
      fb.put(record);
    }
    return run();
  }

  /** Raw ONNX Runtime from one prepared flat matrix (one bulk copy): a lower bound no record-based caller reaches. */
  @Benchmark
  public double ortFlat() throws OrtException {
    rawBuffer.clear().asFloatBuffer().put(matrix);
    return run();
  }

  private double run() throws OrtException {
    try (OnnxTensor x = OnnxTensor.createTensor(env, rawBuffer, rawShape, ai.onnxruntime.OnnxJavaType.FLOAT);
         OrtSession.Result result = rawSession.run(Map.of("x", x))) {
      FloatBuffer y = ((OnnxTensor) result.get(0)).getFloatBuffer();
      double[] out = values;
      for (int i = 0; i < batch; i++) {
        out[i] = y.get(i);
      }
      return out[batch - 1];
    }
  }
}
