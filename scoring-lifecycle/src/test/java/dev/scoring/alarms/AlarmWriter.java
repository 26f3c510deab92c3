package dev.scoring.alarms;

import dev.scoring.ml.anomaly.AnomalyEvent;
import dev.scoring.ml.anomaly.Direction;
import dev.scoring.ml.anomaly.Episode;
import dev.scoring.ml.anomaly.Interval;
import java.nio.file.Path;

/**
 * The child process of {@link AnomalyAlarmCrashTest}: raises and ends episodes of one segment in turn,
 * forever, through an alarm with a state file, printing the number of each event after the listeners
 * heard it; the test kills it.
 */
final class AlarmWriter {

  private AlarmWriter() {}

  static Episode episode(long i) {
    Interval v = new Interval(10, 8, 12);
    return new Episode("inbound", "web", Direction.RISE, i * 10 - 5, i * 10, 1, v, v, 7, "surge " + i);
  }

  /** Event {@code i}: a raise when even, the recovery of the raise before it when odd. */
  static AnomalyEvent event(long i) {
    return i % 2 == 0 ? new AnomalyEvent.Raised(episode(i)) : new AnomalyEvent.Recovered(episode(i - 1), i * 10, "back");
  }

  public static void main(String[] args) {
    long[] announced = {0};
    AnomalyAlarm alarm = AnomalyAlarm.builder("anomalies").listener(e -> announced[0]++).stateFile(Path.of(args[0])).build();
    for (long i = 0; ; i++) {
      alarm.onEvent(event(i));
      System.out.println(i);
      System.out.flush();
    }
  }
}
