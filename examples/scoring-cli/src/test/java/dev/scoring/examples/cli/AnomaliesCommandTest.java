package dev.scoring.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code scoring anomalies} on generated event files with known changes. */
final class AnomaliesCommandTest {

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ScoringCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void rate_dropInOneChannel_isPrintedAsAnEpisode() throws Exception {
    List<String> lines = new ArrayList<>(List.of("ts,channel,converted"));
    SplittableRandom r = new SplittableRandom(1);
    long t0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    for (int i = 0; i < 12_000; i++) {
      String ts = Instant.ofEpochMilli(t0 + i * 60_000L).toString();
      lines.add(ts + ",web," + (r.nextDouble() < (i < 6_000 ? 0.2 : 0.08) ? "yes" : "no"));
      lines.add(ts + ",partner," + (r.nextDouble() < 0.2 ? "yes" : "no"));
    }
    Path csv = dir.resolve("events.csv");
    Files.write(csv, lines);
    assertEquals(0, run("anomalies", "--input", csv.toString(), "--time", "ts", "--metric", "converted", "--segment", "channel"), err.toString());
    String text = out.toString();
    assertTrue(text.contains("RAISED web  drop  converted  onset 2026-01-0"), text);
    assertTrue(text.contains("rate in 'web' dropped from 2"), text);
    assertTrue(!text.contains("RAISED partner"), text);
    assertTrue(text.contains("24,000 rows, 1 episodes (1 still open)"), text);
  }

  @Test
  void volume_burstOfEvents_isPrintedWithItsExpectedBand() throws Exception {
    List<String> lines = new ArrayList<>(List.of("created;source"));
    SplittableRandom r = new SplittableRandom(2);
    long t0 = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();
    int burstHour = 24 * 20 + 13;
    for (int hour = 0; hour < 24 * 28; hour++) {
      int n = 20 + r.nextInt(5) + (hour == burstHour ? 150 : 0);
      for (int k = 0; k < n; k++) {
        lines.add((t0 + hour * 3_600_000L + k * 1_000L) + ";web");
      }
    }
    Path csv = dir.resolve("leads.csv");
    Files.write(csv, lines);
    assertEquals(0, run("anomalies", "--input", csv.toString(), "--time", "created", "--segment", "source", "--period", "24"), err.toString());
    String text = out.toString();
    assertTrue(text.contains("RAISED web  rise  events per PT1H  onset 2026-01-25T13:00:00Z"), text);
    assertTrue(text.contains("spike in 'web'"), text);
  }

  @Test
  void badInput_isOneLineOnStderr() throws Exception {
    Path csv = dir.resolve("bad.csv");
    Files.write(csv, List.of("ts,ok", "2026-01-01,maybe"));
    assertEquals(1, run("anomalies", "--input", csv.toString(), "--time", "ts", "--metric", "ok"));
    assertTrue(err.toString().contains("line 2: outcome 'maybe' is not yes/no"), err.toString());
    assertEquals(1, run("anomalies", "--input", csv.toString(), "--time", "when"));
    assertTrue(err.toString().contains("column 'when' is not in"), err.toString());
  }
}
