package dev.scoring.ml.anomaly;

import dev.scoring.api.Features;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Feeds the anomaly detectors from the stream a host already has: every scored record
 * ({@link #onRecord}) and every outcome that arrives later ({@link #onOutcome}), the same stream
 * its drift and quality monitors see. Records are counted per interval by segment for a
 * {@link VolumeDetector} and learned by a {@link RecordAnomalyScorer}; outcomes go to a
 * {@link RateChangeDetector}. Each part is optional.
 *
 * <pre>{@code
 * AnomalyMonitor anomalies = AnomalyMonitor.builder()
 *     .volume(volume, Duration.ofHours(1), "lead_source")
 *     .records(bots)
 *     .rates(conversion)
 *     .build();
 * Decision d = pipeline.decide(row);
 * anomalies.onRecord(row, d.decidedAt().toEpochMilli());
 * // later, when the lead converts or is lost:
 * anomalies.onOutcome(channel, converted, closedAt);
 * }</pre>
 *
 * Thread-safe if its parts are (they are).
 */
public final class AnomalyMonitor {

  /** The segment name for a record whose segment feature is missing. */
  public static final String MISSING_SEGMENT = "(missing)";

  private final @Nullable RateChangeDetector rates;
  private final @Nullable VolumeDetector volume;
  private final @Nullable EventCounter counter;
  private final @Nullable String segmentFeature;
  private final @Nullable RecordAnomalyScorer records;

  private AnomalyMonitor(Builder b) {
    this.rates = b.rates;
    this.volume = b.volume;
    this.counter = b.volume == null ? null : new EventCounter(Objects.requireNonNull(b.interval), b.volume);
    this.segmentFeature = b.segmentFeature;
    this.records = b.records;
  }

  /** Starts a monitor. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * One scored record: counted in its segment's interval and learned by the record scorer.
   *
   * @param row the record as it was scored
   * @param epochMillis when it arrived (the decision's time)
   * @throws dev.scoring.api.RecordException if the row is bound to another schema than the record scorer's
   */
  public void onRecord(Features row, long epochMillis) {
    if (counter != null) {
      counter.event(segmentOf(row), epochMillis);
    }
    if (records != null) {
      records.learn(row);
    }
  }

  /** One outcome (converted or not, won or lost) of a segment. */
  public void onOutcome(String segment, boolean success, long epochMillis) {
    if (rates != null) {
      rates.observe(segment, success, epochMillis);
    }
  }

  /** Closes every volume interval that ended at or before {@code epochMillis} (call it from a timer). */
  public void advanceTo(long epochMillis) {
    if (counter != null) {
      counter.advanceTo(epochMillis);
    }
  }

  /** Whether the rate or volume detector has an open episode. */
  public boolean raised() {
    return (rates != null && rates.raised()) || (volume != null && volume.raised());
  }

  private String segmentOf(Features row) {
    String name = Objects.requireNonNull(segmentFeature);
    int i = row.schema().feature(name).index();
    if (row.isMissing(i)) {
      return MISSING_SEGMENT;
    }
    String s = row.string(i);
    return s != null ? s : row.display(i);
  }

  /** Configures an {@link AnomalyMonitor}; not thread-safe. */
  public static final class Builder {
    private @Nullable RateChangeDetector rates;
    private @Nullable VolumeDetector volume;
    private @Nullable Duration interval;
    private @Nullable String segmentFeature;
    private @Nullable RecordAnomalyScorer records;

    private Builder() {}

    /** Sends outcomes to a rate detector. */
    public Builder rates(RateChangeDetector detector) {
      this.rates = Objects.requireNonNull(detector, "detector");
      return this;
    }

    /**
     * Counts records per {@code interval} by the value of {@code segmentFeature} (a category, or
     * any feature's displayed value) and feeds the counts to a volume detector.
     */
    public Builder volume(VolumeDetector detector, Duration interval, String segmentFeature) {
      this.volume = Objects.requireNonNull(detector, "detector");
      this.interval = Objects.requireNonNull(interval, "interval");
      this.segmentFeature = Objects.requireNonNull(segmentFeature, "segmentFeature");
      return this;
    }

    /** Lets a record scorer learn every record. */
    public Builder records(RecordAnomalyScorer scorer) {
      this.records = Objects.requireNonNull(scorer, "scorer");
      return this;
    }

    /**
     * The monitor.
     *
     * @throws dev.scoring.api.ModelException if the record scorer's schema lacks the segment feature
     */
    public AnomalyMonitor build() {
      if (records != null && segmentFeature != null) {
        records.schema().feature(segmentFeature); // the segment must be a feature of the scored rows
      }
      return new AnomalyMonitor(this);
    }
  }
}
