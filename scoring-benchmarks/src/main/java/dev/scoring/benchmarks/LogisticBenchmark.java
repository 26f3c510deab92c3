package dev.scoring.benchmarks;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.MutableFeatures;
import dev.scoring.ml.logistic.LogisticModel;
import dev.scoring.ml.logistic.LogisticScorer;
import dev.scoring.ml.logistic.LogisticTrainer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Logistic regression on the 30-feature synthetic lead table ({@code lead_50k.csv.gz}): scoring one
 * row and a batch with {@link LogisticScorer} against a hand-written loop doing the same arithmetic
 * (30 multiply-adds, a missing-value branch per feature, a sigmoid) over the same rows, and training
 * time on the first {@code trainRows} rows (Newton/IRLS, 30 columns plus 5 missing indicators):
 * {@code ours}/{@code handwritten} one row, {@code oursBatch}/{@code handwrittenBatch} a batch of
 * {@code batchSize} rows (time per batch), {@code oursTrain} (ms).
 *
 * <p>The model is trained unstandardised so that the hand-written loop can use its coefficients
 * as they are; the scorer folds standardisation into its coefficients at bind time, so its
 * scoring cost does not depend on it. Setup checks that both give the same probabilities.
 *
 * <pre>
 * mvn -B -q -o -pl scoring-benchmarks -am package -DskipTests
 * java -jar scoring-benchmarks/target/benchmarks.jar LogisticBenchmark -f 1 -wi 3 -w 1 -i 5 -r 1 -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LogisticBenchmark {

  /** The lead table (a class-path resource, or a file path if one exists): header row, 30 numeric features then {@code converted}; empty cells are missing. */
  @Param("bench/lead_50k.csv.gz")
  public String data;

  /** Training rows (the first ones); the rows after them are scored. */
  @Param("40000")
  public int trainRows;

  /** Rows per batch in the batch benchmarks. */
  @Param("1000")
  public int batchSize;

  /** The L2 penalty for training. */
  @Param("1e-4")
  public double l2;

  private List<Features> train;
  private List<String> labels;
  private List<Features> holdout;
  private LogisticScorer scorer;
  private int[] index;
  private double[] weight;
  private double[] missing;
  private double intercept;
  private double[] values;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    List<Features> rows = new ArrayList<>();
    labels = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.exists(Path.of(data)) ? Files.newInputStream(Path.of(data)) : BenchData.resource(data)), StandardCharsets.UTF_8))) {
      String[] header = in.readLine().split(",", -1);
      FeatureSchema.Builder b = FeatureSchema.builder();
      for (int i = 0; i < header.length - 1; i++) {
        b.number(header[i]);
      }
      FeatureSchema schema = b.build();
      MutableFeatures row = Features.mutable(schema);
      String line;
      while ((line = in.readLine()) != null) {
        String[] cells = line.split(",", -1);
        row.clear();
        for (int i = 0; i < cells.length - 1; i++) {
          if (!cells[i].isEmpty()) {
            row.setNumber(i, Double.parseDouble(cells[i]));
          }
        }
        rows.add(row.snapshot());
        labels.add(cells[cells.length - 1]);
      }
    }
    train = rows.subList(0, trainRows);
    labels = labels.subList(0, trainRows);
    holdout = rows.subList(trainRows, Math.min(rows.size(), trainRows + batchSize));
    LogisticModel model = trainer().train(train, labels);
    FeatureSchema schema = rows.get(0).schema();
    scorer = model.scorer("bench", schema);

    // the hand-written loop's arrays, from the model's coefficients by column name
    int n = schema.size();
    index = new int[n];
    weight = new double[n];
    missing = new double[n];
    double[] beta = model.coefficients(1);
    intercept = beta[0];
    List<String> columns = model.columns();
    for (int i = 0; i < n; i++) {
      String name = schema.feature(i).name();
      index[i] = i;
      weight[i] = beta[1 + columns.indexOf(name)];
      int m = columns.indexOf(name + "=<missing>");
      missing[i] = m < 0 ? 0.0 : beta[1 + m];
    }
    values = new double[holdout.size()];
    for (Features r : holdout) {
      double a = scorer.scoreValue(r);
      double h = handWritten(r);
      if (Math.abs(a - h) > 1e-12) {
        throw new IllegalStateException("scorer and hand-written loop disagree: " + a + " vs " + h);
      }
    }
  }

  private LogisticTrainer trainer() {
    return LogisticTrainer.builder().l2(l2).standardise(false).build();
  }

  private double handWritten(Features row) {
    double m = intercept;
    for (int j = 0; j < index.length; j++) {
      double x = row.number(index[j]);
      m += x == x ? weight[j] * x : missing[j];
    }
    return 1.0 / (1.0 + Math.exp(-m));
  }

  private Features nextRow() {
    int i = next;
    next = i + 1 == holdout.size() ? 0 : i + 1;
    return holdout.get(i);
  }

  /** One row through {@link LogisticScorer#scoreValue}. */
  @Benchmark
  public double ours() {
    return scorer.scoreValue(nextRow());
  }

  /** One row through the hand-written loop. */
  @Benchmark
  public double handwritten() {
    return handWritten(nextRow());
  }

  /** A batch of {@code batchSize} rows through {@code scoreBatch(rows, values)}; time per batch. */
  @Benchmark
  public double[] oursBatch() {
    scorer.scoreBatch(holdout, values);
    return values;
  }

  /** The same batch through the hand-written loop. */
  @Benchmark
  public double[] handwrittenBatch() {
    for (int i = 0, n = holdout.size(); i < n; i++) {
      values[i] = handWritten(holdout.get(i));
    }
    return values;
  }

  /** Training on {@code trainRows} rows x 30 features. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public LogisticModel oursTrain() {
    return trainer().train(train, labels);
  }
}
