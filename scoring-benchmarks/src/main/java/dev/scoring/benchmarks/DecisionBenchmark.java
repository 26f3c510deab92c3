package dev.scoring.benchmarks;

import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.MutableFeatures;
import dev.scoring.api.Provenance;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import dev.scoring.decision.Action;
import dev.scoring.decision.Decision;
import dev.scoring.decision.DecisionPipeline;
import dev.scoring.decision.GuardrailPolicy;
import dev.scoring.decision.RuleOutcome;
import dev.scoring.review.AuditRecord;
import dev.scoring.review.AuditSink;
import dev.scoring.review.BoundedReviewQueue;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pipeline's own cost: one decision through a rule stage, one linear scorer, the guardrail
 * policy, a review queue and an audit sink, with rows that are decided automatically. The scorer
 * is a 30-feature linear model, so the figure is mostly the pipeline's overhead.
 *
 * <pre>{@code java -jar scoring-benchmarks/target/benchmarks.jar DecisionBenchmark -prof gc}</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DecisionBenchmark {

  private DecisionPipeline pipeline;
  private Features[] rows;
  private int next;

  /** Counts audit records without keeping them (an in-memory sink would grow without bound here). */
  static final class CountingSink implements AuditSink {
    long count;

    @Override
    public void record(AuditRecord record) {
      count++;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    FeatureSchema.Builder b = FeatureSchema.builder().category("account");
    for (int i = 0; i < 30; i++) {
      b.number("f" + i);
    }
    FeatureSchema schema = b.build();
    Scorer linear = new Linear(schema);
    pipeline = DecisionPipeline.builder(schema)
        .rules(row -> "STRATEGIC".equals(row.string(0)) ? new RuleOutcome.Decide(Action.route("strategic-ae"), List.of()) : RuleOutcome.pass())
        .scorer(linear)
        .policy(GuardrailPolicy.builder()
            .band(0.0, 0.5, Action.route("nurture"))
            .band(0.5, 1.0, Action.auto("fast-track"))
            .build())
        .reviewQueue(new BoundedReviewQueue(16))
        .audit(new CountingSink())
        .build();
    java.util.Random random = new java.util.Random(42);
    rows = new Features[256];
    for (int r = 0; r < rows.length; r++) {
      MutableFeatures row = Features.mutable(schema);
      row.setString(0, "A-" + r);
      for (int i = 1; i <= 30; i++) {
        row.setNumber(i, random.nextGaussian());
      }
      rows[r] = row.snapshot();
    }
  }

  @Benchmark
  public Decision oursDecide() {
    Features row = rows[next++ & 255];
    return pipeline.decide(row);
  }

  @Benchmark
  @Threads(2)
  public Decision oursDecideTwoThreads() {
    return pipeline.decide(rows[(int) (Thread.currentThread().getId() * 31 + System.nanoTime()) & 255]);
  }

  /** A 30-feature linear probability model. */
  static final class Linear implements Scorer {
    private final FeatureSchema schema;
    private final Provenance provenance = new Provenance("linear", "bench", "1", "sha256:00");

    Linear(FeatureSchema schema) {
      this.schema = schema;
    }

    @Override
    public Provenance provenance() {
      return provenance;
    }

    @Override
    public FeatureSchema schema() {
      return schema;
    }

    @Override
    public Score score(Features row) {
      row.requireSchema(schema);
      double m = 0.1;
      for (int i = 1; i <= 30; i++) {
        m += 0.01 * i * row.number(i);
      }
      return Score.probability(1 / (1 + Math.exp(-m)), m, provenance);
    }

    @Override
    public Explanation explain(Features row) {
      throw new UnsupportedOperationException();
    }
  }
}
