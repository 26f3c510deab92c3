package dev.scoring.ml.trees;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Third-party LightGBM models (v2 and v3 text format, v2 JSON dumps) with predictions made by LightGBM itself,
 * from the leaves project (see {@code trees/leaves/SOURCE.txt}).
 */
final class LightGbmReferenceFilesTest {

  static final double TOLERANCE = 1e-9;

  @Test
  void breastCancer_v3_predictedLeaves() {
    TreeScorer s = load("lg_breast_cancer.txt", 30);
    List<double[]> x = table("lg_breast_cancer_data.txt", "\\s+", 0);
    List<double[]> leaves = table("lg_breast_cancer_data_pred_leaves.txt", "\\s+", 0);
    assertEquals(57, x.size());
    for (int i = 0; i < x.size(); i++) {
      int[] ours = s.leaves(row(s.schema(), x.get(i)));
      double[] expected = leaves.get(i);
      assertEquals(expected.length, ours.length);
      for (int t = 0; t < ours.length; t++) {
        assertEquals((int) expected[t], ours[t], "row " + i + " tree " + t);
      }
    }
  }

  @Test
  void dart_breastCancer_probabilities() {
    TreeScorer s = load("lg_dart_breast_cancer.model", 30);
    List<double[]> x = table("breast_cancer_test.tsv", "\t", 0);
    List<double[]> expected = table("lg_dart_breast_cancer_true_predictions.txt", "\\s+", 0);
    for (int i = 0; i < x.size(); i++) {
      assertEquals(expected.get(i)[0], s.score(row(s.schema(), x.get(i))).value(), TOLERANCE, "row " + i);
    }
  }

  @Test
  void kddcup99_multiclassWithCategoricalSplits_rawScores() {
    TreeScorer s = load("lg_kddcup99.model", 41);
    List<double[]> x = table("kddcup99_test.tsv", "\t", 0);
    List<double[]> expected = table("lg_kddcup99_true_predictions.txt", "\t", 0);
    assertEquals(504, x.size());
    for (int i = 0; i < x.size(); i++) {
      assertArrayEquals(expected.get(i), s.margins(row(s.schema(), x.get(i))), TOLERANCE, "row " + i);
    }
  }

  @Test
  void multiclass_probabilitiesAndRawScores() {
    TreeScorer s = load("lgmulticlass.model", 28);
    List<double[]> x = table("multiclass_test.tsv", "\t", 1);
    List<double[]> prob = table("lgmulticlass_true_predictions.txt", "\t", 0);
    List<double[]> raw = table("lgmulticlass_true_raw_predictions.txt", "\t", 0);
    for (int i = 0; i < x.size(); i++) {
      Features r = row(s.schema(), x.get(i));
      assertArrayEquals(raw.get(i), s.margins(r), TOLERANCE, "raw row " + i);
      Score score = s.score(r);
      assertArrayEquals(prob.get(i), score.classProbabilities(), TOLERANCE, "row " + i);
    }
  }

  @Test
  void randomForest_iris_averagesTrees() {
    TreeScorer s = load("lg_rf_iris.model", 4);
    List<double[]> expected = table("lg_rf_iris_true_predictions.txt", "\\s+", 0);
    List<double[]> x = new ArrayList<>();
    for (String line : lines("iris_test.libsvm")) {
      double[] v = new double[4];
      String[] parts = line.trim().split("\\s+");
      for (int k = 1; k < parts.length; k++) {
        String[] iv = parts[k].split(":");
        v[Integer.parseInt(iv[0])] = Double.parseDouble(iv[1]);
      }
      x.add(v);
    }
    for (int i = 0; i < x.size(); i++) {
      assertEquals(expected.get(i)[0], s.score(row(s.schema(), x.get(i))).value(), TOLERANCE, "row " + i);
    }
  }

