package dev.scoring.alarms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.ModelException;
import dev.scoring.ml.anomaly.AnomalyEvent;
import dev.scoring.ml.anomaly.Direction;
import dev.scoring.ml.anomaly.Episode;
import dev.scoring.ml.anomaly.Interval;
import dev.scoring.ml.anomaly.VolumeDetector;
import dev.scoring.monitoring.MonitorEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class AnomalyAlarmTest {

  private static final long HOUR = 3_600_000L;
  /** The surge: leads per hour 2.5 times the usual from this hour for eight hours. */
  private static final int SURGE = 24 * 14 + 9;
  private static final int HOURS = 24 * 18;

  @TempDir Path dir;

  /** Hourly inbound leads with a daily cycle, Poisson, one surge; the same for a seed. */
  private static int[] leads(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] x = new int[HOURS];
    for (int h = 0; h < HOURS; h++) {
      double mean = 40 + 25 * Math.sin(2 * Math.PI * (h % 24) / 24.0);
      if (h >= SURGE && h < SURGE + 8) {
        mean *= 2.5;
      }
      x[h] = poisson(r, mean);
    }
    return x;
  }

  private static int poisson(SplittableRandom r, double mean) {
    double l = Math.exp(-mean);
    int k = 0;
    double p = r.nextDouble();
    while (p > l) {
      k++;
      p *= r.nextDouble();
    }
    return k;
  }

  private static VolumeDetector detector(AnomalyAlarm alarm) {
    return VolumeDetector.builder().name("inbound").period(24).listener(alarm).build();
  }

  private static void feed(VolumeDetector d, int[] x, int from, int to) {
    for (int h = from; h < to; h++) {
      d.observe("web", h * HOUR, x[h]);
    }
  }

  @Test
  void surge_raisesOneAlarm_andOneRecovery_throughTheListeners() {
    List<MonitorEvent> events = new ArrayList<>();
    AnomalyAlarm alarm = AnomalyAlarm.builder("anomalies").listener(events::add).build();
    VolumeDetector d = detector(alarm);
    int[] x = leads(7);
    feed(d, x, 0, SURGE + 4);
    assertEquals(1, events.size(), events.toString());
    MonitorEvent.AnomalyRaised up = (MonitorEvent.AnomalyRaised) events.get(0);
    assertEquals("anomalies", up.monitor());
    assertEquals("inbound", up.detector());
    assertEquals("web", up.segment());
    assertEquals("rise", up.direction());
    assertEquals(SURGE * HOUR, up.detected().toEpochMilli());
    assertTrue(alarm.raised());
    assertEquals(1, alarm.openEpisodes().size());
    feed(d, x, SURGE + 4, HOURS);
    assertEquals(2, events.size(), events.toString());
    MonitorEvent.AnomalyRecovered down = (MonitorEvent.AnomalyRecovered) events.get(1);
    assertEquals("web", down.segment());
    assertEquals(up.onset(), down.onset());
    assertTrue(down.recovered().toEpochMilli() >= (SURGE + 8) * HOUR, down.toString());
    assertFalse(alarm.raised());
  }

  @Test
  void restart_withTheDetectorRestoredFromAnOlderSnapshot_doesNotAlarmAgain_andRecoversOnce() throws Exception {
    Path state = dir.resolve("alarm.bin");
    int[] x = leads(7);
    // first run: snapshot the detector before the surge, then the surge is alarmed, then the host dies
    List<MonitorEvent> first = new ArrayList<>();
    AnomalyAlarm a1 = AnomalyAlarm.builder("anomalies").listener(first::add).stateFile(state).build();
    VolumeDetector d1 = detector(a1);
    feed(d1, x, 0, SURGE - 2);
    ByteArrayOutputStream snapshot = new ByteArrayOutputStream();
    d1.save(snapshot);
    feed(d1, x, SURGE - 2, SURGE + 3);
    assertEquals(1, first.size(), first.toString());

    // second run: the alarm state is read back (raised, nothing announced); the detector replays from the snapshot
    List<MonitorEvent> second = new ArrayList<>();
    AnomalyAlarm a2 = AnomalyAlarm.builder("anomalies").listener(second::add).stateFile(state).build();
    assertTrue(a2.raised(), "an open episode keeps the alarm raised across the restart");
    assertEquals(List.of(((MonitorEvent.AnomalyRaised) first.get(0)).detected()),
        a2.openEpisodes().stream().map(Episode::detected).toList());
    VolumeDetector d2 = detector(a2);
    d2.restore(new ByteArrayInputStream(snapshot.toByteArray()));
    feed(d2, x, SURGE - 2, SURGE + 3);
    assertTrue(d2.raised(), "the restored detector found the surge again");
    assertEquals(List.of(), second, "but the alarm does not announce it again");
    feed(d2, x, SURGE + 3, HOURS);
    assertEquals(1, second.size(), second.toString());
    assertTrue(second.get(0) instanceof MonitorEvent.AnomalyRecovered, second.toString());
    assertFalse(a2.raised());

    // third run, replaying the whole surge from the old snapshot again: the episode is over, nothing is announced
    List<MonitorEvent> third = new ArrayList<>();
    AnomalyAlarm a3 = AnomalyAlarm.builder("anomalies").listener(third::add).stateFile(state).build();
    assertFalse(a3.raised());
    VolumeDetector d3 = detector(a3);
    d3.restore(new ByteArrayInputStream(snapshot.toByteArray()));
    feed(d3, x, SURGE - 2, HOURS);
    assertEquals(List.of(), third);
  }

  @Test
  void repeatsAndStrayRecoveries_areDropped_segmentsAndDirectionsAreSeparateEpisodes() {
    List<MonitorEvent> events = new ArrayList<>();
    AnomalyAlarm alarm = AnomalyAlarm.builder("anomalies").listener(events::add).listener(e -> {}).build();
    Episode webDrop = episode("web", Direction.DROP, 1_000);
    alarm.onEvent(new AnomalyEvent.Recovered(webDrop, 500, "never raised"));
    assertEquals(0, events.size());
    alarm.onEvent(new AnomalyEvent.Raised(webDrop));
    alarm.onEvent(new AnomalyEvent.Raised(episode("web", Direction.DROP, 2_000)));
    alarm.onEvent(new AnomalyEvent.Raised(episode("web", Direction.RISE, 2_000)));
    alarm.onEvent(new AnomalyEvent.Raised(episode("partner", Direction.DROP, 2_000)));
    assertEquals(3, events.size(), events.toString());
    assertEquals(3, alarm.openEpisodes().size());
    alarm.onEvent(new AnomalyEvent.Recovered(webDrop, 3_000, "rate back"));
    alarm.onEvent(new AnomalyEvent.Recovered(webDrop, 3_500, "rate back"));
    assertEquals(4, events.size(), events.toString());
    assertEquals(new MonitorEvent.AnomalyRecovered("anomalies", "conversion", "web", "drop", webDrop.onset(),
        java.time.Instant.ofEpochMilli(3_000), "rate back"), events.get(3));
    assertTrue(alarm.raised());
    // a replayed raise detected before the recovery is the same episode; a later one is a new episode
    alarm.onEvent(new AnomalyEvent.Raised(episode("web", Direction.DROP, 2_500)));
    assertEquals(4, events.size());
    alarm.onEvent(new AnomalyEvent.Raised(episode("web", Direction.DROP, 9_000)));
    assertEquals(5, events.size());
    // the replayed end of the older episode (recovered at 3,000) does not close the one detected at 9,000
    alarm.onEvent(new AnomalyEvent.Recovered(webDrop, 3_000, "rate back"));
    assertEquals(5, events.size(), events.toString());
    assertEquals(3, alarm.openEpisodes().size());
    alarm.onEvent(new AnomalyEvent.Recovered(episode("web", Direction.DROP, 9_000), 9_500, "rate back"));
    assertEquals(6, events.size());
    assertEquals(2, alarm.openEpisodes().size());
  }

  @Test
  void stateFile_corruptOrTruncated_isATypedErrorNamingTheFile() throws Exception {
    Path state = dir.resolve("alarm.bin");
    AnomalyAlarm a = AnomalyAlarm.builder("anomalies").stateFile(state).build();
    a.onEvent(new AnomalyEvent.Raised(episode("web", Direction.DROP, 1_000)));
    byte[] good = Files.readAllBytes(state);
    assertTrue(AnomalyAlarm.builder("anomalies").stateFile(state).build().raised());

    Files.write(state, Arrays.copyOf(good, good.length - 5));
    ModelException truncated = assertThrows(ModelException.class, () -> AnomalyAlarm.builder("a").stateFile(state).build());
    assertTrue(truncated.getMessage().contains(state.toString()) && truncated.getMessage().contains("truncated"),
        truncated.getMessage());

    byte[] bad = good.clone();
    bad[0] ^= 0x7f;
    Files.write(state, bad);
    ModelException magic = assertThrows(ModelException.class, () -> AnomalyAlarm.builder("a").stateFile(state).build());
    assertTrue(magic.getMessage().contains("not an anomaly alarm state"), magic.getMessage());

    Files.write(state, Arrays.copyOf(good, good.length + 1));
    assertThrows(ModelException.class, () -> AnomalyAlarm.builder("a").stateFile(state).build());
    try (var files = Files.list(dir)) {
      assertEquals(List.of(state), files.toList(), "no temporary file is left behind");
    }
  }

  private static Episode episode(String segment, Direction direction, long detected) {
    Interval i = new Interval(0.1, 0.08, 0.12);
    return new Episode("conversion", segment, direction, detected - 500, detected, 10, i, i, 9.5,
        "conversion " + segment + " " + direction);
  }
}
