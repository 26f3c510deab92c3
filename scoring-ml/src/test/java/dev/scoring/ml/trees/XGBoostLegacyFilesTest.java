package dev.scoring.ml.trees;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ModelException;
import dev.scoring.api.ModelSource;
import dev.scoring.api.MutableFeatures;
import dev.scoring.api.Score;
import dev.scoring.api.ScorerSpec;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Third-party XGBoost models in the legacy binary format with outputs computed by XGBoost, from
 * xgboost-predictor-java and leaves (see the SOURCE.txt files under {@code trees/}). Features absent
 * from a libsvm row are missing, as in XGBoost.
 */
final class XGBoostLegacyFilesTest {

  static final double TOLERANCE = 1e-6;
  static final String PJ = "trees/xgboost-predictor-java/";

  @ParameterizedTest
  @ValueSource(strings = {"binary-logistic", "binary-logitraw", "multi-softmax", "multi-softprob"})
  void predictorJava_gbtree_predictionsMarginsLeaves(String objective) {
    check(PJ + "model/gbtree/" + objective + ".model", PJ + "expectation/gbtree/" + objective, objective, true);
  }

  @ParameterizedTest
  @ValueSource(strings = {"binary-logistic", "binary-logitraw", "multi-softmax", "multi-softprob"})
  void predictorJava_gblinear_predictionsMargins(String objective) {
    check(PJ + "model/gblinear/" + objective + ".model", PJ + "expectation/gblinear/" + objective, objective, false);
  }

  private void check(String model, String expected, String objective, boolean leaves) {
    TreeScorer s = load(model, 127);
    List<Features> rows = libsvm(s.schema(), PJ + "agaricus.txt.0.test");
    List<double[]> predict = csv(expected + ".predict");
    List<double[]> margin = csv(expected + ".margin");
    List<double[]> leaf = leaves ? csv(expected + ".leaf") : null;
    assertEquals(rows.size(), predict.size());
    for (int i = 0; i < rows.size(); i++) {
      Features row = rows.get(i);
      double[] m = s.margins(row);
      for (int k = 0; k < m.length; k++) {
        assertEquals(margin.get(i)[k], m[k], TOLERANCE, objective + " margin row " + i);
      }
      Score score = s.score(row);
      if (objective.equals("multi-softmax")) {
        assertEquals((int) predict.get(i)[0], Integer.parseInt(score.label()), objective + " class row " + i);
      } else if (objective.equals("multi-softprob")) {
        for (int k = 0; k < m.length; k++) {
          assertEquals(predict.get(i)[k], score.classProbability(k), TOLERANCE, objective + " row " + i);
        }
      } else {
        assertEquals(predict.get(i)[0], score.value(), TOLERANCE, objective + " row " + i);
      }
      if (leaf != null) {
        int[] ours = s.leaves(row);
        for (int t = 0; t < ours.length; t++) {
          assertEquals((int) leaf.get(i)[t], ours[t], objective + " leaf row " + i + " tree " + t);
        }
      }
    }
  }

