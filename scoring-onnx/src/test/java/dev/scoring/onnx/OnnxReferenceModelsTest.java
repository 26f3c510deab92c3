package dev.scoring.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.RecordException;
import dev.scoring.api.Score;
import dev.scoring.api.ScoreKind;
import dev.scoring.api.Scorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The onnxruntime ML-ops test models through the scorer, against the expected outputs in
 * onnxruntime's own tests (transcribed in {@code models/SOURCE.txt}).
 */
final class OnnxReferenceModelsTest {

  private static final FeatureSchema AB = FeatureSchema.builder().number("a").number("b").build();

  @Test
  void votingClassifier_zipMapAndLabel_matchOnnxRuntimeTests() {
    double[][] x = {{0, 1}, {1, 1}, {2, 0}};
    double[][] expected = {{0.572734, 0.427266}, {0.596016, 0.403984}, {0.656315, 0.343685}};
    try (Scorer s = Fixtures.resource("sklearn_bin_voting_classifier_soft.onnx", AB, Map.of())) {
      List<Features> rows = new ArrayList<>();
      for (double[] r : x) {
        rows.add(Features.builder(AB).set("a", r[0]).set("b", r[1]).build());
      }
      List<Score> batch = s.scoreBatch(rows);
      double maxDiff = 0;
      for (int i = 0; i < x.length; i++) {
        Score one = s.score(rows.get(i));
        assertEquals(one, batch.get(i));
        assertEquals(List.of("A", "B"), one.classes());
        assertEquals("A", one.label());
        assertEquals(ScoreKind.PROBABILITY, one.kind());
        for (int c = 0; c < 2; c++) {
          maxDiff = Math.max(maxDiff, Math.abs(expected[i][c] - one.classProbability(c)));
        }
        assertEquals(expected[i][1], one.value(), 1e-6, "the positive (second) class is the score");
      }
      assertEquals(0, maxDiff, 1e-6);
    }
  }

  @Test
  void votingClassifier_outputClass_choosesTheScoredClass() {
    try (Scorer s = Fixtures.resource("sklearn_bin_voting_classifier_soft.onnx", AB, Map.of(OnnxOptions.OUTPUT_CLASS, "A"))) {
      assertEquals(0.572734, s.scoreValue(Features.builder(AB).set("a", 0).set("b", 1).build()), 1e-6);
    }
  }

  @Test
  void treeEnsembleWithDoubleThresholds_keepsDoublePrecision() {
    FeatureSchema schema = FeatureSchema.builder().number("f0").number("f1").number("f2").number("f3").build();
    double[][] x = {{0, 1, 1.7999999523162842, 3}, {0, 1, 1.7999999523, 3}, {0, 1, 1.79999995232, 3}};
    double[] expected = {0.7284910678863525, 0.7284910678863525, 0.9134243130683899};
    try (Scorer s = Fixtures.resource("tree_ensemble_as_tensor.onnx", schema, Map.of())) {
      List<Features> rows = new ArrayList<>();
      for (double[] r : x) {
        rows.add(Features.builder(schema).set("f0", r[0]).set("f1", r[1]).set("f2", r[2]).set("f3", r[3]).build());
      }
      double[] values = new double[3];
      s.scoreBatch(rows, values);
      for (int i = 0; i < 3; i++) {
        assertEquals(expected[i], s.scoreValue(rows.get(i)), 1e-12);
        assertEquals(expected[i], values[i], 1e-12);
        assertEquals(ScoreKind.VALUE, s.score(rows.get(i)).kind());
      }
    }
  }

  @Test
  void zipMapStringAndInt64Keys_decodeEveryClass() {
    FeatureSchema schema = FeatureSchema.builder().number("c1").number("c2").number("c3").build();
    double[][] x = {{1, 0, 3}, {44, 23, 11}};
    String[][] classes = {{"class1", "class2", "class3"}, {"10", "20", "30"}};
    String[] models = {"zipmap_stringfloat.onnx", "zipmap_int64float.onnx"};
    for (int m = 0; m < 2; m++) {
      for (int c = 0; c < 3; c++) {
        try (Scorer s = Fixtures.resource(models[m], schema,
            Map.of(OnnxOptions.OUTPUT_KIND, "value", OnnxOptions.OUTPUT_CLASS, classes[m][c]))) {
          for (double[] r : x) {
            Features row = Features.builder(schema).set("c1", r[0]).set("c2", r[1]).set("c3", r[2]).build();
            assertEquals(r[c], s.scoreValue(row), 0.0, models[m] + " class " + classes[m][c]);
          }
        }
      }
    }
  }

  @Test
  void zipMap_valuesThatAreNotProbabilities_rejectedUnderKindProbability() {
    FeatureSchema schema = FeatureSchema.builder().number("c1").number("c2").number("c3").build();
    try (Scorer s = Fixtures.resource("zipmap_stringfloat.onnx", schema, Map.of())) {
      Features row = Features.builder(schema).set("c1", 44).set("c2", 23).set("c3", 11).build();
      RecordException e = assertThrows(RecordException.class, () -> s.score(row));
      assertEquals(RecordException.Problem.INVALID, e.problem());
    }
  }
}
