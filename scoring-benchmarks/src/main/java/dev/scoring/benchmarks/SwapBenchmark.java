package dev.scoring.benchmarks;

import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.Provenance;
import dev.scoring.api.Score;
import dev.scoring.api.ScoreKind;
import dev.scoring.api.Scorer;
import dev.scoring.decision.DecisionPipeline;
import dev.scoring.decision.GuardrailPolicy;
import dev.scoring.lifecycle.LivePipeline;
import dev.scoring.lifecycle.SmokeCheck;
import dev.scoring.lifecycle.Stages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of hot swapping: a decision through a {@link LivePipeline} (one swappable scorer stage)
 * against the same {@link DecisionPipeline} called directly, and the cost of one swap, with no smoke
 * check and with a 100-row smoke check. The scorer is a cheap logistic function of one feature, so
 * the live pipeline's overhead (two atomic counter updates and a reference read per decision) is
 * not hidden behind model time; audit and queue are no-ops (every row is decided automatically).
 *
 * <p>Run: {@code mvn -B -q -pl scoring-benchmarks -am package -DskipTests && java -jar
 * scoring-benchmarks/target/benchmarks.jar SwapBenchmark -f 1 -wi 3 -w 1 -i 5 -r 1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SwapBenchmark {

  static final FeatureSchema SCHEMA = FeatureSchema.builder().number("x").build();

  /** {@code sigmoid(w * x)}, naming version {@code w} in its provenance. */
  static final class Logit implements Scorer {
    private final double w;
    private final Provenance provenance;

    Logit(double w) {
      this.w = w;
      this.provenance = new Provenance("score", "bench", "w" + w, "sha256:" + Double.hashCode(w));
    }

    @Override
    public Provenance provenance() {
      return provenance;
    }

    @Override
    public FeatureSchema schema() {
      return SCHEMA;
    }

    @Override
    public Optional<ScoreKind> kind() {
      return Optional.of(ScoreKind.PROBABILITY);
    }

    @Override
    public Score score(Features row) {
      double m = w * row.number(0);
      return Score.probability(1 / (1 + Math.exp(-m)), m, provenance);
    }

    @Override
    public Explanation explain(Features row) {
      return new Explanation("score", 0, List.of(), List.of());
    }
  }

  private DecisionPipeline plain;
  private LivePipeline live;
  private LivePipeline checked;
  private Features[] rows;
  private Logit a;
  private Logit b;
  private int next;
  private boolean flip;

  @Setup
  public void setUp() {
    GuardrailPolicy policy = GuardrailPolicy.builder().band(0.0, 1.0, Action.auto("go")).build();
    rows = new Features[1024];
    List<Features> sample = new ArrayList<>();
    for (int i = 0; i < rows.length; i++) {
      rows[i] = Features.of(SCHEMA, Map.of("x", (i - 512) / 100.0));
      if (i % 10 == 0 && sample.size() < 100) {
        sample.add(rows[i]);
      }
    }
    a = new Logit(0.7);
    b = new Logit(0.8);
    plain = DecisionPipeline.builder(SCHEMA).scorer(a).policy(policy).build();
    live = LivePipeline.builder(Stages.builder().scorer("score", a).build(),
        s -> DecisionPipeline.builder(SCHEMA).scorer(s.scorer("score")).policy(policy)).build();
    checked = LivePipeline.builder(Stages.builder().scorer("score", a).build(),
            s -> DecisionPipeline.builder(SCHEMA).scorer(s.scorer("score")).policy(policy))
        .smokeCheck("score", SmokeCheck.probabilities(sample))
        .build();
  }

  /** A decision by the pipeline called directly. */
  @Benchmark
  public Decision plainDecision() {
    return plain.decide(rows[next++ & 1023]);
  }

  /** The same decision through the live pipeline. */
  @Benchmark
  public Decision liveDecision() {
    return live.decide(rows[next++ & 1023]);
  }

  /** One swap (alternating two scorers): builds and publishes a new pipeline, no smoke check. */
  @Benchmark
  public Stages swap() {
    flip = !flip;
    return live.swap("score", flip ? b : a);
  }

  /** One swap with a 100-row smoke check. */
  @Benchmark
  public Stages swapWithSmokeCheck() {
    flip = !flip;
    return checked.swap("score", flip ? b : a);
  }
}
