package dev.scoring.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Turns a JMH JSON result file into the Markdown table of {@code RESULTS.md}: per benchmark and
 * parameters, the median of the measured iterations, the error, bytes allocated per operation
 * ({@code -prof gc}) and the ratio of each peer to our implementation.
 *
 * <p>Naming convention: in each benchmark class, our implementation's methods start with
 * {@code ours} ({@code ours}, {@code oursBatch}) and a peer's with its name ({@code xgboost4j},
 * {@code xgboost4jBatch}); a row's ratio compares it with the {@code ours} method of the same class,
 * the same suffix ({@code Batch}) and the same parameters. A peer's suffix may add a qualifier to
 * one of ours ({@code xgboost4jPrebuilt}, {@code xgboost4jBatchPrebuilt}): it is compared with the
 * {@code ours} method whose suffix is the longest prefix of its own ({@code ours},
 * {@code oursBatch}). The subject is the method name up to its first capital letter, so a peer's
 * name is lower case ({@code xgboost4j}, {@code lightgbm4j}, {@code ort}, {@code handwritten}).
 *
 * <p>An {@code ours…TwoThreads} method (JMH {@code @Threads(2)}, average time per operation in
 * each thread) gets the scaling ratio of two threads over one: {@code 2 x t(ours…) / t(ours…TwoThreads)}.
 *
 * <pre>{@code java -cp scoring-benchmarks/target/benchmarks.jar dev.scoring.benchmarks.Summarize results.json}</pre>
 */
public final class Summarize {

  private Summarize() {}

  /** One benchmark result. */
  record Row(String className, String method, Map<String, String> params, double median, double error, String unit,
      double bytesPerOp) {

    String subject() {
      int i = 0;
      while (i < method.length() && !Character.isUpperCase(method.charAt(i))) {
        i++;
      }
      return method.substring(0, i);
    }

    String variant() {
      return method.substring(subject().length());
    }
  }

  /** Prints the table for the JMH JSON file given as the only argument. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: Summarize results.json");
      System.exit(2);
    }
    print(read(Path.of(args[0])), System.out);
  }

  static List<Row> read(Path json) throws IOException {
    List<Row> rows = new ArrayList<>();
    try (JsonParser p = new JsonFactory().createParser(json.toFile())) {
      expect(p.nextToken(), JsonToken.START_ARRAY);
      while (p.nextToken() == JsonToken.START_OBJECT) {
        rows.add(readBenchmark(p));
      }
    }
    return rows;
  }

  private static Row readBenchmark(JsonParser p) throws IOException {
    String benchmark = "";
    Map<String, String> params = new TreeMap<>();
    double median = Double.NaN;
    double error = Double.NaN;
    String unit = "";
    double bytes = Double.NaN;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "benchmark" -> benchmark = p.getText();
        case "params" -> {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            p.nextToken();
            params.put(k, p.getText());
          }
        }
        case "primaryMetric" -> {
          double[] m = readMetric(p);
          median = m[0];
          error = m[1];
          unit = lastUnit;
        }
        case "secondaryMetrics" -> {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            double[] m = readMetric(p);
            if (name.equals("·gc.alloc.rate.norm") || name.equals("gc.alloc.rate.norm")) {
              bytes = m[0];
            }
          }
        }
        default -> p.skipChildren();
      }
    }
    int dot = benchmark.lastIndexOf('.');
    String cls = benchmark.substring(benchmark.lastIndexOf('.', dot - 1) + 1, dot);
    return new Row(cls, benchmark.substring(dot + 1), params, median, error, unit, bytes);
  }

  private static String lastUnit = "";

  /** Returns {median of raw iteration data (or score), score error}. */
  private static double[] readMetric(JsonParser p) throws IOException {
    double score = Double.NaN;
    double error = Double.NaN;
    List<Double> raw = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "score" -> score = number(p);
        case "scoreError" -> error = number(p);
        case "scoreUnit" -> lastUnit = p.getText();
        case "rawData" -> {
          while (p.nextToken() == JsonToken.START_ARRAY) {
            while (p.nextToken() != JsonToken.END_ARRAY) {
              raw.add(number(p));
            }
          }
        }
        default -> p.skipChildren();
      }
    }
    double median = score;
    if (!raw.isEmpty()) {
      double[] v = raw.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
    return new double[] {median, error};
  }

  private static double number(JsonParser p) throws IOException {
    return p.currentToken() == JsonToken.VALUE_STRING ? Double.NaN : p.getDoubleValue();
  }

  private static void expect(@Nullable JsonToken actual, JsonToken expected) {
    if (actual != expected) {
      throw new IllegalArgumentException("not a JMH JSON result file: expected " + expected + ", found " + actual);
    }
  }

  static void print(List<Row> rows, PrintStream out) {
    Map<String, Row> ours = new LinkedHashMap<>();
    for (Row r : rows) {
      if (r.subject().equals("ours")) {
        ours.put(key(r), r);
      }
    }
    out.println("| benchmark | params | median | error | unit | B/op | this ÷ ours (time) |");
    out.println("|---|---|---:|---:|---|---:|---:|");
    for (Row r : rows) {
      Row base = r.subject().equals("ours") ? null : base(ours, r);
      String ratio = "";
      if (base != null) {
        boolean throughput = r.unit().startsWith("ops/");
        ratio = String.format(Locale.ROOT, "%.2f×", throughput ? base.median() / r.median() : r.median() / base.median());
      } else if (r.subject().equals("ours") && r.variant().endsWith("TwoThreads")) {
        String one = r.variant().substring(0, r.variant().length() - "TwoThreads".length());
        Row single = ours.get(r.className() + "#" + one + "#" + r.params());
        if (single != null && !r.unit().startsWith("ops/")) {
          ratio = String.format(Locale.ROOT, "scaling %.2f× (2 threads)", 2 * single.median() / r.median());
        }
      }
      out.printf(Locale.ROOT, "| %s.%s | %s | %s | %s | %s | %s | %s |%n", r.className(), r.method(), params(r.params()),
          fmt(r.median()), fmt(r.error()), r.unit(), Double.isNaN(r.bytesPerOp()) ? "" : fmt(r.bytesPerOp()), ratio);
    }
    out.println();
    out.printf("Generated %s by `Summarize` from a JMH JSON file; machine: %s cores, %s %s, JDK %s.%n", LocalDate.now(),
        Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
        System.getProperty("java.version"));
  }

  /** Our row for a peer's: same class and parameters, the longest of our suffixes that starts its own. */
  private static @Nullable Row base(Map<String, Row> ours, Row r) {
    String v = r.variant();
    for (int end = v.length(); end >= 0; end--) {
      if (end == v.length() || end == 0 || Character.isUpperCase(v.charAt(end))) {
        Row b = ours.get(r.className() + "#" + v.substring(0, end) + "#" + r.params());
        if (b != null) {
          return b;
        }
      }
    }
    return null;
  }

  private static String key(Row r) {
    return r.className() + "#" + r.variant() + "#" + r.params();
  }

  private static String params(Map<String, String> params) {
    return params.isEmpty() ? "" : String.join(", ", params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
  }

  private static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "";
    }
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }
}
