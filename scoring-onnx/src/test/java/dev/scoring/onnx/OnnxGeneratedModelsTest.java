package dev.scoring.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ModelSource;
import dev.scoring.api.RecordException;
import dev.scoring.api.Score;
import dev.scoring.api.ScoreKind;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerSpec;
import dev.scoring.api.Scorers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models the tests write (an MLP, text models, a two-input converter-style model) through the scorer. */
final class OnnxGeneratedModelsTest {

  static final FeatureSchema MLP_SCHEMA =
      FeatureSchema.builder().number("a").number("b").number("c").number("d").category("unused").build();
  static final OnnxModels.Mlp MLP = OnnxModels.mlp(4, 8, 7);

  static List<Features> mlpRows(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Features> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(Features.builder(MLP_SCHEMA).set("a", r.nextDouble(-3, 3)).set("b", r.nextDouble(-3, 3))
          .set("c", r.nextDouble(-3, 3)).set("d", r.nextDouble(-3, 3)).set("unused", i % 2 == 0 ? "x" : null).build());
    }
    return rows;
  }

  static double[] x(Features row) {
    return new double[] {row.number(0), row.number(1), row.number(2), row.number(3)};
  }

  static Map<String, String> mlpOptions() {
    return Map.of(OnnxOptions.INPUT_FEATURES, "a,b,c,d", OnnxOptions.OUTPUT_KIND, "probability");
  }

  @Test
  void mlp_fromPathBytesAndRegistry_matchesTheForwardPass(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("mlp.onnx");
    Files.write(file, MLP.bytes());
    List<Features> rows = mlpRows(50, 1);
    try (Scorer fromPath = Scorers.load(ScorerSpec.builder("onnx").id("mlp").path(file).schema(MLP_SCHEMA).options(mlpOptions()).build());
         Scorer fromBytes = Fixtures.bytes(MLP.bytes(), MLP_SCHEMA, mlpOptions())) {
      assertEquals("7", fromPath.provenance().modelVersion());
      assertEquals(ModelSource.digest(MLP.bytes()), fromPath.provenance().modelDigest());
      List<Score> batch = fromPath.scoreBatch(rows);
      double maxDiff = 0;
      for (int i = 0; i < rows.size(); i++) {
        double expected = MLP.forward(x(rows.get(i)));
        Score s = fromBytes.score(rows.get(i));
        assertEquals(ScoreKind.PROBABILITY, s.kind());
        assertEquals(s.value(), batch.get(i).value(), 1e-6);
        maxDiff = Math.max(maxDiff, Math.abs(expected - s.value()));
      }
      assertTrue(maxDiff < 1e-6, "max |diff| from the forward pass " + maxDiff);
    }
  }

  @Test
  void mlp_sessionOptions_doNotChangeScores() {
    List<Features> rows = mlpRows(20, 2);
    Map<String, String> tuned = new java.util.HashMap<>(mlpOptions());
    tuned.putAll(Map.of(OnnxOptions.THREADS_INTRA, "2", OnnxOptions.THREADS_INTER, "2", OnnxOptions.EXECUTION_MODE, "parallel",
        OnnxOptions.OPTIMIZATION, "none", OnnxOptions.DETERMINISTIC, "true", OnnxOptions.LOG_LEVEL, "warning",
        OnnxOptions.EXECUTION_PROVIDER, "cpu", OnnxOptions.MODEL_VERSION, "2026.11"));
    try (Scorer a = Fixtures.bytes(MLP.bytes(), MLP_SCHEMA, mlpOptions()); Scorer b = Fixtures.bytes(MLP.bytes(), MLP_SCHEMA, tuned)) {
      assertEquals("2026.11", b.provenance().modelVersion());
      for (Features row : rows) {
        assertEquals(a.scoreValue(row), b.scoreValue(row), 1e-6);
      }
    }
  }

  @Test
  void mlp_batchLargerThanBatchSize_isChunked() {
    List<Features> rows = mlpRows(23, 3);
    Map<String, String> options = new java.util.HashMap<>(mlpOptions());
    options.put(OnnxOptions.BATCH_SIZE, "5");
    try (Scorer s = Fixtures.bytes(MLP.bytes(), MLP_SCHEMA, options)) {
      double[] values = new double[rows.size()];
      s.scoreBatch(rows, values);
      List<Score> scores = s.scoreBatch(rows);
      for (int i = 0; i < rows.size(); i++) {
        assertEquals(MLP.forward(x(rows.get(i))), values[i], 1e-6);
        assertEquals(values[i], scores.get(i).value(), 0.0);
      }
    }
  }

  @Test
  void mlp_explain_exactShapleySumsToTheScore() {
    try (Scorer s = Fixtures.bytes(MLP.bytes(), MLP_SCHEMA, Map.of(OnnxOptions.INPUT_FEATURES, "a,b,c,d",
        OnnxOptions.OUTPUT_KIND, "probability", OnnxOptions.EXPLAIN_BASELINE, "a=0.5,b=-0.5"))) {
      Features row = mlpRows(1, 4).get(0);
      Explanation e = s.explain(row);
      assertEquals(List.of("a", "b", "c", "d"), e.contributions().stream().map(c -> c.feature()).toList());
      assertEquals(s.score(row).margin(), e.margin(), 1e-9);
      assertEquals(MLP.forward(new double[] {0.5, -0.5, 0, 0}), e.bias(), 1e-6, "the bias is the baseline's score");
    }
  }

  static final List<String> VOCABULARY = List.of("demo", "pricing", "cancel", "contract", "refund", "upgrade");
  static final float[] WEIGHTS = {1.2f, 0.8f, -1.5f, 0.6f, -1.1f, 0.9f};
  static final FeatureSchema TEXT_SCHEMA = FeatureSchema.builder().text("email").number("size").build();

  @Test
  void bagOfWords_stringSequence_matchesTheForwardPass() {
    OnnxModels.BagOfWords model = OnnxModels.bagOfWords(VOCABULARY, WEIGHTS, -0.3f, 8);
    String[] texts = {"demo pricing demo", "cancel, refund", "", "upgrade contract demo pricing pricing cancel refund demo hello",
        "unknown words only", "DEMO demo"};
    try (Scorer s = Fixtures.bytes(model.bytes(), TEXT_SCHEMA, Map.of(OnnxOptions.INPUT_LAYOUT, "sequence",
        OnnxOptions.INPUT_FEATURES, "email", OnnxOptions.OUTPUT_KIND, "probability"))) {
      List<Features> rows = new ArrayList<>();
      for (String t : texts) {
        rows.add(Features.builder(TEXT_SCHEMA).set("email", t).set("size", 10).build());
      }
      List<Score> batch = s.scoreBatch(rows);
      for (int i = 0; i < texts.length; i++) {
        List<String> tokens = OnnxModels.tokens(texts[i]);
        List<String> kept = tokens.size() > 8 ? tokens.subList(tokens.size() - 8, tokens.size()) : tokens; // truncate = start
        double expected = model.forward(kept);
        assertEquals(expected, s.scoreValue(rows.get(i)), 1e-6, texts[i]);
        assertEquals(expected, batch.get(i).value(), 1e-6, texts[i]);
      }
      Explanation e = s.explain(rows.get(0));
      assertEquals(1, e.contributions().size());
      assertEquals(s.score(rows.get(0)).margin(), e.margin(), 1e-9);
      RecordException missing = assertThrows(RecordException.class, () -> s.score(Features.builder(TEXT_SCHEMA).build()));
      assertEquals(RecordException.Problem.MISSING_VALUE, missing.problem());
      assertEquals("email", missing.feature().orElseThrow());
    }
  }

  @Test
  void bagOfWords_truncateEndAndReject() {
    OnnxModels.BagOfWords model = OnnxModels.bagOfWords(VOCABULARY, WEIGHTS, 0f, 3);
    Features row = Features.builder(TEXT_SCHEMA).set("email", "cancel refund cancel demo demo").build();
    try (Scorer end = Fixtures.bytes(model.bytes(), TEXT_SCHEMA, Map.of(OnnxOptions.INPUT_LAYOUT, "sequence",
            OnnxOptions.SEQUENCE_TRUNCATE, "end", OnnxOptions.SEQUENCE_PADDING_SIDE, "start"));
         Scorer reject = Fixtures.bytes(model.bytes(), TEXT_SCHEMA, Map.of(OnnxOptions.INPUT_LAYOUT, "sequence",
            OnnxOptions.SEQUENCE_TRUNCATE, "reject"))) {
      assertEquals(model.forward(List.of("cancel", "refund", "cancel")), end.scoreValue(row), 1e-6);
      RecordException e = assertThrows(RecordException.class, () -> reject.score(row));
      assertEquals(RecordException.Problem.TOO_LARGE, e.problem());
    }
  }

  @Test
  void labelEncoder_textMatrix_mapsStrings() {
    byte[] model = OnnxModels.labelEncoder(List.of("enterprise", "mid-market", "smb"), new float[] {0.9f, 0.6f, 0.2f}, 0.05f);
    FeatureSchema schema = FeatureSchema.builder().category("segment").build();
    try (Scorer s = Fixtures.bytes(model, schema, Map.of(OnnxOptions.OUTPUT_KIND, "probability",
        OnnxOptions.MISSING_VALUES, "segment=smb"))) {
      assertEquals(0.9f, s.scoreValue(Features.builder(schema).set("segment", "enterprise").build()), 0.0);
      assertEquals(0.05f, s.scoreValue(Features.builder(schema).set("segment", "public sector").build()), 0.0);
      assertEquals(0.2f, s.scoreValue(Features.builder(schema).build()), 0.0, "missing is filled with smb");
    }
  }

  @Test
  void twoInputs_columnsLayout_bindsOneFeaturePerInput() {
    byte[] model = OnnxModels.twoInputs(List.of("US", "DE", "FR"), new float[] {1f, 2f, 3f}, 0.01f, -0.4f, 0.2f);
    FeatureSchema schema = FeatureSchema.builder().category("country_code").number("size").build();
    try (Scorer s = Fixtures.bytes(model, schema, Map.of(OnnxOptions.INPUT_MAP, "country=country_code",
        OnnxOptions.OUTPUT_KIND, "probability"))) {
      assertEquals("3", s.provenance().modelVersion());
      double[] sizes = {10, 250, 5000};
      String[] countries = {"US", "DE", "BR"};
      float[] codes = {1f, 2f, 0f};
      for (int i = 0; i < 3; i++) {
        Features row = Features.builder(schema).set("country_code", countries[i]).set("size", sizes[i]).build();
        float z = (float) sizes[i] * 0.01f + codes[i] * -0.4f + 0.2f;
        assertEquals(1 / (1 + Math.exp(-z)), s.scoreValue(row), 1e-6);
      }
      Explanation e = s.explain(Features.builder(schema).set("country_code", "DE").set("size", 100).build());
      assertEquals(2, e.contributions().size());
    }
  }

  @Test
  void softmaxClassifier_probabilityTensorAndInt64Label() {
    float[] w = {0.5f, -1f, 0.3f, 1.2f, 0.1f, -0.7f};
    float[] b = {0.1f, 0f, -0.2f};
    byte[] model = OnnxModels.softmaxClassifier(w, b);
    FeatureSchema schema = FeatureSchema.builder().number("x0").number("x1").build();
    double[][] xs = {{1, 2}, {-2, 0.5}, {3, -1}};
    try (Scorer plain = Fixtures.bytes(model, schema, Map.of());
         Scorer named = Fixtures.bytes(model, schema, Map.of(OnnxOptions.OUTPUT_CLASSES, "cold,warm,hot", OnnxOptions.OUTPUT_CLASS, "hot"))) {
      for (double[] x : xs) {
        double[] z = new double[3];
        for (int c = 0; c < 3; c++) {
          z[c] = (float) x[0] * w[c] + (float) x[1] * w[3 + c] + b[c];
        }
        double max = Math.max(z[0], Math.max(z[1], z[2]));
        double sum = 0;
        double[] p = new double[3];
        for (int c = 0; c < 3; c++) {
          p[c] = Math.exp(z[c] - max);
          sum += p[c];
        }
        int arg = 0;
        for (int c = 0; c < 3; c++) {
          p[c] /= sum;
          if (p[c] > p[arg]) {
            arg = c;
          }
        }
        Features row = Features.builder(schema).set("x0", x[0]).set("x1", x[1]).build();
        Score s = plain.score(row);
        assertEquals(List.of("0", "1", "2"), s.classes());
        assertEquals(Integer.toString(arg), s.label(), "the model's int64 label");
        assertEquals(p[arg], s.value(), 1e-6, "with three classes the value is the predicted class's probability");
        for (int c = 0; c < 3; c++) {
          assertEquals(p[c], s.classProbability(c), 1e-6);
        }
        Score n = named.score(row);
        assertEquals(List.of("cold", "warm", "hot"), n.classes());
        assertEquals(List.of("cold", "warm", "hot").get(arg), n.label());
        assertEquals(p[2], n.value(), 1e-6);
      }
    }
  }

  @Test
  void mlp12_explain_kernelShapAboveTheExactLimit_sumsToTheScore() {
    OnnxModels.Mlp mlp = OnnxModels.mlp(12, 6, 99);
    FeatureSchema.Builder b = FeatureSchema.builder();
    for (int i = 0; i < 12; i++) {
      b.number("f" + i);
    }
    FeatureSchema schema = b.build();
    Features.Builder row = Features.builder(schema);
    for (int i = 0; i < 12; i++) {
      row.set("f" + i, i * 0.25 - 1.5);
    }
    Features x = row.build();
    try (Scorer s = Fixtures.bytes(mlp.bytes(), schema, Map.of(OnnxOptions.OUTPUT_KIND, "probability",
        OnnxOptions.EXPLAIN_SAMPLES, "256"))) {
      Explanation e = s.explain(x);
      assertEquals(12, e.contributions().size());
      assertEquals(s.score(x).margin(), e.margin(), 1e-9);
      assertEquals(mlp.forward(new double[12]), e.bias(), 1e-6);
      assertEquals(e, s.explain(x), "seeded: reproducible");
    }
  }

  @Test
  void defaultFeatures_areTheOnesTheInputTypeTakes() {
    try (Scorer numeric = Fixtures.bytes(MLP.bytes(), MLP_SCHEMA, Map.of())) { // a,b,c,d; not the category
      Features row = mlpRows(1, 8).get(0);
      assertEquals(MLP.forward(x(row)), numeric.scoreValue(row), 1e-6);
    }
    byte[] model = OnnxModels.labelEncoder(List.of("smb"), new float[] {0.25f}, 0f);
    FeatureSchema schema = FeatureSchema.builder().number("size").category("segment").build();
    try (Scorer text = Fixtures.bytes(model, schema, Map.of())) { // segment; not the number
      assertEquals(0.25f, text.scoreValue(Features.builder(schema).set("segment", "smb").set("size", 3).build()), 0.0);
    }
  }

  @Test
  void sequenceOfTokenIds_withLengthsInput() {
    byte[] model = OnnxModels.sequenceWithLengths(5);
    FeatureSchema schema = FeatureSchema.builder().text("events").build();
    try (Scorer s = Fixtures.bytes(model, schema, Map.of(OnnxOptions.INPUT_LAYOUT, "sequence",
        OnnxOptions.SEQUENCE_LENGTHS_INPUT, "lengths", OnnxOptions.OUTPUT_KIND, "probability"))) {
      String[] events = {"12 7 7 31", "", "1,2,3,4,5,6,7", "40"};
      long[][] kept = {{12, 7, 7, 31}, {}, {3, 4, 5, 6, 7}, {40}};
      List<Features> rows = new ArrayList<>();
      for (String e : events) {
        rows.add(Features.builder(schema).set("events", e).build());
      }
      List<Score> batch = s.scoreBatch(rows);
      for (int i = 0; i < events.length; i++) {
        long sum = 0;
        for (long t : kept[i]) {
          sum += t;
        }
        float z = 0.01f * sum + 0.1f * kept[i].length - 1f;
        assertEquals(1 / (1 + Math.exp(-z)), s.scoreValue(rows.get(i)), 1e-6, events[i]);
        assertEquals(s.scoreValue(rows.get(i)), batch.get(i).value(), 0.0);
      }
      RecordException bad = assertThrows(RecordException.class,
          () -> s.score(Features.builder(schema).set("events", "3 x 4").build()));
      assertEquals(RecordException.Problem.WRONG_TYPE, bad.problem());
    }
    assertThrows(dev.scoring.api.ModelException.class, () -> Fixtures.bytes(model, schema, Map.of(OnnxOptions.INPUT_LAYOUT, "sequence")),
        "two inputs without a lengths input");
  }
}
