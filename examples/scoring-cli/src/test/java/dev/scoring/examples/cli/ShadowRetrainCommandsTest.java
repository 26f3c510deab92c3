package dev.scoring.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.MutableFeatures;
import dev.scoring.api.Scorer;
import dev.scoring.decision.DecisionPipeline;
import dev.scoring.decision.GuardrailPolicy;
import dev.scoring.decision.ShadowRecord;
import dev.scoring.decision.ShadowScoring;
import dev.scoring.lifecycle.ModelProvenance;
import dev.scoring.lifecycle.ModelState;
import dev.scoring.lifecycle.ModelVersion;
import dev.scoring.ml.logistic.LogisticModel;
import dev.scoring.ml.logistic.LogisticTrainer;
import dev.scoring.retraining.PromotionGate;
import dev.scoring.retraining.Retrainer;
import dev.scoring.retraining.RetrainingReport;
import dev.scoring.review.BoundedReviewQueue;
import dev.scoring.review.InMemoryAuditSink;
import dev.scoring.review.InMemoryFeedbackLog;
import dev.scoring.review.LabelledExample;
import dev.scoring.shadow.JsonLinesShadowLog;
import dev.scoring.shadow.ShadowComparison;
import dev.scoring.shadow.ShadowReport;
import dev.scoring.store.Store;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shadow report} and {@code retrain} on the bundled bank-marketing sample: a champion trained
 * on the first 500 rows (without the leaky {@code duration}) decides the other 1,000 with a
 * challenger in shadow that uses {@code duration}; the outcomes (the true labels) go to the store's
 * feedback log. The commands' figures are checked against the library run on the same inputs and
 * against facts counted here from the log.
 */
final class ShadowRetrainCommandsTest {

  static final String MODEL = "term-deposit";
  static final int EARLY = 500;
  static final Instant T0 = Instant.parse("2008-10-01T00:00:00Z");
  static final Set<String> NUMBERS = Set.of("age", "duration", "campaign", "pdays", "previous",
      "emp.var.rate", "cons.price.idx", "cons.conf.idx", "euribor3m", "nr.employed");

  static FeatureSchema schema;
  static List<String> lines = new ArrayList<>();
  static List<Features> rows = new ArrayList<>();
  static List<String> labels = new ArrayList<>();

  @TempDir static Path dir;
  static Path db;
  static Path log;

  @BeforeAll
  static void load() throws Exception {
    try (InputStream in = Objects.requireNonNull(ShadowRetrainCommandsTest.class.getResourceAsStream("/data/bank-sample.csv"));
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      lines.add(r.readLine());
      String[] header = split(lines.get(0));
      FeatureSchema.Builder sb = FeatureSchema.builder();
      for (int i = 0; i < header.length - 1; i++) {
        if (NUMBERS.contains(header[i])) {
          sb.number(header[i]);
        } else {
          sb.category(header[i]);
        }
      }
      schema = sb.build();
      MutableFeatures row = Features.mutable(schema);
      for (String s = r.readLine(); s != null; s = r.readLine()) {
        lines.add(s);
        String[] v = split(s);
        row.clear();
        for (int i = 0; i < header.length - 1; i++) {
          if (NUMBERS.contains(header[i])) {
            row.setNumber(i, Double.parseDouble(v[i]));
          } else {
            row.setString(i, v[i]);
          }
        }
        rows.add(row.snapshot());
        labels.add(v[header.length - 1]);
      }
    }
    assertEquals(1_500, rows.size());
    db = dir.resolve("store.db");
    log = dir.resolve("shadow.jsonl");
    prepare();
  }

  private static String[] split(String line) {
    String[] v = line.split(";", -1);
    for (int i = 0; i < v.length; i++) {
      v[i] = v[i].replace("\"", "");
    }
    return v;
  }

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ScoringCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  static LogisticModel train(String version, String... exclude) {
    LogisticTrainer.Builder b = LogisticTrainer.builder().minCategoryCount(20).l2(1e-3);
    for (String e : exclude) {
      b.exclude(e);
    }
    return b.positiveClass("yes").modelVersion(version).build().train(rows.subList(0, EARLY), labels.subList(0, EARLY));
  }

  static GuardrailPolicy policy() {
    return GuardrailPolicy.builder()
        .band(0.0, 0.04, Action.negative("do-not-call"))
        .band(0.04, 0.2, Action.review("agent-review", "uncertain"))
        .band(0.2, 1.0, Action.auto("call-now"))
        .reviewQueue("agent-review").build();
  }