  @Test
  void leaves_xgagaricus_margins() {
    TreeScorer s = load("trees/leaves/xgagaricus.model", 127);
    List<Features> rows = libsvm(s.schema(), "trees/leaves/agaricus_test.libsvm");
    List<double[]> expected = LightGbmReferenceFilesTest.table("xgagaricus_true_predictions.txt", "\\s+", 0);
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(expected.get(i)[0], s.score(rows.get(i)).value(), TOLERANCE, "row " + i);
    }
  }

  @Test
  void leaves_dart_marginsOfTheFirstTenIterations() {
    TreeScorer s = (TreeScorer) new XGBoostProvider().create(ScorerSpec.builder("xgboost").id("dart")
        .source(ModelSource.resource(getClass().getClassLoader(), "trees/leaves/xg_dart_agaricus.model"))
        .schema(schema(127)).option("iterations", "10").build());
    List<Features> rows = libsvm(s.schema(), "trees/leaves/agaricus_test.libsvm");
    List<double[]> expected = LightGbmReferenceFilesTest.table("xg_dart_agaricus_true_predictions.txt", "\\s+", 0);
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(expected.get(i)[0], s.margins(rows.get(i))[0], TOLERANCE, "row " + i);
    }
  }

  @Test
  void leaves_gblinear_probabilitiesAndMargins() {
    TreeScorer s = load("trees/leaves/xgblin_agaricus.model", 127);
    List<Features> rows = libsvm(s.schema(), "trees/leaves/agaricus_test.libsvm");
    List<double[]> prob = LightGbmReferenceFilesTest.table("xgblin_agaricus_true_predictions.txt", "\\s+", 0);
    List<double[]> raw = LightGbmReferenceFilesTest.table("xgblin_agaricus_true_raw_predictions.txt", "\\s+", 0);
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(raw.get(i)[0], s.margins(rows.get(i))[0], TOLERANCE, "margin row " + i);
      assertEquals(prob.get(i)[0], s.score(rows.get(i)).value(), TOLERANCE, "row " + i);
    }
  }

  @Test
  void leaves_dermatology_multiclassMargins() {
    TreeScorer s = load("trees/leaves/xgdermatology.model", 34);
    List<Features> rows = libsvm(s.schema(), "trees/leaves/dermatology_test.libsvm");
    List<double[]> expected = LightGbmReferenceFilesTest.table("xgdermatology_true_predictions.txt", "\\s+", 0);
    for (int i = 0; i < rows.size(); i++) {
      double[] m = s.margins(rows.get(i));
      for (int k = 0; k < m.length; k++) {
        assertEquals(expected.get(i)[k], m[k], TOLERANCE, "row " + i + " class " + k);
      }
    }
  }

  @Test
  void truncatedBinary_namesTheOffset() {
    byte[] bytes = bytes(PJ + "model/gbtree/binary-logistic.model");
    byte[] cut = Arrays.copyOf(bytes, bytes.length - 100);
    ModelException e = assertThrows(ModelException.class, () -> new XGBoostProvider().create(ScorerSpec.builder("xgboost")
        .source(ModelSource.bytes("cut.model", cut)).schema(schema(127)).build()));
    assertTrue(e.getMessage().contains("cut.model") && e.getMessage().contains("byte"), e.getMessage());
  }

  @Test
  void absurdTreeCount_isRejectedBeforeAllocating() {
    byte[] bytes = bytes(PJ + "model/gbtree/binary-logistic.model");
    // the gbtree parameters start after the 136-byte learner parameters and two length-prefixed names
    int at = 136 + 8 + "binary:logistic".length() + 8 + "gbtree".length();
    bytes[at] = (byte) 0xff;
    bytes[at + 1] = (byte) 0xff;
    bytes[at + 2] = (byte) 0x3f;
    ModelException e = assertThrows(ModelException.class, () -> new XGBoostProvider().create(ScorerSpec.builder("xgboost")
        .source(ModelSource.bytes("absurd.model", bytes)).schema(schema(127)).build()));
    assertTrue(e.getMessage().contains("trees"), e.getMessage());
  }

  static FeatureSchema schema(int n) {
    FeatureSchema.Builder b = FeatureSchema.builder();
    for (int i = 0; i < n; i++) {
      b.number("f" + i);
    }
    return b.build();
  }

  static TreeScorer load(String resource, int features) {
    return (TreeScorer) new XGBoostProvider().create(ScorerSpec.builder("xgboost").id("legacy")
        .source(ModelSource.resource(XGBoostLegacyFilesTest.class.getClassLoader(), resource)).schema(schema(features)).build());
  }

  static byte[] bytes(String resource) {
    try (InputStream in = XGBoostLegacyFilesTest.class.getClassLoader().getResourceAsStream(resource)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static List<Features> libsvm(FeatureSchema schema, String resource) {
    List<Features> rows = new ArrayList<>();
    MutableFeatures row = Features.mutable(schema);
    for (String line : new String(bytes(resource), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      row.clear();
      String[] p = line.trim().split("\\s+");
      for (int k = 1; k < p.length; k++) {
        String[] iv = p[k].split(":");
        row.setNumber(Integer.parseInt(iv[0]), Double.parseDouble(iv[1]));
      }
      rows.add(row.snapshot());
    }
    return rows;
  }

  static List<double[]> csv(String resource) {
    List<double[]> out = new ArrayList<>();
    for (String line : new String(bytes(resource), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        out.add(Arrays.stream(line.trim().split(",")).mapToDouble(Double::parseDouble).toArray());
      }
    }
    return out;
  }
}
