package dev.scoring.ml.trees;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.microsoft.ml.lightgbm.PredictionType;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.FeatureType;
import dev.scoring.api.Features;
import dev.scoring.api.ModelDescription;
import dev.scoring.api.ModelException;
import dev.scoring.api.ModelSource;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerSpec;
import dev.scoring.ml.logistic.LogisticProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;

/**
 * Model files as other writers and hands leave them: LightGBM text without 'end of trees', XGBoost
 * 1.x's NaN tokens, indicator features, variants by the formats' specifications (CRLF, trailing
 * white space, a byte-order mark, reordered keys, optional sections missing), truncation, and files
 * given with the wrong type. Each variant is scored by our reader and, where it loads it, by the
 * format's own library: the predictions must agree.
 */
final class WildModelFilesTest {

  private static final double TOLERANCE = 1e-6;

  // ------------------------------------------------------------------------------------ LightGBM

  /** Variants of a LightGBM text model, each a function of the file's text. */
  static Map<String, UnaryOperator<String>> lightGbmVariants(long seed) {
    Map<String, UnaryOperator<String>> v = new LinkedHashMap<>();
    v.put("as written", t -> t);
    v.put("no 'end of trees', ends after the trees", t -> t.substring(0, t.indexOf("end of trees")));
    v.put("no 'end of trees', ends with feature_importances", t -> t.replace("end of trees\n", ""));
    v.put("no 'end of trees' nor importances, ends with parameters",
        t -> t.substring(0, t.indexOf("end of trees")) + t.substring(t.indexOf("parameters:")));
    // these three change the byte sizes tree_sizes lists: LightGBM 4.3 then aborts the process
    // ("Model format error, expect a tree here"), so they are read by us only (see ORACLE_SKIPS)
    v.put("CRLF line endings", t -> t.replace("\n", "\r\n"));
    v.put("trailing white space", t -> t.replace("\n", " \t\n"));
    v.put("byte-order mark", t -> "\uFEFF" + t);
    v.put("no tree_sizes (v2 writers)", t -> t.replaceFirst("tree_sizes=[^\n]*\n", ""));
    v.put("header keys reordered", t -> reorderBlock(t, "version=", "Tree=0", new Random(seed)));
    v.put("tree keys reordered", t -> reorderTrees(t, new Random(seed)));
    return v;
  }

  /** Variants LightGBM's own reader cannot take (it aborts the JVM on them, so it is not asked). */
  static final java.util.Set<String> ORACLE_SKIPS = java.util.Set.of("CRLF line endings", "trailing white space", "byte-order mark");

  private static String reorderBlock(String t, String fromLine, String toLine, Random r) {
    int from = t.indexOf(fromLine);
    int to = t.indexOf(toLine);
    List<String> lines = new ArrayList<>(List.of(t.substring(from, to).strip().split("\n")));
    Collections.shuffle(lines, r);
    return t.substring(0, from) + String.join("\n", lines) + "\n\n" + t.substring(to);
  }

  private static String reorderTrees(String t, Random r) {
    StringBuilder sb = new StringBuilder();
    int at = 0;
    for (int start = t.indexOf("Tree="); start >= 0; start = t.indexOf("Tree=", at)) {
      int body = t.indexOf('\n', start) + 1;
      int end = t.indexOf("\n\n", body);
      sb.append(t, at, body);
      List<String> lines = new ArrayList<>(List.of(t.substring(body, end).split("\n")));
      Collections.shuffle(lines, r);
      sb.append(String.join("\n", lines));
      at = end;
    }
    return sb.append(t.substring(at)).toString();
  }

