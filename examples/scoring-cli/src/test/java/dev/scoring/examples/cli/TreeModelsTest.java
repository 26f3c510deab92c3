package dev.scoring.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ModelSource;
import dev.scoring.api.MutableFeatures;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerRegistry;
import dev.scoring.api.ScorerSpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool on the XGBoost and LightGBM models of the benchmarks (the files issue 4's parity tests
 * check against their own libraries): its scores equal the library API's on the same rows.
 */
final class TreeModelsTest {

  private static final Path BENCH = Path.of("..", "..", "scoring-benchmarks", "src", "main", "resources", "bench");

  @TempDir
  static Path dir;

  private static Path leads;
  private static List<String[]> rows;
  private static String[] header;

  @BeforeAll
  static void holdoutRows() throws Exception {
    rows = new ArrayList<>();
    StringBuilder csv = new StringBuilder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(BENCH.resolve("lead_50k.csv.gz"))), StandardCharsets.UTF_8))) {
      String head = r.readLine();
      header = head.split(",", -1);
      csv.append(head).append('\n');
      String line;
      for (int i = 0; i < 1500 && (line = r.readLine()) != null; i++) {
        rows.add(line.split(",", -1));
        csv.append(line).append('\n');
      }
    }
    leads = dir.resolve("leads.csv");
    Files.writeString(leads, csv);
  }

  private static double[] apiScores(String type, Path model) {
    ScorerRegistry registry = ScorerRegistry.discover(TreeModelsTest.class.getClassLoader());
    FeatureSchema schema = registry.describe(ScorerSpec.builder(type).source(ModelSource.path(model)).build()).orElseThrow().schema();
    double[] out = new double[rows.size()];
    try (Scorer s = registry.load(ScorerSpec.builder(type).source(ModelSource.path(model)).schema(schema).build())) {
      MutableFeatures row = Features.mutable(schema);
      for (int i = 0; i < rows.size(); i++) {
        row.clear();
        for (int c = 0; c < header.length; c++) {
          int f = schema.find(header[c]).map(x -> x.index()).orElse(-1);
          if (f >= 0 && !rows.get(i)[c].isEmpty()) {
            row.setNumber(f, Double.parseDouble(rows.get(i)[c]));
          }
        }
        out[i] = s.score(row).value();
      }
    }
    return out;
  }

  private static void checkScores(String type, String file) throws Exception {
    Path model = BENCH.resolve(file);
    Path out = dir.resolve(file + ".scores.csv");
    StringWriter err = new StringWriter();
    int rc = ScoringCli.run(new String[] {"score", "--model", model.toString(), "--input", leads.toString(), "--exclude", "converted",
        "--output", out.toString(), "--threads", "2", "--batch", "256"}, new PrintWriter(new StringWriter()), new PrintWriter(err, true));
    assertEquals(0, rc, err.toString());
    List<String> lines = Files.readAllLines(out);
    assertEquals("row,score", lines.get(0));
    double[] expected = apiScores(type, model);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], Double.parseDouble(lines.get(i + 1).split(",")[1]), 0.0, file + " row " + (i + 1));
    }
  }

  @Test
  void xgboost_scoresEqualTheApi() throws Exception {
    checkScores("xgboost", "xgb_100x6.json");
  }

  @Test
  void lightgbm_scoresEqualTheApi() throws Exception {
    checkScores("lightgbm", "lgb_100x6.txt");
  }

  @Test
  void inspect_describesATreeModel() {
    StringWriter out = new StringWriter();
    int rc = ScoringCli.run(new String[] {"inspect", "--model", BENCH.resolve("xgb_100x6.json").toString()}, new PrintWriter(out, true),
        new PrintWriter(new StringWriter(), true));
    assertEquals(0, rc);
    assertTrue(out.toString().contains("objective: binary:logistic"), out.toString());
    assertTrue(out.toString().contains("trees:     100"), out.toString());
    assertTrue(out.toString().contains("features:  30"), out.toString());
  }
}
