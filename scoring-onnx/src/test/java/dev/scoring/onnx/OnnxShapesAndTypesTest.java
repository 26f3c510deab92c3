package dev.scoring.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ModelException;
import dev.scoring.api.RecordException;
import dev.scoring.api.Score;
import dev.scoring.api.ScoreKind;
import dev.scoring.api.Scorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Padded {@code [N, L, D]} event sequences, label-only outputs and the half-precision and small
 * integer element types, on models the tests write.
 */
final class OnnxShapesAndTypesTest {

  private static final FeatureSchema EVENTS =
      FeatureSchema.builder().text("types").number("amount").text("gaps").text("amounts").build();

  /** The tensor the scorer should build from each feature's tokens: {@code [length][depth]}, flattened. */
  private static double[] padded(List<String> features, int length, boolean padAtStart, boolean keepLast, double pad) {
    List<List<String>> tokens = new ArrayList<>();
    for (String f : features) {
      List<String> t = OnnxModels.tokens(f);
      if (t.size() > length) {
        t = keepLast ? t.subList(t.size() - length, t.size()) : t.subList(0, length);
      }
      tokens.add(t);
    }
    int depth = features.size();
    int n = tokens.get(0).size();
    double[] x = new double[length * depth];
    java.util.Arrays.fill(x, pad);
    int first = padAtStart ? length - n : 0;
    for (int step = 0; step < n; step++) {
      for (int c = 0; c < depth; c++) {
        x[(first + step) * depth + c] = Double.parseDouble(tokens.get(c).get(step));
      }
    }
    return x;
  }

  /** {@code sum_k (k + 1) * x_k}: the {@link OnnxModels#sequence3d} model's output. */
  private static double weighted(double[] x) {
    double y = 0;
    for (int k = 0; k < x.length; k++) {
      y += (k + 1) * x[k];
    }
    return y;
  }

  private static Features events(String types, String gaps, String amounts) {
    return Features.builder(EVENTS).set("types", types).set("gaps", gaps).set("amounts", amounts).set("amount", 1).build();
  }

  @Test
  void sequence3d_stepsTakeOneTokenOfEachFeature_inTheDeclaredOrder() {
    byte[] model = OnnxModels.sequence3d(4, 3);
    String[][] rows = {
        {"1 2 3", "10 20 30", "5 6 7"},             // 3 steps: padded
        {"1 2 3 4 5 6", "1 1 1 1 1 2", "9 8 7 6 5 4"}, // 6 steps: truncated
        {"", "", ""},                               // no steps: all padding
        {"7", "3", "2"}};
    List<Features> records = new ArrayList<>();
    for (String[] r : rows) {
      records.add(events(r[0], r[1], r[2]));
    }
    for (String side : List.of("end", "start")) {
      for (String truncate : List.of("start", "end")) {
        Map<String, String> options = Map.of(OnnxOptions.INPUT_LAYOUT, "sequence", OnnxOptions.INPUT_FEATURES, "gaps,types,amounts",
            OnnxOptions.SEQUENCE_PADDING, "-1", OnnxOptions.SEQUENCE_PADDING_SIDE, side, OnnxOptions.SEQUENCE_TRUNCATE, truncate);
        try (Scorer s = Fixtures.bytes(model, EVENTS, options)) {
          double[] batch = new double[records.size()];
          s.scoreBatch(records, batch);
          for (int i = 0; i < rows.length; i++) {
            // features in the declared order gaps, types, amounts: value c of step t is token t of feature c
            double[] x = padded(List.of(rows[i][1], rows[i][0], rows[i][2]), 4, side.equals("start"), truncate.equals("start"), -1);
            double expected = weighted(x);
            assertEquals(expected, s.scoreValue(records.get(i)), 0.0, side + "/" + truncate + " row " + i);
            assertEquals(expected, batch[i], 0.0, side + "/" + truncate + " batch row " + i);
          }
        }
      }
    }
  }

