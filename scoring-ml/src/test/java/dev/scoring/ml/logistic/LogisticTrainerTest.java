package dev.scoring.ml.logistic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.Provenance;
import dev.scoring.api.Action;
import dev.scoring.review.InMemoryFeedbackLog;
import dev.scoring.review.LabelledExample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

final class LogisticTrainerTest {

  private static final FeatureSchema SCHEMA = FeatureSchema.builder()
      .number("x1").number("x2").bool("flag").category("region").timestamp("signed_up").text("notes").build();

  /** Rows from a known logistic model: margin = -1 + 0.8 x1 - 0.5 x2 + 0.7 flag + region effect - 0.01 days. */
  static List<Features> rows(int n, long seed, List<String> labels) {
    Random r = new Random(seed);
    List<Features> rows = new ArrayList<>();
    String[] regions = {"EMEA", "NA", "APAC", "LATAM"};
    double[] effect = {0, 0.5, -0.4, 0.2};
    long ref = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    for (int i = 0; i < n; i++) {
      double x1 = r.nextGaussian() * 2 + 5;
      double x2 = r.nextGaussian();
      boolean flag = r.nextBoolean();
      int reg = r.nextInt(4);
      double days = r.nextInt(365);
      boolean x2missing = r.nextDouble() < 0.1;
      double m = -1 + 0.8 * (x1 - 5) - 0.5 * (x2missing ? 0 : x2) + (flag ? 0.7 : 0) + effect[reg] - 0.01 * days;
      labels.add(r.nextDouble() < 1 / (1 + Math.exp(-m)) ? "won" : "lost");
      rows.add(Features.builder(SCHEMA).set("x1", x1).set("x2", x2missing ? null : x2).set("flag", flag)
          .set("region", r.nextDouble() < 0.01 ? "ANTARCTICA" : regions[reg])
          .set("signed_up", Instant.ofEpochMilli(ref - (long) (days * 86_400_000L))).set("notes", "free text").build());
    }
    return rows;
  }

  @Test
  void train_buildsTheDocumentedDesign() {
    List<String> labels = new ArrayList<>();
    LogisticModel m = LogisticTrainer.builder().minCategoryCount(50).build().train(rows(3000, 1, labels), labels);
    assertEquals(List.of("lost", "won"), m.classes());
    assertEquals(List.of("x1", "x2", "flag", "region", "signed_up"), m.features());
    List<String> cols = m.columns();
    assertEquals(List.of("x1", "x2", "x2=<missing>", "flag"), cols.subList(0, 4));
    assertEquals(List.of("region=<other>", "signed_up"), cols.subList(7, 9));
    // three of the four frequent regions have a column; the most frequent is the reference
    assertEquals(9, cols.size());
    assertEquals(3, cols.subList(4, 7).stream().filter(c -> c.startsWith("region=")).count());
    // the region with most rows is the reference; days since signing up lowers the odds
    double[] beta = m.coefficients(1);
    int days = m.columns().indexOf("signed_up");
    assertTrue(beta[1 + days] < 0, "days-since coefficient " + beta[1 + days]);
    assertEquals("newton", m.provenance().solver());
  }

  @Test
  void train_isDeterministic() {
    List<String> labels = new ArrayList<>();
    List<Features> rows = rows(1000, 2, labels);
    LogisticTrainer t = LogisticTrainer.builder().clock(Fixtures.CLOCK).build();
    assertEquals(new String(t.train(rows, labels).toJson()), new String(t.train(rows, labels).toJson()));
  }

  @Test
  void sampleWeightTwo_equalsADuplicatedRow() {
    List<String> labels = new ArrayList<>();
    List<Features> rows = rows(400, 3, labels);
    double[] w = new double[rows.size()];
    Arrays.fill(w, 1);
    List<Features> dupRows = new ArrayList<>(rows);
    List<String> dupLabels = new ArrayList<>(labels);
    for (int i = 0; i < 50; i++) {
      w[i] = 2;
      dupRows.add(rows.get(i));
      dupLabels.add(labels.get(i));
    }
    LogisticTrainer t = LogisticTrainer.builder().l2(0).standardise(false).features(List.of("x1", "x2", "flag")).build();
    // fixed transformation inputs (no standardisation) so only the weights differ
    double[] a = t.train(rows, labels, w).coefficients(1);
    double[] b = t.train(dupRows, dupLabels).coefficients(1);
    for (int j = 0; j < a.length; j++) {
      assertEquals(b[j], a[j], 1e-8, "coefficient " + j);
    }
  }

  @Test
  void classWeights_shiftTheIntercept() {
    List<String> labels = new ArrayList<>();
    List<Features> rows = rows(2000, 4, labels);
    double plain = LogisticTrainer.builder().build().train(rows, labels).coefficients(1)[0];
    double upweighted = LogisticTrainer.builder().classWeight("won", 3).build().train(rows, labels).coefficients(1)[0];
    // with a correct model, weighting a class by 3 adds about log(3) to the intercept
    assertEquals(Math.log(3), upweighted - plain, 0.15);
    LogisticModel balanced = LogisticTrainer.builder().balancedClassWeights().build().train(rows, labels);
    assertTrue(balanced.provenance().hyperParameters().get("class_weights").equals("balanced"));
  }

