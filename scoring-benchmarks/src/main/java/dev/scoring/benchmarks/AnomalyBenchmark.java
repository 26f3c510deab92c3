package dev.scoring.benchmarks;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.ml.anomaly.RateChangeDetector;
import dev.scoring.ml.anomaly.RecordAnomalyScorer;
import dev.scoring.ml.anomaly.VolumeDetector;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One observation through each anomaly detector: {@link RateChangeDetector#observe} (one trial of
 * one of 4 segments, 4 CUSUMs, the baseline's lag ring), {@link VolumeDetector#observe} (one hourly
 * count of one of 4 segments against a weekly cycle of 168 positions: the median of 8 past
 * values, the scale fit and two CUSUMs), and {@link RecordAnomalyScorer#scoreValue} (one lead of 5
 * features through an isolation forest of {@code trees} trees grown on 256-record subsamples). The
 * streams are stationary, so no episode is raised and nothing is allocated by the detectors.
 * {@code recordLearn} is the amortised cost of learning one record, a refit of the whole forest
 * every 256 records included.
 *
 * <p>Run with:
 * <pre>
 * mvn -B -q -o -pl scoring-benchmarks -am package -DskipTests
 * java -jar scoring-benchmarks/target/benchmarks.jar AnomalyBenchmark -f 1 -wi 3 -w 1 -i 5 -r 1 -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AnomalyBenchmark {

  /** Trees in the record scorer's isolation forest. */
  @Param({"100"})
  public int trees;

  private static final int N = 4096;
  /** 24 weeks of hourly counts: the stream repeats whole weeks, so it stays stationary for the weekly cycle. */
  private static final int WEEKS_OF_HOURS = 24 * 168;
  private static final String[] SEGMENTS = {"web", "partner", "events", "outbound"};

  private static final FeatureSchema LEADS = FeatureSchema.builder()
      .number("seconds_to_submit").number("fields_filled").bool("free_mail").category("email_domain")
      .number("ip_block_leads_1h").build();

  private RateChangeDetector rate;
  private VolumeDetector volume;
  private RecordAnomalyScorer records;
  private RecordAnomalyScorer learner;
  private boolean[] outcomes;
  private double[] counts;
  private Features[] rows;
  private int i;
  private long t;
  private int hour;
  private int segment;

  @Setup
  public void setup() {
    SplittableRandom r = new SplittableRandom(42);
    outcomes = new boolean[N];
    counts = new double[WEEKS_OF_HOURS];
    for (int k = 0; k < N; k++) {
      outcomes[k] = r.nextDouble() < 0.12;
    }
    for (int k = 0; k < WEEKS_OF_HOURS; k++) {
      double mu = 40 * (0.25 + 1.5 * Math.max(0, Math.sin(Math.PI * ((k % 24) - 6) / 14.0)));
      counts[k] = Math.max(0, Math.round(mu + Math.sqrt(mu) * r.nextGaussian()));
    }
    rows = new Features[256];
    String[] free = {"gmail.com", "outlook.com", "yahoo.com"};
    for (int k = 0; k < rows.length; k++) {
      rows[k] = lead(r, free);
    }
    rate = RateChangeDetector.builder().build();
    volume = VolumeDetector.builder().period(168).build();
    records = RecordAnomalyScorer.builder(LEADS).trees(trees).build();
    learner = RecordAnomalyScorer.builder(LEADS).trees(trees).learnOnlyNormal(false).build();
    for (int k = 0; k < 4096; k++) {
      Features row = lead(r, free);
      records.learn(row);
      learner.learn(row);
    }
    // warm the detectors past their learning phases
    for (int k = 0; k < 200_000; k++) {
      rate();
      volume();
    }
  }

  private static Features lead(SplittableRandom r, String[] free) {
    boolean isFree = r.nextDouble() < 0.3;
    return Features.builder(LEADS)
        .set("seconds_to_submit", Math.exp(Math.log(90) + 0.6 * r.nextGaussian()))
        .set("fields_filled", (double) (6 + r.nextInt(7)))
        .set("free_mail", isFree)
        .set("email_domain", isFree ? free[r.nextInt(3)] : "corp" + r.nextInt(40) + ".com")
        .set("ip_block_leads_1h", (double) (1 + (r.nextDouble() < 0.2 ? r.nextInt(3) : 0)))
        .build();
  }

  /** One trial through the rate detector. */
  @Benchmark
  public double rate() {
    int k = i++ & (N - 1);
    return rate.observe(SEGMENTS[k & 3], outcomes[k], t++);
  }

  /** One interval's count through the volume detector. */
  @Benchmark
  public double volume() {
    int s = segment;
    segment = (s + 1) & 3;
    if (s == 3) {
      hour = hour + 1 == WEEKS_OF_HOURS ? 0 : hour + 1;
    }
    return volume.observe(SEGMENTS[s], t++, counts[hour]);
  }

  /** One record scored by the isolation forest. */
  @Benchmark
  public double recordScore() {
    return records.scoreValue(rows[i++ & 255]);
  }

  /** One record learned (a full refit every 256 records, amortised). */
  @Benchmark
  public boolean recordLearn() {
    return learner.learn(rows[i++ & 255]);
  }
}
