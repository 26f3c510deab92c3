/**
 * Anomaly detection on sales event streams: every observation is judged when it arrives, never
 * with later data.
 *
 * <ul>
 *   <li>{@link dev.scoring.ml.anomaly.RateChangeDetector}: a binomial rate per segment (conversion
 *       per channel, win rate per team) with a sequential test (Bernoulli CUSUMs confirmed by a
 *       two-sample likelihood ratio) at a configured false-alarm rate; says which segment, since when,
 *       and from what rate to what rate with intervals.
 *   <li>{@link dev.scoring.ml.anomaly.VolumeDetector}: counts (or values) per interval with a
 *       seasonal cycle: a robust seasonal median baseline, variance-stabilised robust scores, spikes,
 *       drops and level shifts, with the expected value and band in the alarm;
 *       {@link dev.scoring.ml.anomaly.EventCounter} turns timestamped events into counts per
 *       interval (zeros included) and {@link dev.scoring.ml.anomaly.SeasonalEsd} is the batch view.
 *   <li>{@link dev.scoring.ml.anomaly.RecordAnomalyScorer}: an isolation forest over recent normal
 *       records, refitted online, that scores one submission or deal change, explains which fields
 *       made it unusual, and gates the decision pipeline (a suspect goes to review).
 * </ul>
 *
 * Episodes are reported once to an {@link dev.scoring.ml.anomaly.AnomalyListener}
 * ({@link dev.scoring.ml.anomaly.AnomalyEvent.Raised}, then
 * {@link dev.scoring.ml.anomaly.AnomalyEvent.Recovered}); every detector saves and restores its
 * state, so a restart does not raise an open episode again.
 * {@link dev.scoring.ml.anomaly.AnomalyMonitor} feeds all three from the stream of scored records
 * and outcomes that the monitors see.
 */
@NullMarked
package dev.scoring.ml.anomaly;

import org.jspecify.annotations.NullMarked;
