package dev.scoring.ml.anomaly;

import java.util.ArrayList;
import java.util.List;

/** A listener that keeps every event, for tests. */
final class Recorder implements AnomalyListener {

  final List<AnomalyEvent> events = new ArrayList<>();

  @Override
  public synchronized void onEvent(AnomalyEvent event) {
    events.add(event);
  }

  synchronized List<Episode> raised() {
    List<Episode> list = new ArrayList<>();
    for (AnomalyEvent e : events) {
      if (e instanceof AnomalyEvent.Raised r) {
        list.add(r.episode());
      }
    }
    return list;
  }

  synchronized List<AnomalyEvent.Recovered> recovered() {
    List<AnomalyEvent.Recovered> list = new ArrayList<>();
    for (AnomalyEvent e : events) {
      if (e instanceof AnomalyEvent.Recovered r) {
        list.add(r);
      }
    }
    return list;
  }
}