  @Test
  void jsonDump_dart_equalsTextModelAndLightGbm() {
    TreeScorer json = load("lg_dart_breast_cancer.json", 30);
    TreeScorer text = load("lg_dart_breast_cancer.model", 30);
    List<double[]> x = table("breast_cancer_test.tsv", "\t", 0);
    List<double[]> expected = table("lg_dart_breast_cancer_true_predictions.txt", "\\s+", 0);
    for (int i = 0; i < x.size(); i++) {
      Features r = row(json.schema(), x.get(i));
      double margin = json.margins(r)[0];
      assertEquals(text.margins(r)[0], margin, 1e-12, "row " + i);
      // a v2 dump names no objective, so its scores are raw: LightGBM's probability is their sigmoid
      assertEquals(margin, json.score(r).value(), 0.0, "row " + i);
      assertEquals(expected.get(i)[0], 1 / (1 + Math.exp(-margin)), TOLERANCE, "row " + i);
      assertArrayEquals(text.leaves(r), json.leaves(r), "row " + i);
    }
  }

  @Test
  void jsonDump_categoricalSplit_andTheFilesLeafNumbers() {
    TreeScorer s = load("lg_1tree.json", 2);
    // Column_0 <= 0.14, then Column_1 in {1, 10, 100} goes left; otherwise the right leaf (leaf_index 3)
    assertEquals(0.4703, s.score(row(s.schema(), new double[] {0.1, 10})).value(), 0.0);
    assertEquals(0.4703, s.score(row(s.schema(), new double[] {0.14, 100})).value(), 0.0);
    assertEquals(0.4242, s.score(row(s.schema(), new double[] {0.1, 2})).value(), 0.0);
    assertEquals(0.4242, s.score(row(s.schema(), new double[] {0.1, Double.NaN})).value(), 0.0, "missing: category 0");
    assertEquals(1.1111, s.score(row(s.schema(), new double[] {0.5, 1})).value(), 0.0);
    assertArrayEquals(new int[] {1}, s.leaves(row(s.schema(), new double[] {0.1, 2})));
    assertArrayEquals(new int[] {3}, s.leaves(row(s.schema(), new double[] {0.5, 1})));
  }

  @Test
  void jsonDump_featureNamesNotMatchingMaxFeatureIdx_failsNamingThem() {
    // a hand-made file of the leaves project: max_feature_idx 40 but one feature name
    ModelException e = assertThrows(ModelException.class, () -> load("lg_1tree_1leaf.json", 41));
    assertTrue(e.getMessage().contains("lg_1tree_1leaf.json") && e.getMessage().contains("feature_names"), e.getMessage());
  }

  @Test
  void simpleModel_loads() {
    FeatureSchema schema = FeatureSchema.builder().number("X1").number("X2").build();
    TreeScorer s = (TreeScorer) new LightGbmProvider().create(ScorerSpec.builder("lightgbm")
        .source(ModelSource.resource(getClass().getClassLoader(), "trees/leaves/model_simple.txt")).schema(schema).build());
    assertEquals(2, s.leaves(Features.builder(schema).set("X1", 1.0).build()).length);
  }

  static TreeScorer load(String file, int features) {
    FeatureSchema.Builder b = FeatureSchema.builder();
    for (int i = 0; i < features; i++) {
      b.number("Column_" + i);
    }
    return (TreeScorer) new LightGbmProvider().create(ScorerSpec.builder("lightgbm").id("ref")
        .source(ModelSource.resource(LightGbmReferenceFilesTest.class.getClassLoader(), "trees/leaves/" + file))
        .schema(b.build()).build());
  }

  static Features row(FeatureSchema schema, double[] x) {
    MutableFeatures r = Features.mutable(schema);
    for (int i = 0; i < x.length; i++) {
      if (!Double.isNaN(x[i])) {
        r.setNumber(i, x[i]);
      }
    }
    return r.snapshot();
  }

  static List<String> lines(String file) {
    String name = file.startsWith("trees/") ? file : "trees/leaves/" + file;
    try (InputStream in = LightGbmReferenceFilesTest.class.getClassLoader().getResourceAsStream(name)) {
      List<String> out = new ArrayList<>();
      for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!l.isBlank()) {
          out.add(l);
        }
      }
      return out;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static List<double[]> table(String file, String sep, int skip) {
    List<double[]> out = new ArrayList<>();
    for (String l : lines(file)) {
      String[] p = l.trim().split(sep);
      double[] v = new double[p.length - skip];
      for (int i = skip; i < p.length; i++) {
        v[i - skip] = p[i].isBlank() ? Double.NaN : Double.parseDouble(p[i].trim());
      }
      out.add(v);
    }
    return out;
  }
}
