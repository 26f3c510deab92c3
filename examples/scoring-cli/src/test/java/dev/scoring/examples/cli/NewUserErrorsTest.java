package dev.scoring.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The errors a new user meets first (a missing column, a value of the wrong type, an unknown model
 * type) name the file, the column or type, and say what to do next; {@code --quiet} and
 * {@code --json} keep stderr and stdout clean for scripts.
 */
final class NewUserErrorsTest {

  @TempDir
  Path dir;

  private Path model;
  private Path leads;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return ScoringCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @BeforeEach
  void trainAModel() throws Exception {
    StringBuilder csv = new StringBuilder("lead_id,age,segment,converted\n");
    for (int i = 0; i < 60; i++) {
      csv.append("L").append(i).append(',').append(20 + i).append(',').append(i % 3 == 0 ? "smb" : "enterprise").append(',')
          .append(i % 4 == 0 || i > 45 ? "yes" : "no").append('\n');
    }
    leads = dir.resolve("leads.csv");
    Files.writeString(leads, csv);
    model = dir.resolve("model.json");
    assertEquals(0, run("train", "--input", leads.toString(), "--label", "converted", "--exclude", "lead_id", "--output", model.toString(),
        "--quiet"), err.toString());
    assertEquals("", err.toString(), "--quiet: no notes and no summary");
  }

  @Test
  void missingColumn_namesTheColumnTheFileAndTheFix() throws Exception {
    Path noAge = dir.resolve("no-age.csv");
    Files.writeString(noAge, "lead_id,years,segment\nL1,40,smb\n");
    assertEquals(1, run("score", "--model", model.toString(), "--input", noAge.toString(), "--output", dir.resolve("o.csv").toString(),
        "--id", "lead_id"));
    assertEquals("scoring: column 'age' is missing from " + noAge + "; the model expects: [age, segment]; rename the column in the file, "
        + "or map another column to it with --schema FILE (a line 'age number from COLUMN'); columns the model does not use: [years]", err.toString().strip());

    // the fix the message names works
    Path schema = dir.resolve("schema.txt");
    Files.writeString(schema, "age number from years\n");
    assertEquals(0, run("score", "--model", model.toString(), "--input", noAge.toString(), "--output", dir.resolve("o.csv").toString(),
        "--id", "lead_id", "--schema", schema.toString(), "--quiet"), err.toString());
    assertEquals("", err.toString());

    assertEquals(1, run("score", "--model", model.toString(), "--input", leads.toString(), "--output", dir.resolve("o.csv").toString(),
        "--exclude", "lead_id,converted,age"));
    assertTrue(err.toString().startsWith("scoring: column 'age' is missing from " + leads + " (left out by --exclude 'age': drop it from "
        + "--exclude); the model expects: [age, segment]"), err.toString());
  }

  @Test
  void wrongType_namesTheFileRowColumnAndTheFix() throws Exception {
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "lead_id,age,segment\nL1,40,smb\nL2,forty,enterprise\n");
    assertEquals(1, run("score", "--model", model.toString(), "--input", bad.toString(), "--output", dir.resolve("o.csv").toString(), "-q"));
    assertEquals("scoring: " + bad + " row 2, column 'age': 'forty' is not a finite number; the model expects 'age' as a number: "
        + "fix the value, or leave the cell empty (missing)", err.toString().strip());
    assertFalse(Files.exists(dir.resolve("o.csv")), "nothing written");

    // a type inferred from the first rows says how to pin it
    StringBuilder csv = new StringBuilder("code,converted\n");
    for (int i = 0; i < 1200; i++) {
      csv.append(i < 1100 ? Integer.toString(i % 9) : "A" + i).append(',').append(i % 2 == 0 ? "yes" : "no").append('\n');
    }
    Path codes = dir.resolve("codes.csv");
    Files.writeString(codes, csv);
    assertEquals(1, run("train", "--input", codes.toString(), "--label", "converted", "--output", dir.resolve("m2.json").toString(), "-q"));
    assertEquals("scoring: " + codes + " row 1101, column 'code': 'A1100' is not a finite number; the type was inferred from the first "
        + Columns.SAMPLE + " rows; if the column is not a number, pin its type with --schema FILE (a line 'code category'), else fix the "
        + "value or leave the cell empty (missing)", err.toString().strip());
  }

  @Test
  void unknownModelType_listsTheKnownTypesAndPlugins_andSuggestsTheClosest() {
    assertEquals(1, run("score", "--model", model.toString(), "--type", "xgb", "--input", leads.toString(), "--output",
        dir.resolve("o.csv").toString()));
    String e = err.toString().strip();
    assertTrue(e.startsWith("scoring: unknown model type 'xgb' (did you mean 'xgboost'?); known types: "), e);
    for (String t : new String[] {"rules", "xgboost", "lightgbm", "logistic", "onnx"}) {
      assertTrue(e.contains(t), t + " in " + e);
    }
    assertTrue(e.contains("; plugins found: engagement;"), e);
    assertTrue(e.endsWith("give one of these with --type, leave --type out to infer it from the file, or put a plugin's jar on the class path"), e);

    assertEquals(1, run("inspect", "--model", model.toString(), "--type", "Logistc"));
    assertTrue(err.toString().startsWith("scoring: unknown model type 'Logistc' (did you mean 'logistic'?)"), err.toString());
  }

  @Test
  void evaluate_quietAndJson_keepStderrEmptyAndStdoutParseable() throws Exception {
    Path scores = dir.resolve("scores.csv");
    StringBuilder csv = new StringBuilder("converted,score\n");
    for (int i = 0; i < 200; i++) {
      csv.append(i % 3 == 0 ? "yes" : "no").append(',').append((i % 3 == 0 ? 0.3 : 0.0) + (i % 10) / 20.0).append('\n');
    }
    Files.writeString(scores, csv);
    assertEquals(0, run("evaluate", "--input", scores.toString(), "--label", "converted", "--score", "score", "--json", "--quiet",
        "--report", dir.resolve("r.html").toString()), err.toString());
    assertEquals("", err.toString(), "--quiet: neither the positive-label note nor the report line");
    String json = out.toString().strip();
    assertTrue(json.startsWith("{") && json.endsWith("}") && json.contains("\"roc_auc\""), json);
    assertTrue(Files.size(dir.resolve("r.html")) > 1000);

    assertEquals(0, run("evaluate", "--input", scores.toString(), "--label", "converted", "--score", "score"), err.toString());
    assertTrue(err.toString().contains("positive label 'yes'"), "without --quiet the note is there: " + err);
  }
}
