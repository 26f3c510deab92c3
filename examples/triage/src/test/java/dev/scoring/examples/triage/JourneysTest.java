package dev.scoring.examples.triage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.Scorer;
import dev.scoring.evaluation.BinaryMetrics;
import dev.scoring.ml.logistic.LogisticModel;
import dev.scoring.ml.logistic.LogisticTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sequence model on generated buyer journeys (tools/sequence-models/train_journeys.py): parity with
 * PyTorch and raw ONNX Runtime, and its gain over a logistic regression on bag-of-events counts
 * trained here with the library's own trainer, measured on the same test journeys.
 */
class JourneysTest {

  private static final String[] TYPES = {"page_view", "email_open", "email_click", "webinar", "demo_request",
      "invite_teammate", "trial_start", "support_ticket", "login"};
  private static final String[] CATEGORIES = {"none", "pricing", "security", "docs", "blog", "integrations",
      "case_study", "product", "careers"};
  private static List<CSVRecord> test = List.of();
  private static int[] labels = new int[0];

  @BeforeAll
  static void read() {
    test = TestData.csv("journeys-test-outputs.csv.gz");
    labels = new int[test.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = Integer.parseInt(test.get(i).get("converted"));
    }
  }

  private static Features journey(FeatureSchema schema, CSVRecord r) {
    return Features.of(schema, Map.of("event_types", r.get("event_types"), "categories", r.get("categories"),
        "gap_hours", r.get("gap_hours")));
  }

  @Test
  void matchesPyTorchAndRawOnnxRuntime() {
    FeatureSchema schema = Journeys.schema();
    try (Scorer gru = Journeys.load(schema)) {
      List<Features> rows = new ArrayList<>();
      for (CSVRecord r : test) {
        rows.add(journey(schema, r));
      }
      double[] p = new double[rows.size()];
      gru.scoreBatch(rows, p);
      double worst = 0;
      for (int i = 0; i < p.length; i++) {
        worst = Math.max(worst, Math.abs(p[i] - Double.parseDouble(test.get(i).get("torch_probability"))));
        assertEquals(p[i], gru.score(rows.get(i)).value(), 1e-6, "row " + i + ": one row or a batch");
        if (i == 200) {
          break;
        }
      }
      for (int i = 200; i < p.length; i++) {
        worst = Math.max(worst, Math.abs(p[i] - Double.parseDouble(test.get(i).get("torch_probability"))));
      }
      assertTrue(worst <= 1e-5, "largest difference from PyTorch " + worst);

      // raw ONNX Runtime on the documented encoding, padded at the start by hand
      int n = 500;
      String[][][] input = new String[n][Journeys.MAX_EVENTS][3];
      for (int i = 0; i < n; i++) {
        String[][] cols = {split(test.get(i).get("event_types")), split(test.get(i).get("categories")),
            split(test.get(i).get("gap_hours"))};
        int len = Math.min(cols[0].length, Journeys.MAX_EVENTS);
        int skip = cols[0].length - len;
        for (int t = 0; t < Journeys.MAX_EVENTS; t++) {
          int k = t - (Journeys.MAX_EVENTS - len);
          for (int d = 0; d < 3; d++) {
            input[i][t][d] = k < 0 ? "0" : cols[d][skip + k];
          }
        }
      }
      float[][] raw = TestData.rawRun(TestData.bytes("journeys-gru.onnx"), "events", input);
      for (int i = 0; i < n; i++) {
        assertEquals(raw[i][0], p[i], 1e-6, "row " + i);
      }
    }
  }