  @Test
  void sequence3d_unevenStepsAndTooLongUnderReject_failTheRecord() {
    byte[] model = OnnxModels.sequence3d(3, 2);
    try (Scorer s = Fixtures.bytes(model, EVENTS, Map.of(OnnxOptions.INPUT_LAYOUT, "sequence",
        OnnxOptions.INPUT_FEATURES, "types,gaps", OnnxOptions.SEQUENCE_TRUNCATE, "reject"))) {
      RecordException uneven = assertThrows(RecordException.class, () -> s.score(events("1 2 3", "4 5", "")));
      assertEquals(RecordException.Problem.INVALID, uneven.problem());
      assertEquals(java.util.Optional.of("gaps"), uneven.feature());
      assertTrue(uneven.getMessage().contains("has 2 tokens but feature 'types' has 3"), uneven.getMessage());
      RecordException tooLong = assertThrows(RecordException.class, () -> s.score(events("1 2 3 4", "1 2 3 4", "")));
      assertEquals(RecordException.Problem.TOO_LARGE, tooLong.problem());
      assertEquals(weighted(new double[] {1, 4, 2, 5, 3, 6}), s.scoreValue(events("1 2 3", "4 5 6", "")), 0.0);
    }
  }

  @Test
  void sequence3d_loadChecksFeaturesAgainstTheModelInput() {
    byte[] model = OnnxModels.sequence3d(4, 3);
    ModelException wrongDepth = assertThrows(ModelException.class, () -> Fixtures.bytes(model, EVENTS,
        Map.of(OnnxOptions.INPUT_LAYOUT, "sequence", OnnxOptions.INPUT_FEATURES, "types,gaps")));
    assertTrue(wrongDepth.getMessage().contains("tokens: float[-1, 4, 3]"), wrongDepth.getMessage());
    assertTrue(wrongDepth.getMessage().contains("takes 3 values per step"), wrongDepth.getMessage());
    ModelException number = assertThrows(ModelException.class, () -> Fixtures.bytes(model, EVENTS,
        Map.of(OnnxOptions.INPUT_LAYOUT, "sequence", OnnxOptions.INPUT_FEATURES, "types,amount,gaps")));
    assertTrue(number.getMessage().contains("amount:number"), number.getMessage());
    ModelException length = assertThrows(ModelException.class, () -> Fixtures.bytes(model, EVENTS,
        Map.of(OnnxOptions.INPUT_LAYOUT, "sequence", OnnxOptions.SEQUENCE_MAX_LENGTH, "5")));
    assertTrue(length.getMessage().contains("takes sequences of 4"), length.getMessage());
    // a [N, L] model takes one feature, and says so
    ModelException twoD = assertThrows(ModelException.class, () -> Fixtures.bytes(OnnxModels.sequenceWithLengths(5), EVENTS,
        Map.of(OnnxOptions.INPUT_LAYOUT, "sequence", OnnxOptions.SEQUENCE_LENGTHS_INPUT, "lengths",
            OnnxOptions.INPUT_FEATURES, "types,gaps")));
    assertTrue(twoD.getMessage().contains("[N, L, D]"), twoD.getMessage());
    // default features: every text feature, in schema order (types, gaps, amounts)
    try (Scorer s = Fixtures.bytes(model, EVENTS, Map.of(OnnxOptions.INPUT_LAYOUT, "sequence"))) {
      assertEquals(weighted(padded(List.of("1 2", "3 4", "5 6"), 4, false, true, 0)), s.scoreValue(events("1 2", "3 4", "5 6")), 0.0);
    }
  }

