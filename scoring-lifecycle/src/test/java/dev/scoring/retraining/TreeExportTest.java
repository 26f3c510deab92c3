package dev.scoring.retraining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.Features;
import dev.scoring.api.ModelSource;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerSpec;
import dev.scoring.api.Scorers;
import dev.scoring.lifecycle.DirectoryModelStore;
import dev.scoring.lifecycle.ModelState;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tree models cannot be trained in-library: the feedback is exported (CSV and LibSVM, the schema's
 * column order), XGBoost itself trains on the LibSVM file, and the trained model comes back
 * through the same promotion gate.
 */
final class TreeExportTest {

  static final List<String> NUMERIC = List.of("age", "campaign", "previous", "emp.var.rate", "cons.price.idx",
      "cons.conf.idx", "euribor3m", "nr.employed");

  static List<String> reversed(List<String> list) {
    List<String> r = new java.util.ArrayList<>(list);
    java.util.Collections.reverse(r);
    return r;
  }

  @BeforeAll
  static void load() {
    BankMarketingLifecycleTest.load();
  }

  @Test
  void libsvm_trainsInXGBoost_andTheModelComesBackThroughTheGate(@TempDir Path dir) throws Exception {
    BankData data = BankMarketingLifecycleTest.data;
    BankMarketingLifecycleTest.Phase a = BankMarketingLifecycleTest.phaseA();
    DirectoryModelStore store = DirectoryModelStore.open(dir.resolve("models"));
    Retrainer retrainer = BankMarketingLifecycleTest.retrainer(a.feedback(), BankMarketingLifecycleTest.gate().build())
        .store(store, ModelState.SHADOW).build();
    // the schema's order, whatever the order asked for
    TrainingExport export = TrainingExport.of(data.schema(), reversed(NUMERIC));
    assertEquals(NUMERIC, export.columns());
    Path libsvm = dir.resolve("train.libsvm");
    Path csv = dir.resolve("train.csv");
    try (Writer w = Files.newBufferedWriter(libsvm)) {
      assertEquals(NUMERIC, retrainer.exportTraining(export, TrainingExport.Format.LIBSVM, w));
    }
    try (Writer w = Files.newBufferedWriter(csv)) {
      retrainer.exportTraining(export, TrainingExport.Format.CSV, w);
    }
    // the training part: the 4,000 base rows, then the 1,400 oldest feedback rows (the rest is held out)
    List<Features> train = data.rows().subList(0, 5_400);

    DMatrix m = new DMatrix(libsvm + "?format=libsvm&indexing_mode=0");
    assertEquals(5_400, m.rowNum());
    Map<String, Object> p = new HashMap<>();
    p.put("objective", "binary:logistic");
    p.put("max_depth", 3);
    p.put("eta", 0.1);
    p.put("nthread", 1);
    p.put("seed", 7);
    Booster booster = XGBoost.train(m, p, 60, new HashMap<>(), null, null);
    byte[] json = booster.toByteArray("json");
    float[][] xgb = booster.predict(m);

    Scorer imported = Scorers.load(ScorerSpec.builder("xgboost").id(BankMarketingLifecycleTest.MODEL)
        .schema(data.schema()).source(ModelSource.bytes("xgb.json", json))
        .option("features", String.join(",", export.columns())).build());
    // parity: XGBoost's own predictions on the same rows as float32 (what XGBoost scores a double as) match the
    // imported model on every row
    int cols = NUMERIC.size();
    float[] flat = new float[train.size() * cols];
    for (int i = 0; i < train.size(); i++) {
      for (int c = 0; c < cols; c++) {
        int idx = data.schema().feature(NUMERIC.get(c)).index();
        flat[i * cols + c] = train.get(i).isMissing(idx) ? Float.NaN : (float) train.get(i).number(idx);
      }
    }
    float[][] onFloats = booster.predict(new DMatrix(flat, train.size(), cols, Float.NaN));
    int agreeText = 0;
    int euribor = data.schema().feature("euribor3m").index();
    for (int i = 0; i < train.size(); i++) {
      double mine = imported.scoreValue(train.get(i));
      assertEquals(onFloats[i][0], mine, 1e-6, "row " + i);
      if (Math.abs(xgb[i][0] - mine) <= 1e-6) {
        agreeText++;
      } else {
        // XGBoost's libsvm text parser (dmlc-core's own strtof, not correctly rounded) reads "4.97", "4.286" and
        // "1.384" one float32 ulp high (4.9700003 instead of 4.97f...); trained on those, the trees split exactly
        // there, so a row holding such a value goes the other way in XGBoost's predict on the text matrix than for
        // any correctly rounded float32 input (XGBoost on a float matrix, or the imported model)
        double v = train.get(i).number(euribor);
        assertTrue(v == 4.97 || v == 4.286 || v == 1.384, "row " + i + " differs with euribor3m " + v);
      }
    }
    // measured: 5,367 of 5,400 (the 29 rows at 4.97, 2 at 4.286 and 2 at 1.384)
    assertTrue(agreeText >= 5_300, "agreement on " + agreeText + " rows");

    RetrainingReport r = retrainer.evaluateImported(a.champion(), imported, json, "xgboost");
    System.out.println(r.summary());
    assertEquals("imported", r.kind());
    assertEquals(600, r.holdOutRows());
    List<Features> held = data.rows().subList(5_400, 6_000);
    double[] s = held.stream().mapToDouble(imported::scoreValue).toArray();
    int[] y = new int[held.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = data.labels().get(5_400 + i).equals("yes") ? 1 : 0;
    }
    assertEquals(BankMarketingLifecycleTest.pairAuc(s, y), r.gate().candidateAuc(), 1e-12);
    assertTrue(r.passed(), r.summary());
    assertEquals(0.5403, r.gate().candidateAuc(), 5e-5);
    assertEquals("xgboost", r.saved().orElseThrow().type());
    assertEquals(ModelSource.digest(json), r.saved().orElseThrow().digest());
  }

