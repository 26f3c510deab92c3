package dev.scoring.ml.anomaly;

import java.time.Instant;

/**
 * What a detector reports to its {@link AnomalyListener}: once when an episode starts, once when it
 * ends. No event repeats while an episode lasts, and a restored detector does not raise an episode
 * that was already open when its state was saved.
 */
public sealed interface AnomalyEvent {

  /** The episode. */
  Episode episode();

  /**
   * An episode began.
   *
   * @param episode the episode as detected
   */
  record Raised(Episode episode) implements AnomalyEvent {}

  /**
   * An episode ended.
   *
   * @param episode the episode as it was raised
   * @param recoveredMillis when it ended (epoch milliseconds of the observation that ended it)
   * @param reason why, for people, e.g. {@code "rate back to 11.8% [10.1%, 13.6%]"}
   */
  record Recovered(Episode episode, long recoveredMillis, String reason) implements AnomalyEvent {
    /** When it ended, as an instant. */
    public Instant recovered() {
      return Instant.ofEpochMilli(recoveredMillis);
    }
  }
}