  @Test
  void argMaxLabelOnly_givesTheLabelAndItsNumber() {
    byte[] model = OnnxModels.argMaxLabel(3);
    FeatureSchema schema = FeatureSchema.builder().number("a").number("b").number("c").build();
    double[][] xs = {{0.1, 0.7, 0.2}, {3, -1, 0}, {-5, -4, 2.5}, {0, 0.5, 0.25}};
    int[] argmax = {1, 0, 2, 1};
    List<Features> rows = new ArrayList<>();
    for (double[] x : xs) {
      rows.add(Features.builder(schema).set("a", x[0]).set("b", x[1]).set("c", x[2]).build());
    }
    try (Scorer plain = Fixtures.bytes(model, schema, Map.of());
         Scorer named = Fixtures.bytes(model, schema, Map.of(OnnxOptions.OUTPUT, "label", OnnxOptions.OUTPUT_CLASS, "2"))) {
      List<Score> batch = plain.scoreBatch(rows);
      for (int i = 0; i < xs.length; i++) {
        Score s = plain.score(rows.get(i));
        assertEquals(ScoreKind.VALUE, s.kind());
        assertEquals(Integer.toString(argmax[i]), s.label());
        assertEquals(argmax[i], s.value(), 0.0, "an int64 label is its own value");
        assertEquals(List.of(), s.classes());
        assertEquals(s, batch.get(i));
        assertEquals(argmax[i], plain.scoreValue(rows.get(i)), 0.0);
        Score n = named.score(rows.get(i));
        assertEquals(argmax[i] == 2 ? 1.0 : 0.0, n.value(), 0.0, "output.class: 1 for that label, else 0");
        assertEquals(Integer.toString(argmax[i]), n.label());
      }
    }
    ModelException kind = assertThrows(ModelException.class,
        () -> Fixtures.bytes(model, schema, Map.of(OnnxOptions.OUTPUT_KIND, "probability")));
    assertTrue(kind.getMessage().contains("label: int64[-1]"), kind.getMessage());
  }

  @Test
  void stringLabelOnly_needsClassesAndGivesTheLabelsIndex() {
    byte[] model = OnnxModels.stringLabel(List.of("enterprise", "smb", "startup"), List.of("hot", "warm", "cold"), "unknown");
    FeatureSchema schema = FeatureSchema.builder().category("segment").build();
    ModelException none = assertThrows(ModelException.class, () -> Fixtures.bytes(model, schema, Map.of()));
    assertTrue(none.getMessage().contains("label: string[-1, 1]") && none.getMessage().contains(OnnxOptions.OUTPUT_CLASSES),
        none.getMessage());
    try (Scorer indexed = Fixtures.bytes(model, schema, Map.of(OnnxOptions.OUTPUT_CLASSES, "cold,warm,hot"));
         Scorer hot = Fixtures.bytes(model, schema, Map.of(OnnxOptions.OUTPUT_CLASS, "hot"))) {
      String[] segments = {"enterprise", "smb", "startup"};
      String[] labels = {"hot", "warm", "cold"};
      double[] index = {2, 1, 0};
      List<Features> rows = new ArrayList<>();
      for (int i = 0; i < segments.length; i++) {
        Features row = Features.builder(schema).set("segment", segments[i]).build();
        rows.add(row);
        Score s = indexed.score(row);
        assertEquals(labels[i], s.label());
        assertEquals(index[i], s.value(), 0.0);
        Score h = hot.score(row);
        assertEquals(labels[i], h.label());
        assertEquals(i == 0 ? 1.0 : 0.0, h.value(), 0.0);
      }
      double[] values = new double[3];
      indexed.scoreBatch(rows, values);
      assertEquals(List.of(2.0, 1.0, 0.0), List.of(values[0], values[1], values[2]));
      RecordException unknown = assertThrows(RecordException.class,
          () -> indexed.score(Features.builder(schema).set("segment", "public sector").build()));
      assertEquals(RecordException.Problem.INVALID, unknown.problem());
      assertTrue(unknown.getMessage().contains("'unknown'"), unknown.getMessage());
      Score other = hot.score(Features.builder(schema).set("segment", "public sector").build());
      assertEquals("unknown", other.label());
      assertEquals(0.0, other.value(), 0.0);
    }
  }

  private static FeatureSchema numbers(int n) {
    FeatureSchema.Builder b = FeatureSchema.builder();
    for (int i = 0; i < n; i++) {
      b.number("x" + i);
    }
    return b.build();
  }

  private static Features row(FeatureSchema schema, double... x) {
    Features.Builder b = Features.builder(schema);
    for (int i = 0; i < x.length; i++) {
      b.set("x" + i, x[i]);
    }
    return b.build();
  }