  @Test
  void csv_holdsTheLabelThenTheColumnsInSchemaOrder_missingEmpty(@TempDir Path dir) throws Exception {
    BankData data = BankMarketingLifecycleTest.data;
    List<String> cols = List.of("age", "pdays", "euribor3m");
    TrainingExport export = TrainingExport.of(data.schema(), cols);
    List<Features> rows = data.rows().subList(3_990, 4_100);  // pdays appears after the early months
    int[] y = new int[rows.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = data.labels().get(3_990 + i).equals("yes") ? 1 : 0;
    }
    Path csv = dir.resolve("t.csv");
    try (Writer w = Files.newBufferedWriter(csv)) {
      export.write(rows, y, TrainingExport.Format.CSV, w);
    }
    try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
        CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
      assertEquals(List.of("label", "age", "pdays", "euribor3m"), parser.getHeaderNames());
      List<CSVRecord> recs = parser.getRecords();
      assertEquals(rows.size(), recs.size());
      int missing = 0;
      for (int i = 0; i < recs.size(); i++) {
        assertEquals(y[i], Integer.parseInt(recs.get(i).get("label")));
        for (String c : cols) {
          int idx = data.schema().feature(c).index();
          String v = recs.get(i).get(c);
          if (rows.get(i).isMissing(idx)) {
            assertEquals("", v);
            missing++;
          } else {
            assertEquals(rows.get(i).number(idx), Double.parseDouble(v), 0.0);
          }
        }
      }
      assertTrue(missing > 0 && missing < rows.size(), "pdays is missing for some rows: " + missing);
    }
  }

  @Test
  void categories_areRefusedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainingExport.of(BankMarketingLifecycleTest.data.schema()));
    assertTrue(e.getMessage().contains("feature 'job' is a category"), e.getMessage());
    assertThrows(dev.scoring.api.ModelException.class,
        () -> TrainingExport.of(BankMarketingLifecycleTest.data.schema(), List.of("no-such-feature")));
  }
}
