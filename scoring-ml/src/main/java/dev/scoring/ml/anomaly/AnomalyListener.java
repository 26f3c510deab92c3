package dev.scoring.ml.anomaly;

/**
 * Receives anomaly events. Called on the thread whose observation raised or ended an episode,
 * after the detector's lock is released; it should be quick and must not throw. {@code
 * dev.scoring.alarms.AnomalyAlarm} (module {@code scoring-lifecycle}) bridges it to the monitoring
 * listeners, one alarm per episode, with a restart-safe state.
 */
@FunctionalInterface
public interface AnomalyListener {

  /** Handles one event. */
  void onEvent(AnomalyEvent event);

  /** A listener that ignores every event. */
  static AnomalyListener none() {
    return e -> {};
  }
}