  @Test
  void lbfgs_agreesWithNewton_onABinaryModel() {
    List<String> labels = new ArrayList<>();
    List<Features> rows = rows(2000, 5, labels);
    LogisticModel newton = LogisticTrainer.builder().l2(1e-3).optimizer(LogisticTrainer.Optimizer.NEWTON).build().train(rows, labels);
    LogisticModel lbfgs = LogisticTrainer.builder().l2(1e-3).optimizer(LogisticTrainer.Optimizer.LBFGS).gradientTolerance(1e-11)
        .build().train(rows, labels);
    assertEquals("lbfgs", lbfgs.provenance().solver());
    double[] a = newton.coefficients(1);
    double[] b = lbfgs.coefficients(1);
    for (int j = 0; j < a.length; j++) {
      assertEquals(a[j], b[j], 1e-7, "coefficient " + j);
    }
  }

  @Test
  void softmax_withTwoClassesOfThree_matchesBinaryOnThoseRows() {
    // three classes where "lost" and "won" are separated from "open" only by an extra feature
    List<String> labels = new ArrayList<>();
    List<Features> rows = rows(1500, 6, labels);
    LogisticModel m = LogisticTrainer.builder().l2(1e-2).build().train(rows, relabel(labels));
    assertTrue(m.isMultinomial());
    assertEquals(List.of("lost", "open", "won"), m.classes());
    assertEquals("lbfgs", m.provenance().solver());
    var s = m.scorer("x", SCHEMA).score(rows.get(0));
    double sum = 0;
    for (double p : s.classProbabilities()) {
      sum += p;
    }
    assertEquals(1.0, sum, 1e-12);
  }

  private static List<String> relabel(List<String> labels) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      out.add(i % 5 == 0 ? "open" : labels.get(i));
    }
    return out;
  }

  @Test
  void train_fromAFeedbackLog() {
    List<String> labels = new ArrayList<>();
    List<Features> rows = rows(600, 7, labels);
    InMemoryFeedbackLog log = new InMemoryFeedbackLog();
    Provenance prov = new Provenance("rules", "rules", "1", "sha256:00");
    for (int i = 0; i < rows.size(); i++) {
      log.record(new LabelledExample("d" + i, rows.get(i), labels.get(i), Action.auto("accept"), Action.auto("accept"), "rep-1",
          "override", List.of(prov), Instant.EPOCH));
    }
    LogisticTrainer t = LogisticTrainer.builder().clock(Fixtures.CLOCK).build();
    assertTrue(Arrays.equals(t.train(rows, labels).coefficients(1), t.train(log).coefficients(1)));
  }

  @Test
  void train_failsClearly() {
    List<String> labels = new ArrayList<>();
    List<Features> rows = rows(200, 8, labels);
    List<String> oneClass = new ArrayList<>(java.util.Collections.nCopies(rows.size(), "lost"));
    assertMessage(() -> LogisticTrainer.builder().build().train(rows, oneClass), "all 200 labels are 'lost'");
    assertMessage(() -> LogisticTrainer.builder().positiveClass("closed-won").build().train(rows, labels),
        "no positive labels: none of the 200 labels is 'closed-won'");
    assertMessage(() -> LogisticTrainer.builder().features(List.of("x1", "notes")).build().train(rows, labels),
        "'notes' is TEXT");
    assertMessage(() -> LogisticTrainer.builder().optimizer(LogisticTrainer.Optimizer.NEWTON).build().train(rows, relabel(labels)),
        "binary models only");

    // a duplicated column makes the unpenalised design singular; the message names it
    FeatureSchema dup = FeatureSchema.builder().number("a").number("a_copy").build();
    List<Features> dupRows = new ArrayList<>();
    for (Features r : rows) {
      dupRows.add(Features.builder(dup).set("a", r.number(0)).set("a_copy", r.number(0)).build());
    }
    assertMessage(() -> LogisticTrainer.builder().l2(0).build().train(dupRows, labels), "singular at column 'a_copy'");
    // ... and an L2 penalty fixes it
    LogisticTrainer.builder().l2(1e-3).build().train(dupRows, labels);

    // separable classes do not converge without a penalty
    List<String> separable = new ArrayList<>();
    for (Features r : rows) {
      separable.add(r.number(0) > 5 ? "won" : "lost");
    }
    assertMessage(() -> LogisticTrainer.builder().l2(0).build().train(rows, separable), "separable");
    assertMessage(() -> LogisticTrainer.builder().l2(0).maxIterations(3).build().train(rows, labels), "did not converge in 3 Newton iterations");
    assertThrows(IllegalArgumentException.class, () -> LogisticTrainer.builder().build().train(rows, labels.subList(0, 10)));
    assertThrows(IllegalArgumentException.class, () -> LogisticTrainer.builder().l2(-1));
  }

  private static void assertMessage(Runnable r, String expected) {
    TrainingException e = assertThrows(TrainingException.class, r::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
