package dev.scoring.benchmarks;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.MutableFeatures;
import dev.scoring.monitoring.DriftMonitor;
import dev.scoring.monitoring.QualityMonitor;
import dev.scoring.monitoring.ReferenceProfile;
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
 * The monitoring hot paths: {@link DriftMonitor#update} with one scored row ({@code numbers}
 * numeric features and the score binned against the reference's quantile edges by a uniform-grid
 * table, {@code categories} categorical features by an open-addressing hash of the kept
 * categories, and a window evaluation amortised over {@code window} rows), and {@link
 * QualityMonitor#record} with one label (each record adds to ALL and one segment; every 100
 * labels a segment's window of 1,000 is sorted for its AUC). Only events allocate (a drifting
 * window, a quality drop or recovery).
 *
 * <p>Run with:
 * <pre>
 * mvn -B -q -o -pl scoring-benchmarks -am package -DskipTests
 * java -jar scoring-benchmarks/target/benchmarks.jar MonitorBenchmark -f 1 -wi 3 -w 1 -i 5 -r 1 -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MonitorBenchmark {

  /** Numeric features per row. */
  @Param({"4", "16"})
  public int numbers;

  /** Categorical features per row (12 levels each, 10 kept in the profile, the rest "other"). */
  @Param({"2", "4"})
  public int categories;

  /**
   * Whether the row's score is counted too (true: binned against the score's profile like a
   * number; false: counted as a missing score). The score is part of a realistic update.
   */
  @Param({"true"})
  public boolean withScore;

  /** Fine quantile bins per number in the reference profile. */
  @Param({"100"})
  public int bins;

  /** Rows per drift window. */
  @Param({"1000"})
  public int window;

  /** Rows between evaluations (equal to the window: tumbling). */
  @Param({"1000"})
  public int slide;

  /**
   * Distinct rows cycled through (a power of two). Small by default: in a host the row was just
   * built and scored, so it is in cache; larger values add the cost of cache misses on the rows.
   */
  @Param({"256"})
  public int rowsInRotation;

  /**
   * Whether drift alarms (PSI, p-values) are on. Off by default: a window cycles through the
   * same {@code rowsInRotation} rows, which a monitor rightly sees as drift from the reference,
   * and each drifting window allocates its event. Every statistic is computed either way; only the
   * alarm decision and its event differ.
   */
  @Param({"false"})
  public boolean alarms;

  private Features[] rows;
  private double[] scores;
  private int[] labels;
  private DriftMonitor drift;
  private QualityMonitor quality;
  private int next;
  private int mask;

  @Setup
  public void setup() {
    FeatureSchema.Builder sb = FeatureSchema.builder();
    for (int i = 0; i < numbers; i++) {
      sb.number("n" + i);
    }
    for (int i = 0; i < categories; i++) {
      sb.category("c" + i);
    }
    FeatureSchema schema = sb.build();
    SplittableRandom r = new SplittableRandom(42);
    ReferenceProfile.Builder pb = ReferenceProfile.builder(schema).bins(bins).maxCategories(10);
    MutableFeatures row = Features.mutable(schema);
    for (int k = 0; k < 20_000; k++) {
      fill(row, r);
      pb.add(row, score(row));
    }
    DriftMonitor.Builder db = DriftMonitor.builder(pb.build()).window(window).slide(slide);
    if (!alarms) {
      db.psiAlarm(Double.POSITIVE_INFINITY).pValueAlarm(0);
    }
    drift = db.build();
    quality = QualityMonitor.builder().window(1000).build();
    if (Integer.bitCount(rowsInRotation) != 1) {
      throw new IllegalArgumentException("rowsInRotation must be a power of two: " + rowsInRotation);
    }
    mask = rowsInRotation - 1;
    rows = new Features[rowsInRotation];
    scores = new double[rowsInRotation];
    labels = new int[rowsInRotation];
    for (int k = 0; k < rowsInRotation; k++) {
      fill(row, r);
      rows[k] = row.snapshot();
      scores[k] = score(row);
      labels[k] = r.nextDouble() < scores[k] ? 1 : 0;
    }
  }

  private void fill(MutableFeatures row, SplittableRandom r) {
    for (int i = 0; i < numbers; i++) {
      if (r.nextInt(100) == 0) {
        row.setMissing(i);
      } else {
        row.setNumber(i, r.nextGaussian() * (i + 1));
      }
    }
    for (int i = 0; i < categories; i++) {
      row.setString(numbers + i, "level-" + r.nextInt(12));
    }
  }

  private double score(Features row) {
    double z = numbers > 0 && !row.isMissing(0) ? row.number(0) : 0;
    return 1 / (1 + Math.exp(-z));
  }

  /** One scored row into the drift monitor. */
  @Benchmark
  public void oursDrift() {
    int k = next++ & mask;
    drift.update(rows[k], withScore ? scores[k] : Double.NaN);
  }

  /** One labelled score into the quality monitor (ALL and one segment). */
  @Benchmark
  public void oursQuality() {
    int k = next++ & mask;
    quality.record((k & 1) == 0 ? "EMEA" : "NA", scores[k], labels[k]);
  }
}
