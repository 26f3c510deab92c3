package dev.scoring.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scoring monitor} on the bank sample: the first calls against the later ones, and a copy against itself. */
final class MonitorCommandTest {

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return ScoringCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void monitor_findsTheMacroDrift_andWritesTheReport() throws Exception {
    List<String> lines;
    try (InputStream in = getClass().getResourceAsStream("/data/bank-sample.csv")) {
      lines = new String(java.util.Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    Path early = dir.resolve("early.csv");
    Path late = dir.resolve("late.csv");
    int half = lines.size() / 2;
    Files.write(early, lines.subList(0, half));
    Files.write(late, concat(lines.get(0), lines.subList(half, lines.size())));
    Path html = dir.resolve("drift.html");
    assertEquals(0, run("monitor", "--reference", early.toString(), "--input", late.toString(), "--exclude", "y,duration",
        "--report", html.toString()), err.toString());
    assertTrue(out.toString().contains(" against " + String.format(java.util.Locale.ROOT, "%,d", half - 1) + " reference rows"), out.toString());
    assertTrue(Files.readString(html).contains("<section class=\"figure\" id=\"drift\">"));
    assertEquals(0, run("monitor", "--reference", early.toString(), "--input", early.toString(), "--exclude", "y,duration", "--json"));
    assertTrue(out.toString().contains("\"drifted\" : false") && !out.toString().contains("\"drifted\" : true"), out.toString());
    Path other = dir.resolve("other.csv");
    Files.write(other, List.of("a;b", "1;2"));
    assertEquals(1, run("monitor", "--reference", early.toString(), "--input", other.toString()));
    assertTrue(err.toString().contains("give both files the same header"), err.toString());
  }

  private static List<String> concat(String head, List<String> rest) {
    List<String> all = new java.util.ArrayList<>(List.of(head));
    all.addAll(rest);
    return all;
  }
}
