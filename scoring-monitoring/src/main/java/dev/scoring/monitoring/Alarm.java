package dev.scoring.monitoring;

/**
 * A monitor's alarm state, read by a {@link ReviewGate} on every record: must be cheap and
 * thread-safe (a volatile read).
 */
public interface Alarm {

  /** The monitor's name, used in events and review reasons. */
  String name();

  /** Whether the alarm is raised now. */
  boolean raised();
}
