package dev.scoring.alarms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.ml.anomaly.Episode;
import dev.scoring.monitoring.MonitorEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a real process that is writing the alarm state: the file is always whole and at most one event ahead. */
final class AnomalyAlarmCrashTest {

  @TempDir Path dir;

  @Test
  void killedWhileWriting_stateIsWhole_andTheNextRunAnnouncesEachEventOnce() throws Exception {
    Path state = dir.resolve("alarm.bin");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (int round = 0; round < 3; round++) {
      Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), AlarmWriter.class.getName(),
          state.toString()).redirectErrorStream(true).start();
      long last = -1;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        int target = 50 + 37 * round;
        String line;
        boolean killed = false;
        while ((line = out.readLine()) != null) {
          last = Long.parseLong(line.trim());
          if (last >= target && !killed) {
            // SIGKILL, in the middle of writing the next events; through the handle, which (unlike
            // Process.destroyForcibly) leaves our end of the pipe open
            p.toHandle().destroyForcibly();
            killed = true;
          }
          // after the kill, read on to the end: the lines the child printed before it died (each after its event
          // was written and heard) are still in the pipe, so `last` ends as the last event it announced
        }
      } finally {
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      }
      assertTrue(last >= 50, "the child ran: " + last);

      // the state is readable and is the state after event `last` or after the one it was writing
      List<MonitorEvent> heard = new ArrayList<>();
      AnomalyAlarm alarm = AnomalyAlarm.builder("anomalies").listener(heard::add).stateFile(state).build();
      List<Long> open = alarm.openEpisodes().stream().map(Episode::detectedMillis).toList();
      // an open episode names the raise it came from; none means the last write was a recovery (odd events)
      long persisted = !open.isEmpty() ? open.get(0) / 10 : last % 2 == 1 ? last : last + 1;
      assertTrue(persisted == last || persisted == last + 1, "state at event " + persisted + ", announced " + last);
      assertEquals(persisted % 2 == 0, alarm.raised());

      // replaying from the last announced event: what was persisted is not announced again, the rest once
      for (long i = last; i <= persisted + 2; i++) {
        alarm.onEvent(AlarmWriter.event(i));
      }
      assertEquals(2, heard.size(), heard.toString());
      Files.delete(state);
    }
  }
}
