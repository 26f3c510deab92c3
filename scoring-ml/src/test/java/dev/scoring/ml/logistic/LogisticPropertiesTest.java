package dev.scoring.ml.logistic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.scoring.api.Explanation;
import dev.scoring.api.Features;
import dev.scoring.api.MutableFeatures;
import dev.scoring.api.Score;
import dev.scoring.ml.calibration.IsotonicCalibrator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** QuickTheories properties of training, the model format and explanations, on small generated datasets. */
final class LogisticPropertiesTest {

  private static final int EXAMPLES = 12;

  private static LogisticTrainer trainer() {
    return LogisticTrainer.builder().l2(1e-2).minCategoryCount(5).clock(Fixtures.CLOCK).build();
  }

  @Test
  void saveThenLoad_givesIdenticalScores() {
    qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
      List<String> labels = new ArrayList<>();
      List<Features> rows = LogisticTrainerTest.rows(150, seed, labels);
      LogisticModel m = trainer().train(rows, labels);
      Random r = new Random(seed);
      if (r.nextBoolean()) {
        double[] s = new double[100];
        boolean[] y = new boolean[100];
        for (int i = 0; i < 100; i++) {
          s[i] = r.nextDouble();
          y[i] = r.nextDouble() < s[i];
        }
        m = m.withCalibration(IsotonicCalibrator.fit(s, y));
      }
      LogisticModel back = LogisticModel.read(m.toJson(), "roundtrip.json");
      LogisticScorer a = m.scorer("a", rows.get(0).schema());
      LogisticScorer b = back.scorer("a", rows.get(0).schema());
      for (Features row : LogisticTrainerTest.rows(50, seed + 1, new ArrayList<>())) {
        assertEquals(a.score(row), b.score(row));
      }
    });
  }

  @Test
  void permutingTrainingRows_changesTheFitByAtMost1e9() {
    qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
      List<String> labels = new ArrayList<>();
      List<Features> rows = LogisticTrainerTest.rows(200, seed, labels);
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        order.add(i);
      }
      Collections.shuffle(order, new Random(seed));
      List<Features> shuffledRows = new ArrayList<>();
      List<String> shuffledLabels = new ArrayList<>();
      for (int i : order) {
        shuffledRows.add(rows.get(i));
        shuffledLabels.add(labels.get(i));
      }
      LogisticModel a = trainer().train(rows, labels);
      LogisticModel b = trainer().train(shuffledRows, shuffledLabels);
      assertEquals(a.columns(), b.columns());
      double[] ca = a.coefficients(1);
      double[] cb = b.coefficients(1);
      for (int j = 0; j < ca.length; j++) {
        assertEquals(ca[j], cb[j], 1e-9, "coefficient " + j + " (" + (j == 0 ? "intercept" : a.columns().get(j - 1)) + ")");
      }
    });
  }

  @Test
  void scalingANumericFeature_leavesStandardisedPredictionsUnchanged() {
    qt().withExamples(EXAMPLES).forAll(longs().all(), doubles().between(1e-3, 1e3)).checkAssert((seed, factor) -> {
      List<String> labels = new ArrayList<>();
      List<Features> rows = LogisticTrainerTest.rows(200, seed, labels);
      List<Features> scaled = scale(rows, factor);
      LogisticScorer a = trainer().train(rows, labels).scorer("a", rows.get(0).schema());
      LogisticScorer b = trainer().train(scaled, labels).scorer("b", rows.get(0).schema());
      List<Features> test = LogisticTrainerTest.rows(40, seed + 7, new ArrayList<>());
      List<Features> testScaled = scale(test, factor);
      for (int i = 0; i < test.size(); i++) {
        assertEquals(a.scoreValue(test.get(i)), b.scoreValue(testScaled.get(i)), 1e-9, "row " + i + ", factor " + factor);
      }
    });
  }

  private static List<Features> scale(List<Features> rows, double factor) {
    List<Features> out = new ArrayList<>();
    MutableFeatures m = Features.mutable(rows.get(0).schema());
    int x1 = rows.get(0).schema().feature("x1").index();
    for (Features r : rows) {
      m.copyFrom(r);
      m.setNumber(x1, r.number(x1) * factor);
      out.add(m.snapshot());
    }
    return out;
  }

  @Test
  void contributions_sumToTheMargin() {
    qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
      List<String> labels = new ArrayList<>();
      List<Features> rows = LogisticTrainerTest.rows(150, seed, labels);
      if (seed % 3 == 0) {
        for (int i = 0; i < labels.size(); i += 4) {
          labels.set(i, "open"); // a softmax model
        }
      }
      LogisticScorer s = trainer().train(rows, labels).scorer("s", rows.get(0).schema());
      for (Features row : LogisticTrainerTest.rows(30, seed + 3, new ArrayList<>())) {
        Score score = s.score(row);
        Explanation e = s.explain(row);
        double tol = 1e-9 * Math.max(1, Math.abs(score.margin()));
        assertTrue(Math.abs(e.margin() - score.margin()) <= tol, e.margin() + " vs " + score.margin());
      }
    });
  }
}
