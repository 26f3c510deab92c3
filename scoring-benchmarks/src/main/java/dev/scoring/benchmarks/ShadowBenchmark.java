package dev.scoring.benchmarks;

import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.Provenance;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import dev.scoring.decision.DecisionPipeline;
import dev.scoring.decision.GuardrailPolicy;
import dev.scoring.decision.ShadowLog;
import dev.scoring.decision.ShadowRecord;
import dev.scoring.decision.ShadowScoring;
import dev.scoring.review.BoundedReviewQueue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A decision with one shadow challenger against the plain decision, in the same run: a logistic
 * champion and a logistic challenger over five numbers, three bands, no audit sink. {@code shadow}:
 * {@code none} (the plain decision), {@code inline} (the challenger scores on a worker while the
 * deciding thread waits, budget 1 ms), {@code background} (offered to a queue of 1,024 drained by one
 * background worker; what does not fit is dropped and counted). The shadow log counts records and keeps none.
 *
 * <p>Run: {@code java -jar scoring-benchmarks/target/benchmarks.jar ShadowBenchmark -f 1 -wi 3 -w 1 -i 5 -r 1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ShadowBenchmark {

  /** How challengers run: none, inline or background. */
  @Param({"none", "inline", "background"})
  public String shadow;

  private static final FeatureSchema SCHEMA = FeatureSchema.builder()
      .number("a").number("b").number("c").number("d").number("e").build();

  private DecisionPipeline pipeline;
  private ShadowScoring shadowScoring;
  private Features[] rows;
  private int next;

  /** A logistic scorer with fixed weights. */
  static final class Logit implements Scorer {
    private final Provenance provenance;
    private final double[] w;

    Logit(String id, double... w) {
      this.provenance = new Provenance(id, "bench", "1", "sha256:00");
      this.w = w;
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
    public java.util.Optional<dev.scoring.api.ScoreKind> kind() {
      return java.util.Optional.of(dev.scoring.api.ScoreKind.PROBABILITY);
    }

    @Override
    public Score score(Features row) {
      double m = w[0];
      for (int i = 0; i < 5; i++) {
        m += w[i + 1] * row.number(i);
      }
      return Score.probability(1 / (1 + Math.exp(-m)), m, provenance);
    }

    @Override
    public Explanation explain(Features row) {
      throw new UnsupportedOperationException();
    }
  }

  /** Counts shadow records, keeps none. */
  static final class CountingLog implements ShadowLog {
    final AtomicLong count = new AtomicLong();

    @Override
    public void record(ShadowRecord record) {
      count.incrementAndGet();
    }

    @Override
    public List<ShadowRecord> records() {
      return List.of();
    }
  }

  @Setup
  public void setup() {
    GuardrailPolicy policy = GuardrailPolicy.builder()
        .band(0.0, 0.3, Action.review("sdr", "uncertain"))
        .band(0.3, 0.7, Action.route("inside-sales"))
        .band(0.7, 1.0, Action.auto("fast-track"))
        .reviewQueue("ops").build();
    AtomicLong ids = new AtomicLong();
    DecisionPipeline.Builder b = DecisionPipeline.builder(SCHEMA).policy(policy)
        .scorer(new Logit("champion", -0.5, 0.3, -0.2, 0.5, 0.1, -0.4))
        .reviewQueue(new BoundedReviewQueue(1)).ids(() -> "d-" + ids.incrementAndGet());
    Scorer challenger = new Logit("challenger", -0.4, 0.35, -0.1, 0.45, 0.2, -0.3);
    shadowScoring = switch (shadow) {
      case "none" -> null;
      case "inline" -> ShadowScoring.builder(new CountingLog()).challenger(challenger).inline(Duration.ofMillis(1)).build();
      case "background" -> ShadowScoring.builder(new CountingLog()).challenger(challenger).background(1, 1_024).build();
      default -> throw new IllegalArgumentException(shadow);
    };
    if (shadowScoring != null) {
      b.shadow(shadowScoring);
    }
    pipeline = b.build();
    java.util.Random r = new java.util.Random(1);
    rows = new Features[1024];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = Features.of(SCHEMA, Map.of("a", r.nextGaussian(), "b", r.nextGaussian(), "c", r.nextGaussian(),
          "d", r.nextGaussian(), "e", r.nextGaussian()));
    }
  }

  @TearDown
  public void tearDown() {
    if (shadowScoring != null) {
      System.out.println("\nshadow " + shadow + ": " + shadowScoring.stats());
      shadowScoring.close();
    }
  }

  @Benchmark
  public Decision decide() {
    return pipeline.decide(rows[next++ & 1023]);
  }
}
