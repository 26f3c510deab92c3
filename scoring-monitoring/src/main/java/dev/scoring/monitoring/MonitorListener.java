package dev.scoring.monitoring;

/**
 * Receives monitor events. Called on the thread whose update completed a window, outside the
 * monitor's lock; it should be quick (hand heavy work to an executor) and must not throw.
 */
@FunctionalInterface
public interface MonitorListener {

  /** Handles one event. */
  void onEvent(MonitorEvent event);

  /** A listener that ignores every event. */
  static MonitorListener none() {
    return e -> {};
  }
}
