package dev.scoring.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.scoring.api.Feature;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ModelSource;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerRegistry;
import dev.scoring.api.ScorerSpec;
import dev.scoring.evaluation.BinaryMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tool on real data (bank marketing, telco churn), as a user runs it, checked against the library's API. */
final class EndToEndTest {

  @TempDir
  Path dir;

  private Path bank;
  private Path telco;
  private StringWriter out;
  private StringWriter err;

  @BeforeEach
  void copyData() throws IOException {
    bank = copy("bank-sample.csv");
    telco = copy("telco-sample.csv");
  }

  private Path copy(String name) throws IOException {
    Path p = dir.resolve(name);
    try (InputStream in = getClass().getResourceAsStream("/data/" + name)) {
      Files.copy(java.util.Objects.requireNonNull(in, name), p);
    }
    return p;
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return ScoringCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private static List<CSVRecord> records(Path csv, char delimiter) throws IOException {
    try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
        CSVParser p = CSVFormat.RFC4180.builder().setDelimiter(delimiter).setHeader().setSkipHeaderRecord(true).get().parse(r)) {
      return p.getRecords();
    }
  }

  @Test
  void trainScoreEvaluate_roundTripOnBankMarketing_matchesTheApi() throws Exception {
    Path model = dir.resolve("bank.json");
    assertEquals(0, run("train", "--input", bank.toString(), "--label", "y", "--positive", "yes", "--exclude", "duration",
        "--output", model.toString()), err.toString());
    assertTrue(lastLine(err).startsWith("trained logistic on 1,500 rows (19 features"), err.toString());

    Path scored = dir.resolve("scored.csv");
    assertEquals(0, run("score", "--model", model.toString(), "--input", bank.toString(), "--exclude", "y,duration",
        "--keep", "y,contact", "--output", scored.toString()), err.toString());
    List<CSVRecord> scores = records(scored, ',');
    assertEquals(1500, scores.size());

    // the same model through the API, on rows built here from the raw file
    List<CSVRecord> raw = records(bank, ';');
    double[] apiScores = new double[raw.size()];
    int[] labels = new int[raw.size()];
    try (Scorer api = scorerFor(model)) {
      FeatureSchema schema = api.schema();
      for (int i = 0; i < raw.size(); i++) {
        Map<String, Object> values = new HashMap<>();
        for (Feature f : schema.features()) {
          String cell = raw.get(i).get(f.name());
          values.put(f.name(), f.type() == dev.scoring.api.FeatureType.NUMBER ? (Object) Double.parseDouble(cell) : cell);
        }
        apiScores[i] = api.score(Features.of(schema, values)).value();
        labels[i] = raw.get(i).get("y").equals("yes") ? 1 : 0;
        assertEquals(apiScores[i], Double.parseDouble(scores.get(i).get("score")), 0.0, "row " + (i + 1));
        assertEquals(raw.get(i).get("y"), scores.get(i).get("y"));
      }
    }

    assertEquals(0, run("evaluate", "--input", scored.toString(), "--label", "y", "--score", "score", "--segment", "contact", "--json"),
        err.toString());
    double auc = jsonNumber(out.toString(), "roc_auc", "value");
    assertEquals(BinaryMetrics.rocAuc(apiScores, labels), auc, 1e-12);
    assertTrue(auc > 0.7, "in-sample AUC without duration: " + auc);
    assertTrue(out.toString().contains("\"segment\" : \"telephone\""), out.toString());

    assertEquals(0, run("evaluate", "--input", scored.toString(), "--label", "y", "--score", "score"), err.toString());
    assertTrue(out.toString().startsWith("rows 1500, positives "), out.toString());
    assertTrue(out.toString().contains(String.format(java.util.Locale.ROOT, "ROC AUC   %.4f  [", auc)), out.toString());

    assertEquals(0, run("inspect", "--model", model.toString()), err.toString());
    assertTrue(out.toString().contains("type:             logistic"), out.toString());
    assertTrue(out.toString().contains("trained on:       1500 rows"), out.toString());
    assertFalse(out.toString().contains("duration"), out.toString());
  }

