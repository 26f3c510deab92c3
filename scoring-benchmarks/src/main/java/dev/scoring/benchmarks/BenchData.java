package dev.scoring.benchmarks;

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
import java.util.zip.GZIPInputStream;

/**
 * The benchmark material shared by the tree, TreeSHAP, loading and decision benchmarks: the first
 * {@code n} holdout rows (40000..) of {@code bench/lead_50k.csv.gz} as {@link Features} and as
 * {@code float[]} (NaN = missing) for the peers, and the models under {@code bench/}.
 */
final class BenchData {

  static final int COLS = 30;

  final FeatureSchema schema;
  final Features[] rows;
  final float[][] floats;

  private BenchData(FeatureSchema schema, Features[] rows, float[][] floats) {
    this.schema = schema;
    this.rows = rows;
    this.floats = floats;
  }

  /** The first {@code n} holdout rows (at most 10,000). */
  static BenchData holdout(int n) throws IOException {
    String[] header;
    List<String[]> cells = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(resource("bench/lead_50k.csv.gz")), StandardCharsets.UTF_8))) {
      header = r.readLine().split(",", -1);
      int line = 0;
      for (String s; (s = r.readLine()) != null && cells.size() < n; line++) {
        if (line >= 40_000) {
          cells.add(s.split(",", -1));
        }
      }
    }
    if (cells.size() < n) {
      throw new IllegalArgumentException("only " + cells.size() + " holdout rows, asked for " + n);
    }
    FeatureSchema.Builder b = FeatureSchema.builder();
    for (int i = 0; i < COLS; i++) {
      b.number(header[i]);
    }
    FeatureSchema schema = b.build();
    Features[] rows = new Features[n];
    float[][] floats = new float[n][COLS];
    MutableFeatures m = Features.mutable(schema);
    for (int i = 0; i < n; i++) {
      m.clear();
      for (int k = 0; k < COLS; k++) {
        String c = cells.get(i)[k];
        if (c.isEmpty()) {
          floats[i][k] = Float.NaN;
        } else {
          m.setNumber(k, Double.parseDouble(c));
          floats[i][k] = Float.parseFloat(c);
        }
      }
      rows[i] = m.snapshot();
    }
    return new BenchData(schema, rows, floats);
  }

  /** The first {@code n} rows as one row-major matrix. */
  float[] matrix(int n) {
    float[] all = new float[n * COLS];
    for (int i = 0; i < n; i++) {
      System.arraycopy(floats[i], 0, all, i * COLS, COLS);
    }
    return all;
  }

  /** Loads our scorer for a model file under {@code bench/} ({@code .txt}: lightgbm, else xgboost). */
  Scorer ours(String model) throws IOException {
    return ours(model, bytes("bench/" + model));
  }

  /** Our scorer from a model file's bytes already in memory. */
  Scorer ours(String model, byte[] bytes) {
    return Scorers.load(ScorerSpec.builder(model.endsWith(".txt") ? "lightgbm" : "xgboost").id("bench")
        .source(ModelSource.bytes(model, bytes)).schema(schema).build());
  }

  /** Our scorer from a model file. */
  Scorer oursFromFile(String model, java.nio.file.Path file) {
    return Scorers.load(ScorerSpec.builder(model.endsWith(".txt") ? "lightgbm" : "xgboost").id("bench")
        .source(ModelSource.path(file)).schema(schema).build());
  }

    static byte[] bytes(String name) throws IOException {
    try (InputStream in = resource(name)) {
      return in.readAllBytes();
    }
  }

  static InputStream resource(String name) throws IOException {
    InputStream in = BenchData.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IOException("missing class-path resource " + name + " (scoring-benchmarks/src/main/resources)");
    }
    return in;
  }

  /** The method name of the benchmark a trial runs (for setups that load only the peer it times). */
  static String method(org.openjdk.jmh.infra.BenchmarkParams params) {
    String b = params.getBenchmark();
    return b.substring(b.lastIndexOf('.') + 1);
  }

  /** Fails the setup unless the peer's values agree with ours within {@code tolerance} on every row. */
  static void requireAgreement(String peer, String model, double[] ours, double[] theirs, double tolerance) {
    double worst = 0;
    int at = -1;
    for (int i = 0; i < ours.length; i++) {
      double d = Math.abs(ours[i] - theirs[i]);
      if (!(d <= worst)) {
        worst = d;
        at = i;
      }
    }
    if (!(worst <= tolerance)) {
      throw new IllegalStateException(String.format(java.util.Locale.ROOT,
          "%s disagrees with our scorer on %s: holdout row %d, ours %.9g vs %s %.9g (|diff| %.3g > tolerance %.1g)",
          peer, model, at, ours[at], peer, theirs[at], worst, tolerance));
    }
  }
}
