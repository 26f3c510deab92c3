package dev.scoring.ml.anomaly;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Detection rate, median delay and false alarms per 10,000 normal points over a set of streams. */
final class Tally {

  final String name;
  int anomalies;
  int detected;
  final List<Long> delays = new ArrayList<>();
  long falseAlarms;
  long normalPoints;

  Tally(String name) {
    this.name = name;
  }

  void anomaly(boolean found, long delay) {
    anomalies++;
    if (found) {
      detected++;
      delays.add(delay);
    }
  }

  void normal(long points, long alarms) {
    normalPoints += points;
    falseAlarms += alarms;
  }

  double detectionRate() {
    return anomalies == 0 ? Double.NaN : (double) detected / anomalies;
  }

  double medianDelay() {
    if (delays.isEmpty()) {
      return Double.NaN;
    }
    List<Long> s = new ArrayList<>(delays);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : 0.5 * (s.get(n / 2 - 1) + s.get(n / 2));
  }

  double falseAlarmsPer10k() {
    return normalPoints == 0 ? Double.NaN : 10_000.0 * falseAlarms / normalPoints;
  }

  String row() {
    return String.format(Locale.ROOT, "| %s | %s | %s | %.2f (%d in %,d) |", name,
        anomalies == 0 ? "-" : String.format(Locale.ROOT, "%.0f%% (%d/%d)", 100 * detectionRate(), detected, anomalies),
        delays.isEmpty() ? "-" : String.format(Locale.ROOT, "%.1f", medianDelay()),
        falseAlarmsPer10k(), falseAlarms, normalPoints);
  }
}
