package dev.scoring.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.Scorer;
import dev.scoring.api.Decision;
import dev.scoring.examples.triage.TicketTriage;
import dev.scoring.onnx.WordExplainer;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
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
 * Ticket text models from raw text (examples/triage, issue 20): the {@code onnx} scorer against raw
 * ONNX Runtime on the same model, the same tickets (the first {@code batch} of the real test split)
 * and the same session options (one intra-op thread). {@code ours} scores {@link Features} rows,
 * {@code ort} builds the {@code [N, 1]} string tensor from the same texts and runs the session; both
 * read the predicted class's probability of every row. {@code explain} is one {@link WordExplainer}
 * explanation (Shapley values of the first 20 words at most) of the first ticket, {@code decide} one full triage decision (text
 * guard, model, class policy). Time per call; divide by {@code batch} for per ticket.
 *
 * <p>Run: {@code java -jar scoring-benchmarks/target/benchmarks.jar TextTriageBenchmark -f 1 -wi 3 -w 1 -i 5 -r 1}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class TextTriageBenchmark {

  /** Tickets per call. */
  @Param({"1", "1000"})
  public int batch;

  /** The committed model. */
  @Param({"tickets-mlp.onnx", "tickets-tfidf-lr.onnx"})
  public String model;

  private Scorer scorer;
  private WordExplainer explainer;
  private TicketTriage triage;
  private List<Features> rows;
  private String[][] texts;
  private double[] values;
  private OrtEnvironment env;
  private OrtSession raw;

  @Setup(Level.Trial)
  public void setUp() throws OrtException {
    FeatureSchema schema = TicketTriage.schema();
    scorer = TicketTriage.load(model, schema);
    explainer = WordExplainer.builder(scorer, "text").build();
    triage = TicketTriage.load(model);
    List<String> tickets = tickets(batch);
    rows = new ArrayList<>(batch);
    texts = new String[batch][1];
    for (int i = 0; i < batch; i++) {
      rows.add(Features.of(schema, Map.of("text", tickets.get(i))));
      texts[i][0] = tickets.get(i);
    }
    values = new double[batch];
    env = OrtEnvironment.getEnvironment();
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(1);
    options.setInterOpNumThreads(1);
    options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
    options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
    raw = env.createSession(resource(model), options);
    // both sides give the same probabilities on every row of the benchmark
    double[] mine = ours().clone();
    double[] theirs = ort();
    for (int i = 0; i < batch; i++) {
      if (Math.abs(mine[i] - theirs[i]) > 1e-6) {
        throw new IllegalStateException("row " + i + ": ours " + mine[i] + ", raw ONNX Runtime " + theirs[i]);
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws OrtException {
    scorer.close();
    triage.close();
    raw.close();
  }

  /** The library: the predicted class's probability of each ticket. */
  @Benchmark
  public double[] ours() {
    if (batch == 1) {
      values[0] = scorer.scoreValue(rows.get(0));
    } else {
      scorer.scoreBatch(rows, values);
    }
    return values;
  }

  /** Raw ONNX Runtime on the same texts. */
  @Benchmark
  public double[] ort() throws OrtException {
    try (OnnxTensor t = OnnxTensor.createTensor(env, texts);
        OrtSession.Result r = raw.run(Map.of("text", t))) {
      float[][] p = (float[][]) r.get(0).getValue();
      for (int i = 0; i < p.length; i++) {
        float top = p[i][0];
        for (float v : p[i]) {
          top = Math.max(top, v);
        }
        values[i] = top;
      }
    }
    return values;
  }

  /** One word explanation of the first ticket (independent of {@code batch}). */
  @Benchmark
  public Explanation explain() {
    return explainer.explain(rows.get(0));
  }

  /** One full triage decision of the first ticket (independent of {@code batch}). */
  @Benchmark
  public Decision decide() {
    return triage.route(texts[0][0]);
  }

  static List<String> tickets(int n) {
    try (InputStream in = TicketTriage.class.getClassLoader()
            .getResourceAsStream("dev/scoring/examples/triage/tickets-test.csv.gz");
        CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
            .parse(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
      List<String> out = new ArrayList<>(n);
      for (CSVRecord r : p) {
        if (out.size() == n) {
          break;
        }
        out.add(r.get("Document"));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = TicketTriage.class.getClassLoader().getResourceAsStream("dev/scoring/examples/triage/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
