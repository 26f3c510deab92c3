package dev.scoring.monitoring;

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
}