  @Test
  void theSequenceModelBeatsALogisticModelOnBagOfEventsByAMeasuredMargin() {
    FeatureSchema seq = Journeys.schema();
    double[] gruScores = new double[test.size()];
    try (Scorer gru = Journeys.load(seq)) {
      List<Features> rows = new ArrayList<>();
      for (CSVRecord r : test) {
        rows.add(journey(seq, r));
      }
      gru.scoreBatch(rows, gruScores);
    }
    FeatureSchema.Builder b = FeatureSchema.builder();
    for (String t : TYPES) {
      b.number("n_" + t);
    }
    for (String c : CATEGORIES) {
      b.number("n_cat_" + c);
      b.number("n_view_" + c);
    }
    FeatureSchema bag = b.build();
    List<Features> trainRows = new ArrayList<>();
    List<String> trainLabels = new ArrayList<>();
    for (CSVRecord r : TestData.csv("journeys-train.csv.gz")) {
      trainRows.add(bagOfEvents(bag, r));
      trainLabels.add(r.get("converted"));
    }
    LogisticModel lr = LogisticTrainer.builder().l2(1.0).positiveClass("1").build().train(trainRows, trainLabels);
    double[] lrScores = new double[test.size()];
    try (Scorer scorer = lr.scorer("bag-of-events", bag)) {
      List<Features> rows = new ArrayList<>();
      for (CSVRecord r : test) {
        rows.add(bagOfEvents(bag, r));
      }
      scorer.scoreBatch(rows, lrScores);
    }
    double aucGru = BinaryMetrics.rocAuc(gruScores, labels);
    double aucLr = BinaryMetrics.rocAuc(lrScores, labels);
    System.out.printf(Locale.ROOT, "journeys (%d test): GRU AUC %.4f, logistic on bag of events AUC %.4f, gain %+.4f%n",
        labels.length, aucGru, aucLr, aucGru - aucLr);
    assertTrue(aucGru - aucLr >= GRU_GAIN_FLOOR, "GRU AUC " + aucGru + " vs logistic " + aucLr);
  }

  static final double GRU_GAIN_FLOOR = 0.02;

  @Test
  void aHostPassesAJourneyAsEventsAndBadEventsAreRefused() {
    FeatureSchema schema = Journeys.schema();
    try (Scorer gru = Journeys.load(schema)) {
      List<Journeys.Event> ordered = List.of(new Journeys.Event("page_view", "pricing", 0),
          new Journeys.Event("page_view", "security", 5), new Journeys.Event("invite_teammate", "product", 12));
      List<Journeys.Event> reversed = List.of(new Journeys.Event("invite_teammate", "product", 0),
          new Journeys.Event("page_view", "security", 5), new Journeys.Event("page_view", "pricing", 12));
      double pOrdered = gru.score(Journeys.features(schema, ordered)).value();
      double pReversed = gru.score(Journeys.features(schema, reversed)).value();
      assertTrue(pOrdered > pReversed, "pricing -> security -> invite " + pOrdered + " vs reversed " + pReversed);
      double empty = gru.score(Journeys.features(schema, List.of())).value();
      assertTrue(empty >= 0 && empty <= 1);
      List<Journeys.Event> long50 = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        long50.add(new Journeys.Event("email_open", "none", 1));
      }
      long50.addAll(ordered);
      assertEquals(gru.score(Journeys.features(schema, long50.subList(50 - 29, 53))).value(),
          gru.score(Journeys.features(schema, long50)).value(), 1e-9, "the last 32 events are kept");
    }
    assertThrows(IllegalArgumentException.class, () -> new Journeys.Event("page view", "pricing", 1));
    assertThrows(IllegalArgumentException.class, () -> new Journeys.Event("page_view", "pricing", Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new Journeys.Event("page_view", "a,b", 1));
  }

  private static String[] split(String s) {
    return s.isBlank() ? new String[0] : s.trim().split("[\\s,]+");
  }

  private static Features bagOfEvents(FeatureSchema bag, CSVRecord r) {
    String[] types = split(r.get("event_types"));
    String[] cats = split(r.get("categories"));
    Map<String, Object> counts = new java.util.HashMap<>();
    for (String f : bag.names()) {
      counts.put(f, 0.0);
    }
    for (int i = 0; i < types.length; i++) {
      counts.merge("n_" + types[i], 1.0, (x, y) -> (double) x + (double) y);
      counts.merge("n_cat_" + cats[i], 1.0, (x, y) -> (double) x + (double) y);
      if (types[i].equals("page_view")) {
        counts.merge("n_view_" + cats[i], 1.0, (x, y) -> (double) x + (double) y);
      }
    }
    return Features.of(bag, counts);
  }
}
