package dev.scoring.ml.trees;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ModelException;
import dev.scoring.api.MutableFeatures;
import java.nio.charset.StandardCharsets;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.junit.jupiter.api.Test;

/**
 * XGBoost 3.x's category encoder ({@code cats}): a model trained on a data frame stores each
 * categorical column's training categories, and the category at index k is code k. XGBoost4J trains
 * on codes, so the test trains there, writes an encoder naming the codes into the saved JSON exactly
 * as XGBoost serialises one (Arrow offsets and UTF-8 bytes for strings, typed values for integers,
 * an empty entry for a numerical column), and requires our scores for the names to equal XGBoost's
 * predictions for the codes.
 */
class XGBoostCategoryEncoderTest {

  private static final String[] SEGMENTS = {"Enterprise", "Mid-Market", "SMB", "Öffentlicher Sektor", "東京"};
  private static final long[] SIZES = {10, 20, 50, 200, 1000};

  /** The encoder block for features cat0 (strings), cat1 (integers) and num2 (numerical). */
  private static String encoder() {
    StringBuilder offsets = new StringBuilder("0");
    StringBuilder bytes = new StringBuilder();
    int at = 0;
    for (String s : SEGMENTS) {
      for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
        bytes.append(bytes.length() == 0 ? "" : ",").append(b);
        at++;
      }
      offsets.append(',').append(at);
    }
    StringBuilder sizes = new StringBuilder();
    for (long v : SIZES) {
      sizes.append(sizes.length() == 0 ? "" : ",").append(v);
    }
    return "\"cats\":{\"enc\":[{\"offsets\":[" + offsets + "],\"values\":[" + bytes + "]},"
        + "{\"type\":15,\"values\":[" + sizes + "]},{\"type\":9,\"values\":[]}],"
        + "\"feature_segments\":[0,5,10,10],\"sorted_idx\":[0,1,2,3,4,0,1,2,3,4],\"is_ref\":true,\"sorted\":true}";
  }

  private static String withEncoder(byte[] json, String encoder) {
    String text = new String(json, StandardCharsets.UTF_8);
    String empty = "\"cats\":{\"enc\":[],\"feature_segments\":[],\"sorted_idx\":[]}";
    assertTrue(text.contains(empty), "XGBoost4J writes an empty encoder");
    return text.replace(empty, encoder);
  }

  @Test
  void namesFromTheEncoder_scoreAsXGBoostScoresTheirCodes() throws XGBoostError, java.io.IOException {
    RandomData d = new RandomData(11, 1500, 3, 0.1, 2, 5, 1, "binary");
    byte[] json = TreeModels.xgboost(d, "binary:logistic", 1, 20);
    Booster booster = XGBoost.loadModel(json);
    DMatrix m = new DMatrix(d.x, d.rows, d.cols, Float.NaN);
    float[][] expected = booster.predict(m);
    m.dispose();
    booster.dispose();

    FeatureSchema schema = FeatureSchema.builder().category("cat0").category("cat1").number("num2").build();
    TreeScorer scorer = (TreeScorer) new XGBoostProvider().create(
        TreeModels.spec("xgboost", "frame.json", withEncoder(json, encoder()), schema));
    MutableFeatures row = Features.mutable(schema);
    double max = 0;
    for (int i = 0; i < d.rows; i++) {
      row.clear();
      float c0 = d.x[i * 3];
      float c1 = d.x[i * 3 + 1];
      float n2 = d.x[i * 3 + 2];
      if (!Float.isNaN(c0)) {
        row.setString(0, SEGMENTS[(int) c0]);
      }
      if (!Float.isNaN(c1)) {
        row.setString(1, Long.toString(SIZES[(int) c1]));
      }
      if (!Float.isNaN(n2)) {
        row.setNumber(2, n2);
      }
      double diff = Math.abs(scorer.scoreValue(row) - expected[i][0]);
      max = Math.max(max, diff);
      assertTrue(diff <= 1e-6, "row " + i + ": " + diff);
    }
    assertTrue(max <= 1e-6);
    assertEquals(0, scorer.unseenCategories());
    // a category the model never saw is missing, as it is for XGBoost's codes, and counted
    row.clear();
    row.setString(0, "Government");
    row.setNumber(2, 0.5);
    double unseen = scorer.scoreValue(row);
    row.clear();
    row.setNumber(2, 0.5);
    assertEquals(scorer.scoreValue(row), unseen, 0.0);
    assertEquals(1, scorer.unseenCategories());
  }

  @Test
  void inconsistentEncoder_failsNamingThePlace() {
    RandomData d = new RandomData(12, 400, 3, 0.1, 2, 5, 1, "binary");
    byte[] json = TreeModels.xgboost(d, "binary:logistic", 1, 3);
    FeatureSchema schema = FeatureSchema.builder().category("cat0").category("cat1").number("num2").build();
    String segments = withEncoder(json, encoder().replace("[0,5,10,10]", "[0,4,10,10]"));
    ModelException e = assertThrows(ModelException.class,
        () -> new XGBoostProvider().create(TreeModels.spec("xgboost", "bad.json", segments, schema)));
    assertTrue(e.getMessage().contains("cats.enc[0]") && e.getMessage().contains("5 categories"), e.getMessage());

    String offsets = withEncoder(json, encoder().replaceFirst("\"offsets\":\\[0,", "\"offsets\":[0,999,"));
    e = assertThrows(ModelException.class,
        () -> new XGBoostProvider().create(TreeModels.spec("xgboost", "bad.json", offsets, schema)));
    assertTrue(e.getMessage().contains("offsets"), e.getMessage());

    String utf8 = withEncoder(json, encoder().replaceFirst("\"values\":\\[69", "\"values\":[-1"));
    e = assertThrows(ModelException.class,
        () -> new XGBoostProvider().create(TreeModels.spec("xgboost", "bad.json", utf8, schema)));
    assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());

    String columns = withEncoder(json, encoder().replace(",{\"type\":9,\"values\":[]}", ""));
    e = assertThrows(ModelException.class,
        () -> new XGBoostProvider().create(TreeModels.spec("xgboost", "bad.json", columns, schema)));
    assertTrue(e.getMessage().contains("2 columns for 3 features"), e.getMessage());
  }
}
