package dev.scoring.examples.triage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import dev.scoring.evaluation.Calibration;
import dev.scoring.evaluation.MulticlassMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed ticket models on the fixed test split (9,567 real tickets): the library's
 * probabilities equal raw ONNX Runtime's and the trainers' own (scikit-learn's predict_proba,
 * PyTorch's forward pass, recorded by tools/text-models/train_tickets.py), accuracy and macro-F1
 * stay above floors, and the neural model stays ahead of the linear baseline on macro-F1, so a
 * retrained model that regresses fails here.
 */
class TicketModelsTest {

  private static final List<String> CLASSES = TicketTriage.CATEGORIES;
  private static List<String> texts = List.of();
  private static int[] actual = new int[0];
  private static double[][] trainerLinear = new double[0][];
  private static double[][] trainerNeural = new double[0][];

  @BeforeAll
  static void read() {
    List<CSVRecord> tickets = TestData.csv("tickets-test.csv.gz");
    List<CSVRecord> outputs = TestData.csv("tickets-test-outputs.csv.gz");
    assertEquals(9_567, tickets.size());
    assertEquals(tickets.size(), outputs.size());
    texts = TestData.ticketTexts(tickets);
    actual = new int[texts.size()];
    for (int i = 0; i < actual.length; i++) {
      actual[i] = CLASSES.indexOf(tickets.get(i).get("Topic_group"));
      assertEquals(tickets.get(i).get("Topic_group"), outputs.get(i).get("label"), "row " + i);
    }
    trainerLinear = TestData.columns(outputs, "lr:", CLASSES);
    trainerNeural = TestData.columns(outputs, "nn:", CLASSES);
  }

  /** The library's probabilities on the whole test split, computed once per model. */
  private static final Map<String, double[][]> LIBRARY = new ConcurrentHashMap<>();

  private static double[][] library(String model) {
    return LIBRARY.computeIfAbsent(model, TicketModelsTest::score);
  }

  private static double[][] score(String model) {
    FeatureSchema schema = TicketTriage.schema();
    try (Scorer scorer = TicketTriage.load(model, schema)) {
      double[][] p = new double[texts.size()][];
      for (int from = 0; from < texts.size(); from += 500) {
        List<Features> rows = new ArrayList<>();
        for (int i = from; i < Math.min(texts.size(), from + 500); i++) {
          rows.add(Features.of(schema, Map.of("text", texts.get(i))));
        }
        List<Score> scores = scorer.scoreBatch(rows);
        for (int i = 0; i < scores.size(); i++) {
          Score s = scores.get(i);
          assertEquals(CLASSES, s.classes());
          p[from + i] = s.classProbabilities();
          assertEquals(CLASSES.get(argmax(p[from + i])), s.label());
        }
      }
      return p;
    }
  }

  @Test
  void linearModelMatchesScikitLearnAndRawOnnxRuntime() {
    check(TicketTriage.LINEAR_MODEL, trainerLinear, 1e-5, 0.85, 0.85);
  }

  @Test
  void neuralModelMatchesPyTorchAndRawOnnxRuntime() {
    check(TicketTriage.NEURAL_MODEL, trainerNeural, 1e-5, NEURAL_ACCURACY_FLOOR, NEURAL_MACRO_F1_FLOOR);
  }

  static final double NEURAL_ACCURACY_FLOOR = 0.86;
  static final double NEURAL_MACRO_F1_FLOOR = 0.865;

  /** The margin the committed neural model has over the linear baseline, in macro-F1 (at least). */
  static final double NEURAL_MACRO_F1_MARGIN = 0.0;

  @Test
  void neuralModelBeatsTheLinearBaselineOnMacroF1() {
    double neural = metrics(library(TicketTriage.NEURAL_MODEL)).macroF1();
    double linear = metrics(library(TicketTriage.LINEAR_MODEL)).macroF1();
    System.out.printf(Locale.ROOT, "macro-F1: neural %.4f, linear %.4f, margin %+.4f%n", neural, linear, neural - linear);
    assertTrue(neural - linear > NEURAL_MACRO_F1_MARGIN,
        "neural macro-F1 " + neural + " is not ahead of the linear baseline's " + linear);
  }

  private static void check(String model, double[][] trainer, double tolerance, double minAccuracy, double minMacroF1) {
    double[][] lib = library(model);
    // parity with the trainer on every test row
    double worst = 0;
    for (int i = 0; i < lib.length; i++) {
      for (int c = 0; c < CLASSES.size(); c++) {
        worst = Math.max(worst, Math.abs(lib[i][c] - trainer[i][c]));
      }
    }
    assertTrue(worst <= tolerance, model + ": largest difference from the trainer's probabilities " + worst);
    // parity with raw ONNX Runtime on the first 1,000 rows, in one run
    String[][] input = new String[1000][1];
    for (int i = 0; i < 1000; i++) {
      input[i][0] = texts.get(i);
    }
    float[][] raw = TestData.rawRun(TestData.bytes(model), "text", input);
    for (int i = 0; i < 1000; i++) {
      for (int c = 0; c < CLASSES.size(); c++) {
        assertEquals(raw[i][c], lib[i][c], 1e-6, model + " row " + i + " class " + CLASSES.get(c));
      }
    }
    MulticlassMetrics m = metrics(lib);
    System.out.println(report(model, lib, m, worst));
    assertTrue(m.accuracy() >= minAccuracy, model + " accuracy " + m.accuracy());
    assertTrue(m.macroF1() >= minMacroF1, model + " macro-F1 " + m.macroF1());
  }

  static MulticlassMetrics metrics(double[][] p) {
    int[] predicted = new int[p.length];
    for (int i = 0; i < p.length; i++) {
      predicted[i] = argmax(p[i]);
    }
    return MulticlassMetrics.of(CLASSES, actual, predicted);
  }

  /** The top-label expected calibration error (15 equal-width bins of the top probability). */
  static double ece(double[][] p) {
    double[] top = new double[p.length];
    int[] correct = new int[p.length];
    for (int i = 0; i < p.length; i++) {
      int k = argmax(p[i]);
      top[i] = p[i][k];
      correct[i] = k == actual[i] ? 1 : 0;
    }
    return Calibration.of(top, correct, 15).expectedCalibrationError();
  }

  private static String report(String model, double[][] p, MulticlassMetrics m, double worst) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "%s: accuracy %.4f, macro-F1 %.4f, top-label ECE %.4f, largest difference from the trainer %.2e%n",
        model, m.accuracy(), m.macroF1(), ece(p), worst));
    for (MulticlassMetrics.ClassMetrics c : m.perClass()) {
      sb.append(String.format(Locale.ROOT, "  %-22s precision %.3f recall %.3f F1 %.3f support %.0f%n",
          c.name(), c.precision(), c.recall(), c.f1(), c.support()));
    }
    return sb.toString();
  }

  static int argmax(double[] p) {
    int k = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[k]) {
        k = i;
      }
    }
    return k;
  }
}