  @Test
  void lightgbm_variantsLoad_andPredictAsLightGbm() throws Exception {
    for (String task : List.of("binary", "multiclass")) {
      RandomData d = new RandomData(11, 400, 4, 0.1, 1, 4, task.equals("binary") ? 1 : 3, task.equals("binary") ? "binary" : "multi");
      String params = "objective=" + task + (task.equals("binary") ? "" : " num_class=3")
          + " verbose=-1 num_threads=1 min_data_in_leaf=5 categorical_feature=0 min_data_per_group=5 cat_smooth=1";
      String text = TreeModels.lightgbm(d, params, 6);
      assertTrue(text.contains("end of trees") && text.contains("tree_sizes=") && text.contains("feature_importances:"));
      double[] expected;
      try (LightGbmOracle oracle = new LightGbmOracle(text)) {
        expected = oracle.predict(d.asDouble(), d.rows, d.cols, PredictionType.C_API_PREDICT_NORMAL);
      }
      FeatureSchema schema = d.schema(false);
      List<Features> rows = d.features(schema);
      int classes = expected.length / d.rows;
      for (Map.Entry<String, UnaryOperator<String>> v : lightGbmVariants(5).entrySet()) {
        String variant = v.getValue().apply(text);
        String what = task + ", " + v.getKey();
        // LightGBM's own reader, where it takes the variant
        if (!ORACLE_SKIPS.contains(v.getKey())) {
          try (LightGbmOracle oracle = new LightGbmOracle(variant)) {
            assertArrayEquals(expected, oracle.predict(d.asDouble(), d.rows, d.cols, PredictionType.C_API_PREDICT_NORMAL), 0.0,
                what + ": LightGBM itself");
          }
        }
        TreeScorer ours = (TreeScorer) new LightGbmProvider().create(TreeModels.spec("lightgbm", "variant.txt", variant, schema));
        for (int i = 0; i < rows.size(); i++) {
          if (classes == 1) {
            XGBoostParityTest.check(expected[i], ours.score(rows.get(i)).value(), TOLERANCE, what + " row " + i);
          } else {
            for (int k = 0; k < classes; k++) {
              XGBoostParityTest.check(expected[i * classes + k], ours.score(rows.get(i)).classProbability(k), TOLERANCE,
                  what + " row " + i + " class " + k);
            }
          }
        }
      }
    }
  }

  @Test
  void lightgbm_aTreeCutShort_isStillAnError() {
    RandomData d = new RandomData(3, 300, 3, 0.1, 0, 3, 1, "binary");
    String text = TreeModels.lightgbm(d, "objective=binary verbose=-1 num_threads=1 min_data_in_leaf=5", 5);
    FeatureSchema schema = d.schema(false);
    // cut inside the last tree, before its leaf values: no 'end of trees' is no longer the tell
    String inTree = text.substring(0, text.indexOf("leaf_value=", text.indexOf("Tree=4")));
    ModelException e = assertThrows(ModelException.class,
        () -> new LightGbmProvider().create(TreeModels.spec("lightgbm", "cut.txt", inTree, schema)));
    assertTrue(e.getMessage().startsWith("bytes:cut.txt tree 4 (line ") && e.getMessage().endsWith("missing 'leaf_value'"), e.getMessage());
    // cut between trees where the header's tree_sizes tells how many there are
    String between = text.substring(0, text.indexOf("Tree=3"));
    ModelException missing = assertThrows(ModelException.class,
        () -> new LightGbmProvider().create(TreeModels.spec("lightgbm", "short.txt", between, schema)));
    assertTrue(missing.getMessage().contains("tree_sizes lists 5 trees but the file has 3 (a truncated model?)"), missing.getMessage());
    // a leaf value list cut short
    String values = text.replaceFirst("(leaf_value=\\S+ \\S+)[^\n]*", "$1");
    assertThrows(ModelException.class, () -> new LightGbmProvider().create(TreeModels.spec("lightgbm", "values.txt", values, schema)));
  }

  // ------------------------------------------------------------------------------------- XGBoost

  /** A number as its text, so integers stay integers (XGBoost's reader types them). */
  private record RawNumber(String text) {}

