package dev.scoring.spark;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ModelSource;
import dev.scoring.api.MutableFeatures;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerSpec;
import dev.scoring.api.Scorers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A timed harness (not a unit test, not JMH: a Spark job's cost is one whole job): rows/s for scoring
 * the 50k bench lead table (and the same table ten times over, where the fixed cost of a Spark job
 * is spread over more rows) with XGBoost 100x6 through {@link SparkScoring#score} on {@code local[1]}
 * and {@code local[2]}, against the in-process batch API ({@code Scorer.scoreBatch} over 512-row
 * batches, one thread) in the same run. The table is cached in Spark before timing, so both sides
 * start from values in memory. It lives here, not in scoring-benchmarks, because that module carries
 * XGBoost4J for Scala 2.12 and Spark 4 needs Scala 2.13.
 *
 * <p>Run it with {@code scoring-spark/bench.sh [runs]} from the repository root.
 */
public final class SparkThroughput {

  private SparkThroughput() {}

  public static void main(String[] args) throws Exception {
    Path table = Path.of(args.length > 0 ? args[0] : "scoring-benchmarks/src/main/resources/bench/lead_50k.csv.gz");
    Path model = Path.of(args.length > 1 ? args[1] : "scoring-benchmarks/src/main/resources/bench/xgb_100x6.json");
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    List<String[]> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(table)),
        StandardCharsets.UTF_8))) {
      for (String s = r.readLine(); s != null; s = r.readLine()) {
        lines.add(s.split(",", -1));
      }
    }
    String[] header = lines.get(0);
    FeatureSchema.Builder sb = FeatureSchema.builder();
    StructType st = new StructType();
    for (int i = 0; i < header.length - 1; i++) {
      sb.number(header[i]);
      st = st.add(header[i], DataTypes.DoubleType, true);
    }
    FeatureSchema schema = sb.build();
    List<Features> rows = new ArrayList<>();
    List<Row> sparkRows = new ArrayList<>();
    MutableFeatures m = Features.mutable(schema);
    for (String[] v : lines.subList(1, lines.size())) {
      m.clear();
      Object[] values = new Object[header.length - 1];
      for (int i = 0; i < values.length; i++) {
        if (!v[i].isEmpty()) {
          double x = Double.parseDouble(v[i]);
          m.setNumber(i, x);
          values[i] = x;
        }
      }
      rows.add(m.snapshot());
      sparkRows.add(RowFactory.create(values));
    }
    ScorerSpec spec = ScorerSpec.builder("xgboost").id("xgb").schema(schema).source(ModelSource.path(model)).build();
    int n = rows.size();
    System.out.printf(Locale.ROOT, "table %s: %d rows; model %s; %d cores available%n", table, n, model,
        Runtime.getRuntime().availableProcessors());

    double inProcess;
    try (Scorer scorer = Scorers.load(spec)) {
      double[] values = new double[512];
      double[] sink = new double[1];
      inProcess = median(runs, () -> {
        for (int from = 0; from < n; from += 512) {
          List<Features> batch = rows.subList(from, Math.min(n, from + 512));
          scorer.scoreBatch(batch, values);
          sink[0] += values[0];
        }
      }, n, "in-process scoreBatch, 1 thread");
    }
    for (int cores : new int[] {1, 2}) {
      SparkSession spark = SparkSession.builder().master("local[" + cores + "]").appName("throughput")
          .config("spark.ui.enabled", "false").config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.driver.host", "127.0.0.1").getOrCreate();
      spark.sparkContext().setLogLevel("WARN");
      for (int times : new int[] {1, 10}) {
        List<Row> all = new ArrayList<>();
        for (int t = 0; t < times; t++) {
          all.addAll(sparkRows);
        }
        Dataset<Row> df = spark.createDataFrame(all, st).repartition(cores * 2).cache();
        df.count();
        // as a nightly job does: score() once (model read, loaded and broadcast), then the job runs
        Dataset<Row> scored = SparkScoring.score(df, spec);
        double rate = median(runs, () -> scored.agg(functions.sum("xgb_score")).collectAsList(), n * times,
            "Spark local[" + cores + "] score(), " + n * times + " rows");
        System.out.printf(Locale.ROOT, "local[%d], %d rows: %.0f rows/s = %.2f of in-process per core%n", cores, n * times,
            rate, rate / cores / inProcess);
        df.unpersist();
      }
      spark.stop();
    }
  }

  /** Runs {@code work} twice to warm up, then {@code runs} times; prints and returns the median rows/s. */
  private static double median(int runs, Runnable work, int n, String what) {
    for (int i = 0; i < 2; i++) {
      work.run();
    }
    double[] rates = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      work.run();
      rates[i] = n / ((System.nanoTime() - t) / 1e9);
    }
    double[] sorted = rates.clone();
    Arrays.sort(sorted);
    double med = sorted[runs / 2];
    System.out.printf(Locale.ROOT, "%-36s median %,.0f rows/s (min %,.0f, max %,.0f over %d runs)%n", what, med, sorted[0],
        sorted[runs - 1], runs);
    return med;
  }
}
