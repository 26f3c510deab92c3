package dev.scoring.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.evaluation.BinaryMetrics;
import dev.scoring.monitoring.BankReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ModelReportTest {

  @TempDir Path dir;

  @Test
  void fullReport_hasEveryChartWithItsTable_andNothingFromTheNetwork() {
    String html = BankReport.builder().build().html();
    for (String id : List.of("roc", "pr", "reliability", "sweep", "segments-1", "segments-2", "drift", "leakage", "reasons")) {
      Matcher m = Pattern.compile("(?s)<section class=\"figure\" id=\"" + id + "\">(.*?)</section>").matcher(html);
      assertTrue(m.find(), "no section " + id);
      String section = m.group(1);
      assertTrue(section.contains("<svg class=\"chart\" id=\"" + id + "-chart\" role=\"img\""), id);
      assertTrue(section.contains("<title id=\"" + id + "-chart-title\">"), id + ": the chart has an accessible name");
      assertTrue(section.contains("<table><caption>") && section.contains("<tbody><tr>"), id + ": a table with rows behind the chart");
    }
    assertFalse(html.contains("<script"), "no script");
    assertFalse(Pattern.compile("(?i)(src|href)\\s*=").matcher(html).find(), "nothing loaded from anywhere");
    assertEquals(List.of("http://www.w3.org/2000/svg"),
        Pattern.compile("https?://[^\"'\\s<]+").matcher(html).results().map(r -> r.group()).distinct().toList());
    assertTrue(html.contains("Model card: hand-made score"));
    assertTrue(html.contains("DeLong"));
  }

  @Test
  void text_isEscapedEverywhere() {
    String html = BankReport.builder().build().html();
    assertTrue(html.contains("high impact: &lt;deal&gt; &amp; &quot;quotes&quot;"), "reason in the table");
    assertTrue(html.contains("uncertain score &lt;0.4&gt;"), "a free table's cell");
    assertFalse(html.contains("<deal>"));
  }

  @Test
  void sameInputs_sameBytes_andWriteReplacesTheFileWhole() throws Exception {
    String a = BankReport.builder().build().html();
    String b = BankReport.builder().build().html();
    assertEquals(a, b);
    Path file = dir.resolve("sub/report.html");
    ModelReport.builder("first").build().write(file);
    BankReport.builder().build().write(file);
    assertEquals(a, Files.readString(file));
    try (var files = Files.list(file.getParent())) {
      assertEquals(List.of(file), files.toList(), "no temporary file left behind");
    }
  }

  @Test
  void rocCurve_matchesTheExactAucByTrapezoids() {
    double[] s = {0.9, 0.8, 0.8, 0.7, 0.4, 0.4, 0.3, 0.1};
    int[] y = {1, 1, 0, 1, 0, 1, 0, 0};
    Curves c = Curves.of(s, y, 1000);
    double area = 0;
    for (int i = 1; i < c.threshold().length; i++) {
      area += (c.falsePositiveRate()[i] - c.falsePositiveRate()[i - 1]) * (c.truePositiveRate()[i] + c.truePositiveRate()[i - 1]) / 2;
    }
    assertEquals(BinaryMetrics.rocAuc(s, y), area, 1e-12);
    assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, 0.9, 0.8, 0.7, 0.4, 0.3, 0.1}, c.threshold());
    assertEquals(1.0, c.truePositiveRate()[c.threshold().length - 1]);
    Curves thin = Curves.of(s, y, 3);
    assertEquals(3, thin.threshold().length);
    assertEquals(1.0, thin.falsePositiveRate()[2], "thinning keeps both ends");
  }

  @Test
  void badInput_isRefusedWithTheReason() {
    ModelReport.Builder b = ModelReport.builder("t");
    assertTrue(assertThrows(IllegalStateException.class, () -> b.baseline("rules", new double[] {1})).getMessage().contains("scores(...)"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> b.scores("m", new double[] {0.1, 0.2}, new int[] {0, 2}))
        .getMessage().contains("row 1"));
    b.scores("m", new double[] {0.1, 0.2}, new int[] {0, 1});
    assertThrows(IllegalArgumentException.class, () -> b.baseline("rules", new double[] {1}));
    assertThrows(IllegalArgumentException.class, () -> b.table("t", List.of("a", "b"), List.of(List.of("x"))));
    assertThrows(IllegalArgumentException.class, () -> ModelReport.builder(" "));
    assertThrows(IllegalArgumentException.class, () -> new ModelCard("", Map.of(), List.of()));
  }

  @Test
  void wilsonInterval_containsTheRate_andNarrowsWithRows() {
    double[] small = ModelReport.Builder.wilson(0.2, 10);
    double[] large = ModelReport.Builder.wilson(0.2, 1000);
    assertTrue(small[0] < 0.2 && 0.2 < small[1]);
    assertTrue(large[1] - large[0] < small[1] - small[0]);
    assertEquals(0.0, ModelReport.Builder.wilson(0, 50)[0], 1e-12);
    // Wilson (1927), n = 10, 2 successes: [0.0567, 0.5098]
    assertEquals(0.0567, small[0], 1e-4);
    assertEquals(0.5098, small[1], 1e-4);
  }
}
