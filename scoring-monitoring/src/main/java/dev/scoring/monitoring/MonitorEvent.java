package dev.scoring.monitoring;

import java.time.Instant;

/** What a monitor reports to its {@link MonitorListener}. */
public sealed interface MonitorEvent {

  /** The monitor that raised it ({@link Alarm#name()}). */
  String monitor();

  /**
   * A window drifted: sent for every drifting window while it lasts.
   *
   * @param monitor the monitor's name
   * @param report the window's report
   */
  record DriftDetected(String monitor, DriftReport report) implements MonitorEvent {}

  /**
   * The first window without drift after drift.
   *
   * @param monitor the monitor's name
   * @param report the window's report
   */
  record DriftCleared(String monitor, DriftReport report) implements MonitorEvent {}

  /**
   * A segment's quality fell below its threshold: sent when it happens, not again until it recovers.
   *
   * @param monitor the monitor's name
   * @param quality the segment's quality at that moment
   * @param reason what crossed which threshold
   */
  record QualityDropped(String monitor, SegmentQuality quality, String reason) implements MonitorEvent {}

  /**
   * A segment's quality is back within its thresholds.
   *
   * @param monitor the monitor's name
   * @param quality the segment's quality at that moment
   */
  record QualityRecovered(String monitor, SegmentQuality quality) implements MonitorEvent {}

  /**
   * An anomaly episode began (a detector outside this module, bridged to the monitors): sent once per
   * episode, not again while it lasts.
   *
   * @param monitor the alarm's name
   * @param detector the detector that found it
   * @param segment the segment (channel, team, source)
   * @param direction {@code "rise"} or {@code "drop"}
   * @param onset when the change began, as estimated
   * @param detected when it was detected
   * @param description one line for people: what changed from what to what
   */
  record AnomalyRaised(String monitor, String detector, String segment, String direction, Instant onset,
      Instant detected, String description) implements MonitorEvent {}

  /**
   * An anomaly episode ended.
   *
   * @param monitor the alarm's name
   * @param detector the detector that found it
   * @param segment the segment
   * @param direction {@code "rise"} or {@code "drop"}
   * @param onset when the episode's change began
   * @param recovered when it ended
   * @param reason why it is over, for people
   */
  record AnomalyRecovered(String monitor, String detector, String segment, String direction, Instant onset,
      Instant recovered, String reason) implements MonitorEvent {}
}