  /**
   * The store with the champion (version 1) and the outcomes of rows 501-1,500 as its feedback;
   * the shadow log of the leaky challenger beside the champion on those rows.
   */
  static void prepare() throws Exception {
    LogisticModel champion = train("early", "duration");
    Scorer championScorer = champion.scorer(MODEL, schema);
    Scorer leaky = train("leaky").scorer("leaky", schema);
    try (Store store = Store.sqlite(db).durability(Store.Durability.GROUP).open();
        JsonLinesShadowLog shadowLog = new JsonLinesShadowLog(log);
        ShadowScoring shadow = ShadowScoring.builder(shadowLog).challenger(leaky).inline(Duration.ofSeconds(5)).build()) {
      store.models().save(MODEL, "logistic", champion.toJson(), ModelProvenance.of("test").withTrainingData("bank rows 1-500"),
          ModelState.CHAMPION);
      AtomicLong ids = new AtomicLong();
      DecisionPipeline pipeline = DecisionPipeline.builder(schema).scorer(championScorer).policy(policy())
          .reviewQueue(new BoundedReviewQueue(10_000)).audit(new InMemoryAuditSink())
          .clock(Clock.fixed(T0, ZoneOffset.UTC)).ids(() -> "bank-" + ids.incrementAndGet()).shadow(shadow).build();
      for (int i = EARLY; i < rows.size(); i++) {
        Decision d = pipeline.decide(rows.get(i));
        String label = labels.get(i);
        store.feedback().record(LabelledExample.outcome(d, rows.get(i), label, label.equals("yes") ? "subscribed" : "declined",
            T0.plus(Duration.ofMinutes(i))));
      }
      store.flush();
      assertEquals(1_000, store.feedback().count());
    }
  }