  @Test
  void halfPrecisionInputsAndOutputs_areConverted() {
    FeatureSchema schema = numbers(3);
    // float16 in: 0.1 rounds to 0.0999755859375 (1638 / 1024 * 2^-4); 1.5 and -2.25 are exact
    try (Scorer s = Fixtures.bytes(OnnxModels.castSum(OnnxModels.FLOAT16, OnnxModels.FLOAT, 3), schema, Map.of())) {
      assertEquals((float) (0.0999755859375 + 1.5 - 2.25), s.scoreValue(row(schema, 0.1, 1.5, -2.25)), 0.0);
      assertEquals(2048f + 1 + 1, s.scoreValue(row(schema, 2049, 1, 1)), 0.0, "2049 is not a float16: it rounds to even, 2048");
    }
    // bfloat16 in and out (values with at most 8 significant bits pass unchanged)
    try (Scorer s = Fixtures.bytes(OnnxModels.castSum(OnnxModels.BFLOAT16, OnnxModels.BFLOAT16, 3), schema, Map.of())) {
      assertEquals(-3.5, s.scoreValue(row(schema, 0.5, -6, 2)), 0.0);
      assertEquals(384.0, s.scoreValue(row(schema, 256, 120, 8)), 0.0);
    }
    // float16 out
    try (Scorer s = Fixtures.bytes(OnnxModels.castSum(OnnxModels.FLOAT, OnnxModels.FLOAT16, 3), schema, Map.of())) {
      Score score = s.score(row(schema, 0.25, 0.5, 100));
      assertEquals(100.75, score.value(), 0.0);
      assertEquals(ScoreKind.VALUE, score.kind());
      assertEquals(2048.0, s.scoreValue(row(schema, 2048, 1, 0)), 0.0, "2049 is not a float16");
    }
  }

  @Test
  void smallIntegerInputs_areRangeChecked() {
    FeatureSchema schema = numbers(2);
    try (Scorer int8 = Fixtures.bytes(OnnxModels.castSum(OnnxModels.INT8, OnnxModels.FLOAT, 2), schema, Map.of());
         Scorer uint8 = Fixtures.bytes(OnnxModels.castSum(OnnxModels.UINT8, OnnxModels.FLOAT, 2), schema, Map.of());
         Scorer int16 = Fixtures.bytes(OnnxModels.castSum(OnnxModels.INT16, OnnxModels.FLOAT, 2), schema, Map.of())) {
      assertEquals(-128 + 127, int8.scoreValue(row(schema, -128, 127)), 0.0);
      assertEquals(255 + 7, uint8.scoreValue(row(schema, 255, 7)), 0.0, "uint8 255 is not read back as -1");
      assertEquals(-32768 + 32767, int16.scoreValue(row(schema, -32768, 32767)), 0.0);
      for (double[] bad : new double[][] {{128, 0}, {0, -129}, {1.5, 0}}) {
        RecordException e = assertThrows(RecordException.class, () -> int8.scoreValue(row(schema, bad)));
        assertEquals(RecordException.Problem.WRONG_TYPE, e.problem());
        assertTrue(e.getMessage().contains("int8 integers (-128 to 127)"), e.getMessage());
      }
      RecordException negative = assertThrows(RecordException.class, () -> uint8.scoreValue(row(schema, -1, 0)));
      assertEquals(java.util.Optional.of("x0"), negative.feature());
      assertThrows(RecordException.class, () -> int16.scoreValue(row(schema, 0, 40000)));
    }
  }

  @Test
  void unsupportedElementTypes_failAtLoadNamingTheValueAndType() {
    FeatureSchema schema = numbers(2);
    ModelException out = assertThrows(ModelException.class,
        () -> Fixtures.bytes(OnnxModels.castSum(OnnxModels.FLOAT, OnnxModels.UINT8, 2), schema, Map.of()));
    assertTrue(out.getMessage().contains("output y: uint8[-1, 1] cannot give a score"), out.getMessage());
    ModelException in = assertThrows(ModelException.class,
        () -> Fixtures.bytes(OnnxModels.castSum(OnnxModels.UINT16, OnnxModels.FLOAT, 2), schema, Map.of()));
    assertTrue(in.getMessage().contains("model input x: ") && in.getMessage().contains("element type the scorer cannot feed"),
        in.getMessage());
  }
}
