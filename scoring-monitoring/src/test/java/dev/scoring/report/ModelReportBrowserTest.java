package dev.scoring.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.scoring.monitoring.BankReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Opens a full report in a real headless Chromium: every chart is laid out with a size and drawn
 * marks, every chart has its table, nothing is fetched, the console stays clean; the screenshot is
 * kept in {@code target/report-screenshots/}. Under {@code CI=true} a missing Chromium fails the test
 * ({@code .ci/run} installs Debian's package); elsewhere it skips.
 */
final class ModelReportBrowserTest {

  private static final String CHECK = """
      (() => {
        const out = [];
        for (const section of document.querySelectorAll('section.figure')) {
          const svg = section.querySelector('svg.chart');
          const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
          const marks = svg ? [...svg.querySelectorAll('path.series, rect.bar, circle.marker')]
              .filter(e => { const b = e.getBBox(); return b.width > 0 || b.height > 0; }).length : 0;
          const rows = section.querySelectorAll('table tbody tr').length;
          out.push([section.id, Math.round(box.width), Math.round(box.height), marks, rows].join(':'));
        }
        out.push('resources:' + performance.getEntriesByType('resource').length);
        return out.join(' ');
      })()""";

  @Test
  void everyChartRenders_inHeadlessChromium() throws Exception {
    Optional<Path> chromium = HeadlessChromium.find();
    if (chromium.isEmpty()) {
      if ("true".equals(System.getenv("CI"))) {
        fail("Chromium is not installed (CI=true): install Debian's chromium package (.ci/run does) or set SCORING_CHROMIUM");
      }
      Assumptions.abort("Chromium is not installed; the browser test runs in CI");
    }
    Path out = Path.of("target", "report-screenshots");
    Files.createDirectories(out);
    Path page = out.resolve("model-report.html").toAbsolutePath();
    BankReport.builder().build().write(page);
    try (HeadlessChromium browser = new HeadlessChromium(chromium.get())) {
      browser.open(page);
      String result = browser.evaluate(CHECK);
      List<String> charts = Arrays.asList(result.split(" "));
      assertEquals(List.of("roc", "pr", "reliability", "sweep", "segments-1", "segments-2", "drift", "leakage", "reasons"),
          charts.stream().filter(c -> !c.startsWith("resources:")).map(c -> c.split(":")[0]).toList(), result);
      for (String c : charts) {
        String[] f = c.split(":");
        if (f[0].equals("resources")) {
          assertEquals("0", f[1], "the page fetched something: " + result);
          continue;
        }
        assertTrue(Integer.parseInt(f[1]) >= 300 && Integer.parseInt(f[2]) >= 80, "chart " + f[0] + " is laid out too small: " + c);
        assertTrue(Integer.parseInt(f[3]) >= 1, "chart " + f[0] + " drew nothing: " + c);
        assertTrue(Integer.parseInt(f[4]) >= 1, "chart " + f[0] + " has no table rows: " + c);
      }
      assertEquals("9", browser.evaluate("String(document.querySelectorAll('svg[role=img] > title').length)"), "every chart has a name");
      byte[] png = browser.screenshot(1280);
      Files.write(out.resolve("model-report.png"), png);
      assertTrue(png.length > 20_000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "a PNG screenshot of " + png.length + " bytes");
      assertEquals(List.of(), browser.errors(), "console errors");
    }
  }
}
