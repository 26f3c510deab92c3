package dev.scoring.ml.anomaly;

/**
 * Receives anomaly events. Called on the thread whose observation raised or ended an episode,
 * after the detector's lock is released; it should be quick and must not throw. A host bridges it
 * to its monitoring listeners (one line: wrap the event in the host's alarm type).
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
