package dev.scoring.ml.anomaly;

import java.time.Instant;

/**
 * One anomaly episode: which detector and segment, which way, since when, and against what.
 *
 * @param detector the detector's name
 * @param segment the segment (channel, team, source)
 * @param direction a rise or a drop
 * @param onsetMillis when the change began, as estimated when it was detected (epoch milliseconds)
 * @param detectedMillis when it was detected (epoch milliseconds of the observation that raised it)
 * @param delay observations from the estimated onset to detection, both included (1 for a spike found at once)
 * @param expected the baseline rate with its confidence interval, or the expected volume with its band
 * @param observed the rate since the onset with its confidence interval, or the observed value
 * @param statistic the test statistic that crossed its threshold (log likelihood ratio or robust z)
 * @param description one line for people
 */
public record Episode(
    String detector,
    String segment,
    Direction direction,
    long onsetMillis,
    long detectedMillis,
    long delay,
    Interval expected,
    Interval observed,
    double statistic,
    String description) {

  /** Checks the delay. */
  public Episode {
    if (delay < 1) {
      throw new IllegalArgumentException("delay must be at least one observation: " + delay);
    }
  }

  /** The estimated onset as an instant. */
  public Instant onset() {
    return Instant.ofEpochMilli(onsetMillis);
  }

  /** The detection time as an instant. */
  public Instant detected() {
    return Instant.ofEpochMilli(detectedMillis);
  }
}
