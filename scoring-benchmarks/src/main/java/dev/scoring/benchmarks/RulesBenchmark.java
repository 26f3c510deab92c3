package dev.scoring.benchmarks;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.MutableFeatures;
import dev.scoring.decision.RuleOutcome;
import dev.scoring.rules.RuleEvaluation;
import dev.scoring.rules.RuleSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The rules engine on the 50-rule lead workload (35 scorecard lines, 8 first-match routes, 7 flags;
 * {@code rules50.rules}, see {@code SOURCE.txt}) for one holdout row of {@code lead_50k}.
 *
 * <ul>
 *   <li>{@code evaluate}: everything (points, route, flags, fired set) into a reused
 *       {@link RuleEvaluation}: the allocation-free path;
 *   <li>{@code points}: the scorecard total alone ({@code Scorer.scoreValue});
 *   <li>{@code stage}: the {@code RuleStage} path a pipeline calls, which allocates its outcome
 *       when rules fire.
 * </ul>
 *
 * Run: {@code java -jar scoring-benchmarks/target/benchmarks.jar RulesBenchmark -f 1 -wi 3 -w 1 -i 5 -r 1 -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RulesBenchmark {

  /** The rule file, a class-path resource next to this class. */
  @Param({"rules50.rules"})
  public String rules;

  /** The holdout row (0..299 of lead_holdout_300.csv): row 0 has missing values, row 7 routes late. */
  @Param({"0", "7"})
  public int row;

  private RuleSet ruleSet;
  private Features features;
  private RuleEvaluation evaluation;

  @Setup
  public void setUp() throws IOException {
    String[] lines = read("lead_holdout_300.csv").split("\n");
    String[] header = lines[0].split(",");
    FeatureSchema.Builder b = FeatureSchema.builder();
    int n = header.length - 1; // the last column is the label
    for (int c = 0; c < n; c++) {
      b.number(header[c]);
    }
    FeatureSchema schema = b.build();
    String[] cells = lines[1 + row].split(",", -1);
    MutableFeatures m = Features.mutable(schema);
    for (int c = 0; c < n; c++) {
      if (!cells[c].isEmpty()) {
        m.setNumber(c, Double.parseDouble(cells[c]));
      }
    }
    features = m.snapshot();
    ruleSet = RuleSet.loader(schema).parse(rules, read(rules));
    evaluation = ruleSet.newEvaluation();
  }

  private static String read(String resource) throws IOException {
    try (InputStream in = RulesBenchmark.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("resource not found: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Benchmark
  public RuleEvaluation evaluate() {
    return ruleSet.evaluate(features, evaluation);
  }

  @Benchmark
  public double points() {
    return ruleSet.points(features);
  }

  @Benchmark
  public RuleOutcome stage() {
    return ruleSet.evaluate(features);
  }
}
