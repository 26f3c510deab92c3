package dev.scoring.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

final class ProgressTest {

  @Test
  void line_showsShareRowsRateAndEta() {
    String l = Progress.line(50_000, 0.25, 10, 20);
    assertEquals("\r[#####               ]  25%  50,000 rows  5,000 rows/s  ETA 0:30 ", l);
    assertTrue(Progress.line(200_000, 1.0, 40, 20).endsWith("200,000 rows  5,000 rows/s "), "no ETA when done");
    assertTrue(Progress.line(10, 0.5, 3600 * 2, 20).contains("ETA 2:00:00"));
    assertEquals("\r[##########          ]  50%  65,536 pairs  13,107 pairs/s  ETA 0:05 ", Progress.line(65_536, 0.5, 5, 20, "pairs"));
  }

  @Test
  void disabled_printsNothing() {
    StringWriter w = new StringWriter();
    Progress p = new Progress(new PrintWriter(w), false);
    p.update(1_000_000, () -> 0.5);
    p.finish();
    assertEquals("", w.toString());
  }
}