  /**
   * Rewrites a JSON document token by token: keys of every object reversed, categorical split
   * conditions as NaN (as XGBoost 1.x wrote them), optional 'attributes' dropped, pretty-printed
   * with this line ending.
   */
  static byte[] rewrite(byte[] json, boolean reverseKeys, boolean nanConditions, boolean dropOptional, String newline) throws IOException {
    Object doc;
    try (JsonParser p = new JsonFactory().createParser(json)) {
      doc = read(p, p.nextToken());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      write(g, doc, reverseKeys, nanConditions, dropOptional);
    }
    // XGBoost's reader takes white space between tokens but not inside an empty array ("[ ]": "Unknown construct")
    return out.toString(StandardCharsets.UTF_8).replace("[ ]", "[]").replace("{ }", "{}").replace("\n", newline)
        .getBytes(StandardCharsets.UTF_8);
  }

  private static Object read(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String k = p.currentName();
          m.put(k, read(p, p.nextToken()));
        }
        return m;
      }
      case START_ARRAY -> {
        List<Object> l = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
          l.add(read(p, e));
        }
        return l;
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return new RawNumber(p.getText());
      }
      case VALUE_STRING -> {
        return p.getText();
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return t == JsonToken.VALUE_TRUE;
      }
      default -> {
        return new RawNumber("null");
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void write(JsonGenerator g, Object v, boolean reverse, boolean nan, boolean drop) throws IOException {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> map = (Map<String, Object>) m;
      List<String> keys = new ArrayList<>(map.keySet());
      if (reverse) {
        Collections.reverse(keys);
      }
      if (drop) {
        keys.remove("attributes");
      }
      List<?> types = map.get("split_type") instanceof List<?> st ? st : null;
      g.writeStartObject();
      for (String k : keys) {
        g.writeFieldName(k);
        Object value = map.get(k);
        if (nan && types != null && k.equals("split_conditions") && value instanceof List<?> conditions) {
          List<Object> c = new ArrayList<>(conditions);
          for (int n = 0; n < c.size() && n < types.size(); n++) {
            if (((RawNumber) types.get(n)).text().equals("1")) {
              c.set(n, new RawNumber("NaN")); // as XGBoost 1.x writes categorical nodes
            }
          }
          value = c;
        }
        write(g, value, reverse, nan, drop);
      }
      g.writeEndObject();
    } else if (v instanceof List<?> l) {
      g.writeStartArray();
      for (Object o : l) {
        write(g, o, reverse, nan, drop);
      }
      g.writeEndArray();
    } else if (v instanceof RawNumber n) {
      g.writeRawValue(n.text());
    } else if (v instanceof String s) {
      g.writeString(s);
    } else {
      g.writeBoolean((Boolean) v);
    }
  }

  @Test
  void xgboost_nonStandardNumbers_parseAsXGBoostReadsThem() {
    Object doc = Json.parse("{\"a\": [NaN, Infinity, -Infinity, 1.5], \"b\": NaN}".getBytes(StandardCharsets.UTF_8), "m.json");
    Map<String, Object> m = Json.object(doc, "m.json", "$");
    assertArrayEquals(new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.5}, (double[]) m.get("a"));
    assertTrue(Double.isNaN((Double) m.get("b")));
  }

  @Test
  void xgboost_variantsLoad_andPredictAsXGBoost() throws Exception {
    RandomData d = new RandomData(21, 500, 4, 0.1, 2, 5, 1, "binary");
    byte[] json = TreeModels.xgboost(d, "binary:logistic", 1, 8);
    DMatrix m = new DMatrix(d.x, d.rows, d.cols, Float.NaN);
    Booster original = XGBoost.loadModel(json);
    float[][] expected = original.predict(m);
    original.dispose();
    Map<String, byte[]> variants = new LinkedHashMap<>();
    variants.put("as written", json);
    variants.put("UBJSON", XGBoost.loadModel(json).toByteArray("ubj"));
    variants.put("keys reordered, pretty-printed", rewrite(json, true, false, false, "\n"));
    variants.put("NaN in categorical split_conditions (XGBoost 1.x)", rewrite(json, false, true, false, "\n"));
    variants.put("CRLF line endings", rewrite(json, false, false, false, "\r\n"));
    variants.put("trailing white space", (new String(rewrite(json, false, false, false, " \t\n"), StandardCharsets.UTF_8) + "  \n")
        .getBytes(StandardCharsets.UTF_8));
    // (XGBoost 3.4 requires learner.attributes: "map::at" without it, so that is not a variant to accept)
    byte[] bom = new byte[json.length + 3];
    bom[0] = (byte) 0xEF;
    bom[1] = (byte) 0xBB;
    bom[2] = (byte) 0xBF;
    System.arraycopy(json, 0, bom, 3, json.length);
    variants.put("byte-order mark", bom);
    assertTrue(new String(variants.get("NaN in categorical split_conditions (XGBoost 1.x)"), StandardCharsets.UTF_8).contains("NaN"));
    FeatureSchema schema = d.schema(false);
    List<Features> rows = d.features(schema);
    for (Map.Entry<String, byte[]> v : variants.entrySet()) {
      String what = v.getKey();
      float[][] library = null;
      String refused = "";
      try {
        Booster b = XGBoost.loadModel(v.getValue());
        library = b.predict(m);
        b.dispose();
      } catch (Exception notLoaded) {
        refused = String.valueOf(notLoaded.getMessage()); // XGBoost refuses this variant; we read it all the same
      }
      if (library != null) {
        for (int i = 0; i < d.rows; i++) {
          assertEquals(expected[i][0], library[i][0], 0.0f, what + ": XGBoost itself, row " + i);
        }
      }
      assertTrue(library != null || what.equals("byte-order mark"), what + ": XGBoost loads every other variant, but " + refused);
      Scorer ours = new XGBoostProvider().create(TreeModels.spec("xgboost", "variant.json", v.getValue(), schema));
      for (int i = 0; i < rows.size(); i++) {
        XGBoostParityTest.check(expected[i][0], ours.score(rows.get(i)).value(), TOLERANCE, what + " row " + i);
      }
    }
    m.dispose();
  }

  @Test
  void xgboost_indicatorFeatures_areBooleans_andTakeTheSpellingsOfExports() throws Exception {
    Random r = new Random(5);
    int n = 400;
    float[] x = new float[n * 2];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      x[i * 2] = r.nextInt(2);
      x[i * 2 + 1] = (float) r.nextGaussian();
      y[i] = x[i * 2] + x[i * 2 + 1] + r.nextGaussian() > 0.5 ? 1 : 0;
    }
    DMatrix m = new DMatrix(x, n, 2, Float.NaN);
    m.setLabel(y);
    m.setFeatureNames(new String[] {"do_not_email", "score"});
    m.setFeatureTypes(new String[] {"i", "q"});
    Map<String, Object> p = new HashMap<>();
    p.put("objective", "binary:logistic");
    p.put("nthread", 1);
    p.put("max_depth", 3);
    Booster b = XGBoost.train(m, p, 5, new HashMap<>(), null, null);
    byte[] json = b.toByteArray("json");
    float[][] expected = b.predict(m);
    ScorerSpec describe = ScorerSpec.builder("xgboost").source(ModelSource.bytes("i.json", json)).build();
    ModelDescription description = new XGBoostProvider().describe(describe).orElseThrow();
    assertEquals(FeatureType.BOOLEAN, description.features().get(0).type(), "an indicator is described as a boolean");
    assertEquals(FeatureType.NUMBER, description.features().get(1).type());
    FeatureSchema schema = FeatureSchema.builder().bool("do_not_email").number("score").build();
    Scorer ours = new XGBoostProvider().create(TreeModels.spec("xgboost", "i.json", json, schema));
    String[][] spellings = {{"FALSE", "TRUE"}, {"no", "yes"}, {"0", "1"}, {"f", "t"}, {"N", "Y"}};
    for (int i = 0; i < n; i++) {
      String flag = spellings[i % spellings.length][(int) x[i * 2]];
      Features row = Features.of(schema, Map.of("do_not_email", flag, "score", (double) x[i * 2 + 1]));
      XGBoostParityTest.check(expected[i][0], ours.score(row).value(), TOLERANCE, "row " + i + " with " + flag);
    }
    b.dispose();
    m.dispose();
  }

  // ------------------------------------------------------------------------------------- errors

  @Test
  void truncatedJson_saysWhereInTheFilesTerms() {
    RandomData d = new RandomData(2, 200, 3, 0.1, 0, 3, 1, "binary");
    byte[] json = TreeModels.xgboost(d, "binary:logistic", 1, 3);
    byte[] cut = java.util.Arrays.copyOf(json, json.length / 2);
    ModelException e = assertThrows(ModelException.class,
        () -> new XGBoostProvider().create(TreeModels.spec("xgboost", "cut.json", cut, d.schema(false))));
    String message = e.getMessage();
    assertTrue(message.matches("bytes:cut\\.json: truncated at line 1, column \\d+: the file ends inside .*"), message);
    for (String internal : List.of("REDACTED", "StreamReadFeature", "Source:", "INCLUDE_SOURCE", "(code ")) {
      assertFalse(message.contains(internal), message);
    }
    ModelException bad = assertThrows(ModelException.class, () -> new XGBoostProvider().create(
        TreeModels.spec("xgboost", "bad.json", "{\"learner\": {\"x\": 1,, }}", d.schema(false))));
    assertTrue(bad.getMessage().startsWith("bytes:bad.json: not valid JSON at line 1, column 21: unexpected character (','"), bad.getMessage());
    assertFalse(bad.getMessage().contains("code 44"), bad.getMessage());
    ModelException logistic = assertThrows(ModelException.class, () -> new LogisticProvider().create(ScorerSpec.builder("logistic")
        .source(ModelSource.bytes("lr.json", "{\"format\": \"dev.scoring.logistic\", \"format_version\": 1, \"classes\": [".getBytes(
            StandardCharsets.UTF_8))).schema(d.schema(false)).build()));
    assertTrue(logistic.getMessage().matches("bytes:lr\\.json: truncated at line 1, column \\d+: expected '\\]' \\(opened at line 1, column 68\\)"),
        logistic.getMessage());
    assertFalse(logistic.getMessage().contains("REDACTED"), logistic.getMessage());
  }

  @Test
  void aModelGivenAsAnotherType_saysWhatItLooksLike() throws Exception {
    RandomData d = new RandomData(2, 200, 3, 0.1, 0, 3, 1, "binary");
    FeatureSchema schema = d.schema(false);
    List<String> labels = new ArrayList<>();
    for (float l : d.label) {
      labels.add(l > 0 ? "yes" : "no");
    }
    byte[] logistic = dev.scoring.ml.logistic.LogisticTrainer.builder().build().train(d.features(schema), labels).toJson();
    ModelException asXgb = assertThrows(ModelException.class,
        () -> new XGBoostProvider().create(TreeModels.spec("xgboost", "lr.json", logistic, schema)));
    assertTrue(asXgb.getMessage().startsWith("bytes:lr.json: this looks like a logistic model from this library, not an XGBoost model; "
        + "load it with type 'logistic'"), asXgb.getMessage());
    byte[] xgb = TreeModels.xgboost(d, "binary:logistic", 1, 3);
    ModelException asLgb = assertThrows(ModelException.class,
        () -> new LightGbmProvider().create(TreeModels.spec("lightgbm", "x.json", xgb, schema)));
    assertTrue(asLgb.getMessage().startsWith("bytes:x.json: this looks like an XGBoost model, not a LightGBM model"), asLgb.getMessage());
    String lgb = TreeModels.lightgbm(d, "objective=binary verbose=-1 num_threads=1", 3);
    ModelException lgbAsXgb = assertThrows(ModelException.class,
        () -> new XGBoostProvider().create(TreeModels.spec("xgboost", "m.txt", lgb, schema)));
    assertTrue(lgbAsXgb.getMessage().startsWith("bytes:m.txt: this looks like a LightGBM model, not an XGBoost model"), lgbAsXgb.getMessage());
    ModelException xgbAsLr = assertThrows(ModelException.class, () -> new LogisticProvider().create(ScorerSpec.builder("logistic")
        .source(ModelSource.bytes("x.json", xgb)).schema(schema).build()));
    assertTrue(xgbAsLr.getMessage().startsWith("bytes:x.json: this looks like an XGBoost model, not a logistic model from this library"),
        xgbAsLr.getMessage());
  }
}
