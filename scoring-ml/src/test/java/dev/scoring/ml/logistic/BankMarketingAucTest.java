package dev.scoring.ml.logistic;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.Features;
import dev.scoring.api.ModelSource;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerRegistry;
import dev.scoring.api.ScorerSpec;
import dev.scoring.ml.calibration.CalibratedScorer;
import dev.scoring.ml.calibration.IsotonicCalibrator;
import dev.scoring.ml.calibration.PlattCalibrator;
import dev.scoring.ml.calibration.Reliability;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * End to end on bank marketing: train (with and without the leaky {@code duration}), save, load
 * through the registry, score, explain and calibrate; held-out AUC and expected calibration error.
 * Runs on the 10% sample in the test resources; {@code -Dbank.csv=/path/bank-additional-full.csv}
 * runs it on the full file.
 */
final class BankMarketingAucTest {

  @Test
  void heldOutAuc_withAndWithoutDuration_andCalibration() {
    String full = System.getProperty("bank.csv");
    BankData d = full == null ? Fixtures.bank() : BankData.load(Path.of(full));
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < d.rows.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(20261123));
    int n = order.size();
    List<Integer> train = order.subList(0, n * 6 / 10);
    List<Integer> calib = order.subList(n * 6 / 10, n * 8 / 10);
    List<Integer> test = order.subList(n * 8 / 10, n);

    double aucWith = auc(d, train, test, LogisticTrainer.builder().minCategoryCount(20).l2(1e-4).build());
    double aucWithout = auc(d, train, test, LogisticTrainer.builder().exclude("duration").minCategoryCount(20).l2(1e-4).build());
    System.out.printf("bank marketing (%d rows; train %d, held-out %d): AUC with duration %.4f, without duration %.4f%n",
        n, train.size(), test.size(), aucWith, aucWithout);
    assertTrue(aucWith > aucWithout, "duration leaks the outcome, so it must raise the AUC");
    assertTrue(aucWith > 0.9, "AUC with duration " + aucWith);
    assertTrue(aucWithout > 0.70, "AUC without duration " + aucWithout);

    // calibration: a class-balanced model over-predicts positives; Platt and isotonic fitted on a
    // separate split bring its probabilities back in line on the held-out split
    LogisticModel balanced = LogisticTrainer.builder().exclude("duration").minCategoryCount(20).balancedClassWeights()
        .modelVersion("bank-balanced").build().train(pick(d.rows, train), pick(d.labels, train));
    Scorer raw = ScorerRegistry.discover(getClass().getClassLoader()).load(ScorerSpec.builder("logistic")
        .source(ModelSource.bytes("balanced.json", balanced.toJson())).schema(d.schema).build());
    boolean[] calibLabels = positives(d, calib);
    boolean[] testLabels = positives(d, test);
    double[] before = values(raw, pick(d.rows, test));
    CalibratedScorer platt = CalibratedScorer.fit(raw, "platt", pick(d.rows, calib), calibLabels);
    CalibratedScorer isotonic = CalibratedScorer.fit(raw, "isotonic", pick(d.rows, calib), calibLabels);
    double eceBefore = Reliability.expectedCalibrationError(before, testLabels, 10);
    double ecePlatt = Reliability.expectedCalibrationError(values(platt, pick(d.rows, test)), testLabels, 10);
    double eceIsotonic = Reliability.expectedCalibrationError(values(isotonic, pick(d.rows, test)), testLabels, 10);
    System.out.printf("expected calibration error (10 bins, held-out): balanced model %.4f, Platt %.4f, isotonic %.4f%n",
        eceBefore, ecePlatt, eceIsotonic);
    assertTrue(ecePlatt < eceBefore / 2 && eceIsotonic < eceBefore / 2);
    assertTrue(platt.calibrator() instanceof PlattCalibrator && isotonic.calibrator() instanceof IsotonicCalibrator);

    // the calibration travels with the model file
    LogisticModel withCalibration = balanced.withCalibration(isotonic.calibrator());
    Scorer loaded = ScorerRegistry.discover(getClass().getClassLoader()).load(ScorerSpec.builder("logistic")
        .source(ModelSource.bytes("calibrated.json", withCalibration.toJson())).schema(d.schema).build());
    Features row = d.rows.get(test.get(0));
    assertTrue(Math.abs(loaded.scoreValue(row) - isotonic.scoreValue(row)) < 1e-15);
    assertTrue(!loaded.explain(row).reasons(3).isEmpty());
  }

  private static double auc(BankData d, List<Integer> train, List<Integer> test, LogisticTrainer trainer) {
    LogisticModel m = trainer.train(pick(d.rows, train), pick(d.labels, train));
    Scorer s = ScorerRegistry.discover(BankMarketingAucTest.class.getClassLoader()).load(ScorerSpec.builder("logistic")
        .source(ModelSource.bytes("bank.json", m.toJson())).schema(d.schema).build());
    return BankData.auc(values(s, pick(d.rows, test)), pick(d.labels, test), "yes");
  }

  private static double[] values(Scorer s, List<Features> rows) {
    double[] v = new double[rows.size()];
    s.scoreBatch(rows, v);
    return v;
  }

  private static boolean[] positives(BankData d, List<Integer> idx) {
    boolean[] y = new boolean[idx.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = d.labels.get(idx.get(i)).equals("yes");
    }
    return y;
  }

  private static <T> List<T> pick(List<T> all, List<Integer> idx) {
    List<T> out = new ArrayList<>(idx.size());
    for (int i : idx) {
      out.add(all.get(i));
    }
    return out;
  }
}