  private Scorer scorerFor(Path model) {
    ScorerRegistry registry = ScorerRegistry.discover(getClass().getClassLoader());
    ScorerSpec probe = ScorerSpec.builder("logistic").source(ModelSource.path(model)).build();
    FeatureSchema schema = registry.describe(probe).orElseThrow().schema();
    return registry.load(ScorerSpec.builder("logistic").source(ModelSource.path(model)).schema(schema).build());
  }

  private static double jsonNumber(String json, String object, String field) throws IOException {
    try (JsonParser p = new JsonFactory().createParser(json)) {
      boolean inside = false;
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.FIELD_NAME && p.currentName().equals(object)) {
          inside = true;
        } else if (inside && t == JsonToken.FIELD_NAME && p.currentName().equals(field)) {
          p.nextToken();
          return p.getDoubleValue();
        }
      }
    }
    throw new AssertionError("no " + object + "." + field + " in " + json);
  }

  @Test
  void modelAgainstRuleScorecard_chainsTwoScorersAndComparesThem() throws Exception {
    Files.writeString(dir.resolve("card.rules"), String.join("\n",
        "base 10",
        "group scorecard policy collect-sum",
        "senior: +15 when age > 50 because \"older customers subscribe more\"",
        "cellular: +5 when contact == \"cellular\"",
        "student: +20 when job == \"student\" or job == \"retired\"",
        "called_before: +25 when poutcome == \"success\"",
        ""));
    Path model = dir.resolve("bank.json");
    assertEquals(0, run("train", "--input", bank.toString(), "--label", "y", "--positive", "yes", "--exclude", "duration",
        "--output", model.toString()), err.toString());
    Path withRules = dir.resolve("with-rules.csv");
    assertEquals(0, run("score", "--model", dir.resolve("card.rules").toString(), "--input", bank.toString(), "--keep-input",
        "--score-column", "rules", "--output", withRules.toString()), err.toString());
    Path both = dir.resolve("both.csv");
    assertEquals(0, run("score", "--model", model.toString(), "--input", withRules.toString(), "--keep", "y,rules",
        "--output", both.toString()), err.toString());
    assertEquals(0, run("evaluate", "--input", both.toString(), "--label", "y", "--score", "score", "--baseline", "rules"),
        err.toString());
    String report = out.toString();
    assertTrue(report.contains("model vs baseline (paired bootstrap, 95%):"), report);
    assertTrue(report.contains("DeLong's test for AUC: difference +"), report);
    List<CSVRecord> rows = records(both, ',');
    double[] model1 = rows.stream().mapToDouble(r -> Double.parseDouble(r.get("score"))).toArray();
    double[] rules = rows.stream().mapToDouble(r -> Double.parseDouble(r.get("rules"))).toArray();
    int[] y = rows.stream().mapToInt(r -> r.get("y").equals("yes") ? 1 : 0).toArray();
    assertTrue(BinaryMetrics.rocAuc(model1, y) > BinaryMetrics.rocAuc(rules, y), "the model should beat this small scorecard");
    Path html = dir.resolve("report.html");
    assertEquals(0, run("evaluate", "--input", both.toString(), "--label", "y", "--score", "score", "--baseline", "rules",
        "--segment", "rules", "--report", html.toString()), err.toString());
    String page = java.nio.file.Files.readString(html);
    for (String id : List.of("roc", "pr", "reliability", "sweep", "segments-1")) {
      assertTrue(page.contains("<section class=\"figure\" id=\"" + id + "\">"), id);
    }
    assertTrue(page.contains("rules (AUC "), "the baseline's curve is drawn");
    assertTrue(err.toString().contains("scoring: report written to " + html), err.toString());
    assertEquals(0, run("score", "--quiet", "--model", model.toString(), "--input", withRules.toString(), "--keep", "y",
        "--output", dir.resolve("quiet.csv").toString()));
    assertEquals("", err.toString(), "--quiet: nothing on stderr");
    assertEquals(1, run("score", "--model", model.toString(), "--input", withRules.toString(), "--keep", "rules",
        "--score-column", "rules", "--output", dir.resolve("clash.csv").toString()));
    assertEquals("scoring: the output would have two columns 'rules'; name the score with --score-column", lastLine(err));
  }

  @Test
  void decide_runsAPipelineOnTelcoChurn_withBlankNumbersAsMissing() throws Exception {
    Path model = dir.resolve("churn.json");
    assertEquals(0, run("train", "--input", telco.toString(), "--label", "Churn", "--positive", "Yes", "--exclude", "customerID",
        "--output", model.toString()), err.toString());
    Files.writeString(dir.resolve("retention.rules"), String.join("\n",
        "group routes policy first",
        "long_contract: route \"account-management\" when Contract == \"Two year\" and tenure > 60",
        "group governance policy all",
        "new_customer: review \"no billing history yet\" when TotalCharges is missing",
        ""));
    Path pipeline = dir.resolve("pipeline.txt");
    Files.writeString(pipeline, String.join("\n",
        "# churn retention",
        "rules     retention.rules",
        "scorer    churn.json   id=churn",
        "band      0.0  0.3  auto     no-action",
        "band      0.3  0.6  review   retention-review  \"uncertain churn risk\"",
        "band      0.6  1.0  negative offer-discount",
        "review-queue  retention-ops",
        ""));
    Path decisions = dir.resolve("decisions.csv");
    assertEquals(0, run("decide", "--pipeline", pipeline.toString(), "--input", telco.toString(), "--id", "customerID",
        "--exclude", "Churn", "--output", decisions.toString()), err.toString());
    List<CSVRecord> rows = records(decisions, ',');
    assertEquals(1000, rows.size());
    String summary = out.toString();
    assertTrue(summary.startsWith("1,000 records: "), summary);
    assertTrue(summary.contains("review retention-ops"), summary);

    CSVRecord blank = rows.stream().filter(r -> r.get("customerID").equals("4472-LVYGI")).findFirst().orElseThrow();
    assertEquals("review", blank.get("action"));
    assertTrue(blank.get("reasons").contains("rule flag: no billing history yet"), blank.get("reasons"));
    for (CSVRecord r : rows) {
      assertFalse(r.get("action").equals("negative"), "a negative action was automatic: " + r);
    }
    long routed = rows.stream().filter(r -> r.get("action").equals("route")).count();
    assertTrue(routed > 0, "no long-contract customer was routed");
  }

  @Test
  void pipelineFileErrors_nameTheLine() throws Exception {
    Path pipeline = dir.resolve("bad.txt");
    Files.writeString(pipeline, "band 0 1 auto go\nscorer missing.json type=logistic\n");
    assertEquals(1, run("decide", "--pipeline", pipeline.toString(), "--input", telco.toString(), "--output", dir.resolve("o.csv").toString()));
    assertEquals("scoring: " + pipeline + " line 2: model file not found: " + dir.resolve("missing.json"), lastLine(err));
    Files.writeString(pipeline, "band 0 1 sometimes go\n");
    assertEquals(1, run("decide", "--pipeline", pipeline.toString(), "--input", telco.toString(), "--output", dir.resolve("o.csv").toString()));
    assertTrue(err.toString().contains("line 1: unknown action 'sometimes'"), err.toString());
    assertFalse(Files.exists(dir.resolve("o.csv")));
  }

  @Test
  void evaluate_rejectsALabelThatIsNotBinary() throws Exception {
    assertEquals(1, run("evaluate", "--input", telco.toString(), "--label", "Contract", "--score", "MonthlyCharges"));
    assertTrue(err.toString().startsWith("scoring: label column 'Contract' has 3 values [Month-to-month, One year, Two year]; "
        + "give --positive VALUE"), err.toString());
    assertEquals(1, run("evaluate", "--input", telco.toString(), "--label", "Churnn", "--score", "MonthlyCharges"));
    assertTrue(err.toString().startsWith("scoring: column 'Churnn' (the label column) is missing from " + telco + "; its columns are ["),
        err.toString());
  }

  /** The last line on stderr: the tool reports its column types and warnings before it. */
  static String lastLine(java.io.StringWriter err) {
    String[] lines = err.toString().strip().split("\\R");
    return lines[lines.length - 1];
  }
}
