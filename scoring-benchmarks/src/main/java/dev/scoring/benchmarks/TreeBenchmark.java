package dev.scoring.benchmarks;

import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ModelSource;
import dev.scoring.api.MutableFeatures;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerSpec;
import dev.scoring.api.Scorers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
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
 * Gradient-boosted trees from {@code scoring-ml}: one row ({@code scoreValue}), a batch of
 * {@value #BATCH} rows ({@code scoreBatch}, reported per row) and TreeSHAP ({@code explain}) on the
 * benchmark models (100 trees x depth 6 and 500 x 8, 30 features) over the 10,000 holdout rows of
 * {@code lead_50k.csv.gz}, taken in turn.
 *
 * <p>Run: {@code mvn -B -q -o -pl scoring-benchmarks -am package -DskipTests && java -jar
 * scoring-benchmarks/target/benchmarks.jar TreeBenchmark -f 1 -wi 3 -w 1 -i 5 -r 1 -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TreeBenchmark {

  static final int BATCH = 1000;

  /** The model file under {@code bench/}; the provider follows from the extension. */
  @Param({"xgb_100x6.json", "xgb_500x8.json", "lgb_100x6.txt", "lgb_500x8.txt"})
  public String model;

  /** How many holdout rows the one-row benchmarks cycle through (a power of two). */
  @Param({"8192"})
  public int rowCount;

  private Scorer scorer;
  private Features[] rows;
  private List<Features> batch;
  private double[] out;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    List<double[]> table = new ArrayList<>();
    String[] header;
    try (InputStream in = resource("bench/lead_50k.csv.gz");
        BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
      header = r.readLine().split(",", -1);
      int line = 0;
      for (String s; (s = r.readLine()) != null; line++) {
        if (line < 40_000) {
          continue;
        }
        String[] p = s.split(",", -1);
        double[] v = new double[header.length - 1];
        for (int i = 0; i < v.length; i++) {
          v[i] = p[i].isEmpty() ? Double.NaN : Double.parseDouble(p[i]);
        }
        table.add(v);
      }
    }
    FeatureSchema.Builder b = FeatureSchema.builder();
    for (int i = 0; i < header.length - 1; i++) {
      b.number(header[i]);
    }
    FeatureSchema schema = b.build();
    rows = new Features[rowCount];
    MutableFeatures m = Features.mutable(schema);
    for (int i = 0; i < rowCount; i++) {
      double[] v = table.get(i % table.size());
      m.clear();
      for (int k = 0; k < v.length; k++) {
        if (!Double.isNaN(v[k])) {
          m.setNumber(k, v[k]);
        }
      }
      rows[i] = m.snapshot();
    }
    batch = List.of(rows).subList(0, BATCH);
    out = new double[BATCH];
    byte[] bytes;
    try (InputStream in = resource("bench/" + model)) {
      bytes = in.readAllBytes();
    }
    scorer = Scorers.load(ScorerSpec.builder(model.endsWith(".json") ? "xgboost" : "lightgbm").id("bench")
        .source(ModelSource.bytes(model, bytes)).schema(schema).build());
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = TreeBenchmark.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IOException("missing resource " + name);
    }
    return in;
  }

  /** One row: {@code scoreValue} (the allocation-free path). */
  @Benchmark
  public double oneRow() {
    return scorer.scoreValue(rows[next++ & (rowCount - 1)]);
  }

  /** A batch of {@value #BATCH} rows through {@code scoreBatch(rows, values)}; time per row. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public double[] batch() {
    scorer.scoreBatch(batch, out);
    return out;
  }

  /** Exact TreeSHAP contributions of one row ({@code explain}). */
  @Benchmark
  public Explanation explainOneRow() {
    return scorer.explain(rows[next++ & (rowCount - 1)]);
  }
}