  private static double field(String json, String name) {
    Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\" : (-?[0-9.Ee+-]+)").matcher(json);
    assertTrue(m.find(), name + " in " + json);
    return Double.parseDouble(m.group(1));
  }

  @Test
  void shadowReport_fromLogAndStoreFeedback() throws Exception {
    List<ShadowRecord> records = JsonLinesShadowLog.read(log);
    assertEquals(1_000, records.size());
    long agree = records.stream().filter(r -> r.championAction().equals(r.challengerAction())).count();

    Run text = run("shadow", "report", "--log", log.toString(), "--store", db.toString(), "--positive", "yes",
        "--segment", "contact");
    assertEquals(0, text.code(), text.err());
    assertTrue(text.out().startsWith("1,000 shadow records, 1,000 labelled examples"), text.out());
    assertTrue(text.out().contains("challenger leaky: 1000 shadowed, 1000 scored, 0 failed, 0 over budget"), text.out());
    assertTrue(text.out().contains(String.format(Locale.ROOT, "agreement %.4f", agree / 1000.0)), text.out());
    assertTrue(text.out().contains("segment cellular") && text.out().contains("segment telephone"), text.out());

    Run json = run("shadow", "report", "--log", log.toString(), "--store", db.toString(), "--positive", "yes",
        "--segment", "contact", "--json");
    assertEquals(0, json.code(), json.err());
    ShadowReport expected;
    try (Store store = Store.sqlite(db).open()) {
      expected = ShadowComparison.builder().positive("yes").segmentBy("contact").build()
          .compare("leaky", records, store.feedback().examples());
    }
    ShadowReport.Labelled l = expected.labelled().orElseThrow();
    long positives = labels.subList(EARLY, rows.size()).stream().filter("yes"::equals).count();
    assertEquals(positives, l.positives());
    assertEquals(positives, (long) field(json.out(), "positives"));
    assertEquals(agree / 1000.0, field(json.out(), "agreement"), 1e-12);
    assertEquals(l.championAuc().estimate(), field(json.out(), "value"), 1e-12);  // the first interval: the champion's
    assertEquals(l.comparison().delong().z(), field(json.out(), "z"), 1e-12);
    assertEquals(l.challengerPrecisionAtRate(), field(json.out(), "challenger_precision_at_review_rate"), 1e-12);
    assertEquals(l.challengerCalibrationError(), field(json.out(), "challenger_calibration_error"), 1e-12);
    // the leaky challenger (it sees the call's duration) ranks far better than the champion, significantly
    assertTrue(l.challengerAuc().lower() > l.championAuc().upper(), json.out());
    assertTrue(l.comparison().delong().pValue() < 1e-6, json.out());
    long cells = 0;
    Matcher m = Pattern.compile("\"count\" : ([0-9]+)").matcher(json.out());
    while (m.find()) {
      cells += Long.parseLong(m.group(1));
    }
    assertEquals(1_000, cells, "the action-change matrix covers every scored record");

    Run unlabelled = run("shadow", "report", "--log", log.toString());
    assertEquals(0, unlabelled.code(), unlabelled.err());
    assertTrue(unlabelled.out().contains("no labelled records"), unlabelled.out());
    Run unknown = run("shadow", "report", "--log", log.toString(), "--challenger", "nobody");
    assertEquals(1, unknown.code());
    assertTrue(unknown.err().contains("no record of challenger 'nobody'"), unknown.err());
    Run noPositive = run("shadow", "report", "--log", log.toString(), "--store", db.toString());
    assertEquals(1, noPositive.code());
    assertTrue(noPositive.err().contains("--positive"), noPositive.err());
  }

  @Test
  void retrain_fromStoreFeedbackAndBaseCsv_storesOnlyThroughTheGate() throws Exception {
    Path base = dir.resolve("early.csv");
    Files.write(base, lines.subList(0, EARLY + 1));

    String[] common = {"retrain", "--store", db.toString(), "--model", MODEL, "--positive", "yes", "--base", base.toString(),
        "--label", "y", "--exclude", "duration", "--min-category-count", "20", "--hold-out", "0.4", "--segment", "contact"};
    // the default gate (calibration error at most 0.05) refuses: the candidate's error on the window is 0.0507
    Run refused = run(common);
    assertEquals(RetrainCommand.REFUSED, refused.code(), refused.out() + refused.err());
    assertTrue(refused.out().contains("promotion gate refused"), refused.out());
    assertTrue(refused.out().contains("FAIL calibration: expected calibration error 0.0507"), refused.out());
    assertTrue(refused.out().contains("PASS not-worse"), refused.out());
    assertTrue(refused.out().endsWith("not stored\n"), refused.out());
    try (Store store = Store.sqlite(db).open()) {
      assertEquals(1, store.models().versions(MODEL).size(), "a refused candidate is not stored");
    }

    // the same run through the library (no store), with a looser calibration bound: the command must report its figures
    RetrainingReport expected;
    try (Store store = Store.sqlite(db).open()) {
      InMemoryFeedbackLog feedback = new InMemoryFeedbackLog();
      store.feedback().examples().forEach(feedback::record);
      Scorer champion = LogisticModel.read(store.models().read(MODEL, 1), MODEL + "@1").scorer(MODEL, schema);
      expected = Retrainer.builder(feedback, MODEL).positive("yes")
          .trainer(LogisticTrainer.builder().l2(1e-3).minCategoryCount(20).exclude("duration"))
          .baseTraining(rows.subList(0, EARLY), labels.subList(0, EARLY)).holdOutShare(0.4).segmentBy("contact")
          .gate(PromotionGate.builder().maxCalibrationError(0.06).build()).build().retrain(champion);
    }
    assertTrue(expected.passed(), expected.summary());
    assertEquals(1_100, expected.trainingRows());
    assertEquals(400, expected.holdOutRows());
    assertEquals(0.6606, expected.gate().candidateAuc(), 5e-5);
    assertEquals(0.6511, expected.gate().championAuc(), 5e-5);

    Run json = run(concat(common, "--max-calibration-error", "0.06", "--json"));
    assertEquals(0, json.code(), json.out() + json.err());
    assertTrue(json.out().contains("\"passed\" : true"), json.out());
    assertEquals(1_100, (int) field(json.out(), "training_rows"));
    assertEquals(500, (int) field(json.out(), "base_rows"));
    assertEquals(400, (int) field(json.out(), "hold_out_rows"));
    assertEquals(expected.gate().positives(), (int) field(json.out(), "positives"));
    assertEquals(expected.gate().championAuc(), field(json.out(), "champion_auc"), 1e-12);
    assertEquals(expected.gate().candidateAuc(), field(json.out(), "candidate_auc"), 1e-12);
    assertEquals(expected.gate().delong().z(), field(json.out(), "z"), 1e-12);
    assertEquals(expected.gate().candidateCalibrationError(), field(json.out(), "candidate_calibration_error"), 1e-12);
    try (Store store = Store.sqlite(db).open()) {
      List<ModelVersion> versions = store.models().versions(MODEL);
      assertEquals(2, versions.size(), json.out());
      ModelVersion v = versions.get(1);
      assertEquals(ModelState.SHADOW, v.state());
      assertEquals(2, (int) field(json.out(), "version"));
      assertEquals(1, store.models().champion(MODEL).orElseThrow().version(), "a shadow version does not decide");
      assertEquals(expected.gate().candidateAuc(), v.provenance().metrics().get("auc"), 1e-12);
      Scorer stored = LogisticModel.read(store.models().read(MODEL, 2), "v2").scorer(MODEL, schema);
      for (int i = 0; i < rows.size(); i += 97) {
        assertEquals(expected.candidate().scoreValue(rows.get(i)), stored.scoreValue(rows.get(i)), 1e-12);
      }
    }

    Run noBaseLabel = run("retrain", "--store", db.toString(), "--model", MODEL, "--positive", "yes", "--base", base.toString());
    assertEquals(1, noBaseLabel.code());
    assertTrue(noBaseLabel.err().contains("--base needs --label"), noBaseLabel.err());
    Run unknownModel = run("retrain", "--store", db.toString(), "--model", "nobody", "--positive", "yes");
    assertEquals(1, unknownModel.code());
    assertTrue(unknownModel.err().contains("has no champion"), unknownModel.err());
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
