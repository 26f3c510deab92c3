package dev.scoring.ml.trees;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.ml.lightgbm.PredictionType;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.MutableFeatures;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;

/**
 * The corpus of model files written by older XGBoost and LightGBM versions (see corpus/README.md):
 * our readers give the predictions the writing version recorded, and so do today's libraries
 * loading the same files; the files' specification variants score the same.
 */
final class WriterVersionsCorpusTest {

  private static final double TOLERANCE = 1e-6;
  private static final FeatureSchema SCHEMA = FeatureSchema.builder().number("f0").number("f1").number("f2").number("f3").number("f4").build();

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = WriterVersionsCorpusTest.class.getResourceAsStream("corpus/" + name)) {
      if (in == null) {
        throw new AssertionError("missing corpus file " + name);
      }
      return in.readAllBytes();
    }
  }

  private static float[] data() throws IOException {
    String[] lines = new String(resource("data.csv"), StandardCharsets.UTF_8).split("\n");
    float[] x = new float[(lines.length - 1) * 5];
    for (int i = 1; i < lines.length; i++) {
      String[] cells = lines[i].split(",", -1);
      for (int c = 0; c < 5; c++) {
        x[(i - 1) * 5 + c] = cells[c].isEmpty() ? Float.NaN : Float.parseFloat(cells[c]);
      }
    }
    return x;
  }

  private static List<Features> rows(float[] x) {
    List<Features> rows = new ArrayList<>();
    MutableFeatures row = Features.mutable(SCHEMA);
    for (int i = 0; i < x.length / 5; i++) {
      row.clear();
      for (int c = 0; c < 5; c++) {
        if (!Float.isNaN(x[i * 5 + c])) {
          row.setNumber(c, x[i * 5 + c]);
        }
      }
      rows.add(row.snapshot());
    }
    return rows;
  }

  private static double[][] recorded(String name) throws IOException {
    String[] lines = new String(resource(name), StandardCharsets.UTF_8).strip().split("\n");
    double[][] p = new double[lines.length][];
    for (int i = 0; i < lines.length; i++) {
      String[] cells = lines[i].split(",");
      p[i] = new double[cells.length];
      for (int k = 0; k < cells.length; k++) {
        p[i][k] = Double.parseDouble(cells[k]);
      }
    }
    return p;
  }

  private static void agree(double[][] expected, Scorer scorer, List<Features> rows, String what) {
    assertEquals(expected.length, rows.size(), what);
    for (int i = 0; i < rows.size(); i++) {
      Score s = scorer.score(rows.get(i));
      if (expected[i].length == 1) {
        XGBoostParityTest.check(expected[i][0], s.value(), TOLERANCE, what + " row " + i);
      } else {
        for (int k = 0; k < expected[i].length; k++) {
          XGBoostParityTest.check(expected[i][k], s.classProbability(k), TOLERANCE, what + " row " + i + " class " + k);
        }
      }
    }
  }

  @Test
  void xgboost_1_7_and_2_0_files_scoreAsTheirWriterAndToday() throws Exception {
    float[] x = data();
    List<Features> rows = rows(x);
    DMatrix m = new DMatrix(x, rows.size(), 5, Float.NaN);
    int files = 0;
    for (String version : List.of("1.7.6", "2.0.3")) {
      for (String task : List.of("binary", "multi")) {
        String base = "xgboost-" + version + "-" + task;
        double[][] expected = recorded(base + ".pred");
        for (String ext : List.of(".json", ".ubj")) {
          byte[] file = resource(base + ext);
          // today's XGBoost loads the older file and agrees with its writer
          Booster today = XGBoost.loadModel(file);
          float[][] now = today.predict(m);
          today.dispose();
          for (int i = 0; i < now.length; i++) {
            for (int k = 0; k < now[i].length; k++) {
              XGBoostParityTest.check(expected[i][k], now[i][k], TOLERANCE, base + ext + " XGBoost 3.4 row " + i);
            }
          }
          Map<String, byte[]> variants = new LinkedHashMap<>();
          variants.put("as written", file);
          if (ext.equals(".json")) {
            variants.put("keys reordered", WildModelFilesTest.rewrite(file, true, false, false, "\n"));
            variants.put("CRLF", WildModelFilesTest.rewrite(file, false, false, false, "\r\n"));
          }
          for (Map.Entry<String, byte[]> v : variants.entrySet()) {
            Scorer ours = new XGBoostProvider().create(TreeModels.spec("xgboost", base + ext, v.getValue(), SCHEMA));
            agree(expected, ours, rows, base + ext + " " + v.getKey());
            files++;
          }
        }
      }
    }
    m.dispose();
    assertEquals(16, files);
  }

  @Test
  void lightgbm_3_3_files_andDumps_scoreAsTheirWriterAndToday() throws Exception {
    float[] x = data();
    List<Features> rows = rows(x);
    double[] xd = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      xd[i] = x[i];
    }
    for (String task : List.of("binary", "multi")) {
      String base = "lightgbm-3.3.2-" + task;
      double[][] expected = recorded(base + ".pred");
      String text = new String(resource(base + ".txt"), StandardCharsets.UTF_8);
      assertTrue(text.contains("\nversion=v3\n"), base);
      try (LightGbmOracle today = new LightGbmOracle(text)) {
        double[] now = today.predict(xd, rows.size(), 5, PredictionType.C_API_PREDICT_NORMAL);
        int classes = expected[0].length;
        for (int i = 0; i < rows.size(); i++) {
          for (int k = 0; k < classes; k++) {
            XGBoostParityTest.check(expected[i][k], now[i * classes + k], TOLERANCE, base + " LightGBM 4.3 row " + i);
          }
        }
      }
      for (Map.Entry<String, UnaryOperator<String>> v : WildModelFilesTest.lightGbmVariants(9).entrySet()) {
        Scorer ours = new LightGbmProvider().create(TreeModels.spec("lightgbm", base + ".txt", v.getValue().apply(text), SCHEMA));
        agree(expected, ours, rows, base + ".txt " + v.getKey());
      }
      byte[] dump = resource(base + ".dump.json");
      agree(expected, new LightGbmProvider().create(TreeModels.spec("lightgbm", base + ".dump.json", dump, SCHEMA)), rows,
          base + ".dump.json");
      String crlf = new String(dump, StandardCharsets.UTF_8).replace("\n", "\r\n");
      agree(expected, new LightGbmProvider().create(TreeModels.spec("lightgbm", base + ".dump.json", crlf, SCHEMA)), rows,
          base + ".dump.json CRLF");
    }
  }
}
