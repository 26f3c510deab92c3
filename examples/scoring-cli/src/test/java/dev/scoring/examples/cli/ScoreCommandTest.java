package dev.scoring.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerRegistry;
import dev.scoring.api.ScorerSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code scoring score} as a user would (main-method level) with the engagement plugin. */
final class ScoreCommandTest {

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ScoringCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private String[] score(Path input, Path output, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("score", "--model", input.toString(), "--type", "engagement",
        "--option", "weights=email_opens:0.25, web_visits:0.15, demo_requested:1.5", "--option", "intercept=-2.5",
        "--input", input.toString(), "--output", output.toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void score_matchesTheApiAndReadsQuotingBomAndSemicolons() throws Exception {
    Path in = dir.resolve("leads.csv");
    Files.writeString(in, "\uFEFFlead_id;email_opens;web_visits;demo_requested;notes\n"
        + "L1;3;5;true;\"line one\nline two; with a semicolon\"\n"
        + "L2;0;1;false;\"said \"\"call later\"\"\"\n"
        + "L3;7;2;no;\n", StandardCharsets.UTF_8);
    Path outFile = dir.resolve("scores.csv");
    assertEquals(0, run(score(in, outFile, "--id", "lead_id", "--explain", "--top", "2")), err.toString());
    List<String> lines = Files.readAllLines(outFile);
    assertEquals("lead_id,score,reasons", lines.get(0));
    assertEquals(4, lines.size());

    FeatureSchema schema = FeatureSchema.builder().number("email_opens").number("web_visits").bool("demo_requested").build();
    try (Scorer api = ScorerRegistry.discover(getClass().getClassLoader()).load(ScorerSpec.builder("engagement").schema(schema)
        .option("weights", "email_opens:0.25, web_visits:0.15, demo_requested:1.5").option("intercept", "-2.5").build())) {
      double[] expected = {
          api.score(Features.of(schema, Map.of("email_opens", 3, "web_visits", 5, "demo_requested", true))).value(),
          api.score(Features.of(schema, Map.of("email_opens", 0, "web_visits", 1, "demo_requested", false))).value(),
          api.score(Features.of(schema, Map.of("email_opens", 7, "web_visits", 2, "demo_requested", false))).value()};
      for (int i = 0; i < 3; i++) {
        String[] cells = lines.get(i + 1).split(",", 3);
        assertEquals("L" + (i + 1), cells[0]);
        assertEquals(expected[i], Double.parseDouble(cells[1]), 0.0);
      }
    }
    assertTrue(lines.get(1).endsWith("demo_requested = true (+1.5) | email_opens = 3 (+0.75)"), lines.get(1));
    assertTrue(EndToEndTest.lastLine(err).startsWith("scored 3 rows in "), err.toString());
  }

  @Test
  void score_threadsAndBatchesGiveTheSameOutput() throws Exception {
    StringBuilder csv = new StringBuilder("email_opens,web_visits,demo_requested\n");
    for (int i = 0; i < 2500; i++) {
      csv.append(i % 13).append(',').append(i % 7).append(',').append(i % 3 == 0).append('\n');
    }
    Path in = dir.resolve("many.csv");
    Files.writeString(in, csv);
    Path one = dir.resolve("one.csv");
    Path many = dir.resolve("many-out.csv");
    assertEquals(0, run(score(in, one)), err.toString());
    assertEquals(0, run(score(in, many, "--threads", "3", "--batch", "97")), err.toString());
    assertEquals(Files.readAllLines(one), Files.readAllLines(many));
    assertEquals(2501, Files.readAllLines(one).size());
    // row 1: 0 opens, 0 visits, a demo: margin -2.5 + 1.5
    assertEquals("1," + 1 / (1 + Math.exp(1.0)), Files.readAllLines(one).get(1));
  }

  @Test
  void unparsableNumber_namesRowAndColumn_andLeavesNoOutput() throws Exception {
    Path in = dir.resolve("bad.csv");
    Files.writeString(in, "email_opens,web_visits,demo_requested\n1,2,true\n3,x7,false\n");
    Path schema = dir.resolve("schema.txt");
    Files.writeString(schema, "# types\nemail_opens number\nweb_visits number\ndemo_requested boolean\n");
    Path outFile = dir.resolve("out.csv");
    assertEquals(1, run(score(in, outFile, "--schema", schema.toString())));
    assertEquals("scoring: " + in + " row 2, column 'web_visits': 'x7' is not a finite number; the --schema file declares 'web_visits' "
        + "a number: fix the value, leave the cell empty (missing), or change the declared type", err.toString().strip());
    assertFalse(Files.exists(outFile));
    try (Stream<Path> files = Files.list(dir)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".partial")));
    }
  }

  @Test
  void schemaFile_renamesColumnsAndReportsUnknownOnes() throws Exception {
    Path in = dir.resolve("crm.csv");
    Files.writeString(in, "Opens,Visits,Demo\n1,2,true\n");
    Path schema = dir.resolve("schema.txt");
    Files.writeString(schema, "email_opens number from Opens\nweb_visits number from Visits\ndemo_requested boolean from Demo\n");
    assertEquals(0, run(score(in, dir.resolve("o.csv"), "--schema", schema.toString())), err.toString());
    Files.writeString(schema, "email_opens number from Openz\n");
    assertEquals(1, run(score(in, dir.resolve("o2.csv"), "--schema", schema.toString())));
    assertTrue(err.toString().contains("scoring: column 'Openz' (declared in the --schema file for feature 'email_opens') is missing from "
        + in + "; its columns are [Opens, Visits, Demo]; fix the name after 'from' in the schema file"), err.toString());
  }

  @Test
  void missingFilesAndUnknownTypes_failWithOneLine() throws Exception {
    Path in = dir.resolve("in.csv");
    Files.writeString(in, "email_opens\n1\n");
    assertEquals(1, run("score", "--model", dir.resolve("nope.json").toString(), "--input", in.toString(), "--output", dir.resolve("o.csv").toString()));
    assertEquals("scoring: model file not found: " + dir.resolve("nope.json"), err.toString().strip());
    StringWriter e2 = new StringWriter();
    int rc = ScoringCli.run(new String[] {"score", "--model", in.toString(), "--type", "nope", "--input", in.toString(), "--output",
        dir.resolve("o.csv").toString()}, new PrintWriter(new StringWriter()), new PrintWriter(e2, true));
    assertEquals(1, rc);
    assertTrue(e2.toString().startsWith("scoring: unknown model type 'nope'; known types: "), e2.toString());
    StringWriter e3 = new StringWriter();
    rc = ScoringCli.run(new String[] {"score", "--model", in.toString(), "--type", "engagement", "--option", "weights=email_opens:1",
        "--input", dir.resolve("absent.csv").toString(), "--output", dir.resolve("o.csv").toString()},
        new PrintWriter(new StringWriter()), new PrintWriter(e3, true));
    assertEquals(1, rc);
    assertEquals("scoring: input file not found: " + dir.resolve("absent.csv"), e3.toString().strip());
  }

  @Test
  void usageErrors_exitWith2() {
    assertEquals(2, run("score", "--input", "x.csv"));
    assertTrue(err.toString().contains("Missing required options"), err.toString());
  }
}
