package dev.scoring.ml.trees;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ModelException;
import dev.scoring.api.Scorer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Model files that are corrupt, absurd, unsupported or need binding, and the float boundary arithmetic. */
final class TreeFormatsTest {

  private static final FeatureSchema AB = FeatureSchema.builder().number("a").number("b").build();

  /** A minimal XGBoost JSON model with one tree; {@code tree} is the tree object's arrays. */
  static String xgb(String objective, String baseScore, String tree) {
    return "{\"learner\":{\"feature_names\":[\"a\",\"b\"],\"feature_types\":[],"
        + "\"gradient_booster\":{\"model\":{\"gbtree_model_param\":{\"num_parallel_tree\":\"1\",\"num_trees\":\"1\"},"
        + "\"tree_info\":[0],\"trees\":[" + tree + "]},\"name\":\"gbtree\"},"
        + "\"learner_model_param\":{\"base_score\":\"" + baseScore + "\",\"num_class\":\"0\",\"num_feature\":\"2\",\"num_target\":\"1\"},"
        + "\"objective\":{\"name\":\"" + objective + "\"}},\"version\":[2,1,0]}";
  }

  static String tree(String left, String right, int nodes) {
    return "{\"left_children\":" + left + ",\"right_children\":" + right
        + ",\"split_indices\":[0,0,0],\"split_conditions\":[0.5,-1.0,2.0],\"default_left\":[1,0,0],"
        + "\"sum_hessian\":[10,4,6],\"tree_param\":{\"num_nodes\":\"" + nodes + "\",\"size_leaf_vector\":\"1\"}}";
  }

  static Scorer xgbScorer(String json, FeatureSchema schema) {
    return new XGBoostProvider().create(TreeModels.spec("xgboost", "m.json", json, schema));
  }

  @Test
  void handWrittenModel_scoresAsSpecified() {
    TreeScorer s = (TreeScorer) xgbScorer(xgb("reg:squarederror", "5E-1", tree("[1,-1,-1]", "[2,-1,-1]", 3)), AB);
    // a < 0.5 -> left leaf -1; else right leaf 2; missing -> default left; plus base_score 0.5
    assertEquals(-0.5, s.score(Features.builder(AB).set("a", 0.2).build()).value(), 0.0);
    assertEquals(2.5, s.score(Features.builder(AB).set("a", 0.5).build()).value(), 0.0);
    assertEquals(-0.5, s.score(Features.builder(AB).build()).value(), 0.0);
    // 0.49999999 rounds to 0.5f, which is not < 0.5f: XGBoost compares in float32
    assertEquals(2.5, s.score(Features.builder(AB).set("a", 0.49999999).build()).value(), 0.0);
    assertEquals(List.of(1), List.of(s.leaves(Features.builder(AB).set("a", 0.0).build())[0]));
  }

  /** A LightGBM v4 JSON dump of one categorical split on a pandas category column, {@code tree} its structure. */
  static String lightgbmDump(int numLeaves, String tree) {
    return lightgbmDump(numLeaves, tree, 1);
  }

  /** {@link #lightgbmDump(int, String)} with {@code copies} copies of the tree. */
  static String lightgbmDump(int numLeaves, String tree, int copies) {
    StringBuilder trees = new StringBuilder();
    for (int i = 0; i < copies; i++) {
      trees.append(i == 0 ? "" : ",").append("{\"tree_index\":").append(i).append(",\"num_leaves\":").append(numLeaves)
          .append(",\"num_cat\":1,\"shrinkage\":1,\"tree_structure\":").append(tree).append("}");
    }
    return "{\"name\":\"tree\",\"version\":\"v4\",\"num_class\":1,\"num_tree_per_iteration\":1,\"label_index\":0,"
        + "\"max_feature_idx\":1,\"objective\":\"binary sigmoid:1\",\"average_output\":false,"
        + "\"feature_names\":[\"amount\",\"region\"],\"monotone_constraints\":[],"
        + "\"feature_infos\":{\"amount\":{\"min_value\":0,\"max_value\":10,\"values\":[]},"
        + "\"region\":{\"min_value\":0,\"max_value\":2,\"values\":[0,1,2]}},"
        + "\"tree_info\":[" + trees + "],\"pandas_categorical\":[[\"east\",\"north\",\"west\"]]}";
  }

  static final String REGION_SPLIT = "{\"split_index\":0,\"split_feature\":1,\"split_gain\":1,\"threshold\":\"0||2\","
      + "\"decision_type\":\"==\",\"default_left\":false,\"missing_type\":\"None\",\"internal_value\":0,"
      + "\"internal_count\":10,\"left_child\":{\"leaf_index\":0,\"leaf_value\":1.5,\"leaf_count\":5},"
      + "\"right_child\":{\"leaf_index\":1,\"leaf_value\":-0.5,\"leaf_count\":5}}";

  @Test
  void lightgbmJsonDump_pandasCategoriesAndObjective() {
    FeatureSchema schema = FeatureSchema.builder().number("amount").category("region").build();
    TreeScorer s = (TreeScorer) new LightGbmProvider().create(TreeModels.spec("lightgbm", "m.json", lightgbmDump(2, REGION_SPLIT), schema));
    // categories 0 (east) and 2 (west) go left: margin 1.5; north (1) goes right: -0.5; sigmoid for binary
    assertEquals(1 / (1 + Math.exp(-1.5)), s.score(Features.builder(schema).set("region", "east").build()).value(), 1e-15);
    assertEquals(1 / (1 + Math.exp(0.5)), s.score(Features.builder(schema).set("region", "north").build()).value(), 1e-15);
    assertEquals(1.5, s.margins(Features.builder(schema).set("region", "west").build())[0], 0.0);
  }

  @Test
  void lightgbmJsonDump_inconsistentTrees_failNamingTheTree() {
    FeatureSchema schema = FeatureSchema.builder().number("amount").category("region").build();
    ModelException leaves = assertThrows(ModelException.class, () -> new LightGbmProvider().create(
        TreeModels.spec("lightgbm", "m.json", lightgbmDump(3, REGION_SPLIT), schema)));
    assertTrue(leaves.getMessage().contains("tree_info[0]") && leaves.getMessage().contains("2 leaves"), leaves.getMessage());
    ModelException decision = assertThrows(ModelException.class, () -> new LightGbmProvider().create(
        TreeModels.spec("lightgbm", "m.json", lightgbmDump(2, REGION_SPLIT.replace("\"==\"", "\">\"")), schema)));
    assertTrue(decision.getMessage().contains("decision_type '>'"), decision.getMessage());
    ModelException category = assertThrows(ModelException.class, () -> new LightGbmProvider().create(
        TreeModels.spec("lightgbm", "m.json", lightgbmDump(2, REGION_SPLIT.replace("0||2", "0||x")), schema)));
    assertTrue(category.getMessage().contains("'0||x'"), category.getMessage());
    // a category near 2^24 costs a 2 MB bitset: a small file may not ask for gigabytes
    ModelException huge = assertThrows(ModelException.class, () -> new LightGbmProvider().create(
        TreeModels.spec("lightgbm", "m.json", lightgbmDump(2, REGION_SPLIT.replace("0||2", "16777215"), 40), schema)));
    assertTrue(huge.getMessage().contains("bitsets of more than"), huge.getMessage());
  }

  @Test
  void describe_listsTheModelsFeaturesAndFacts() {
    dev.scoring.api.ModelDescription d = new XGBoostProvider().describe(
        TreeModels.spec("xgboost", "m.json", xgb("reg:squarederror", "0", tree("[1,-1,-1]", "[2,-1,-1]", 3)), AB)).orElseThrow();
    assertEquals("XGBoost JSON", d.format());
    assertEquals(List.of("a", "b"), d.schema().names());
    assertEquals("reg:squarederror", d.details().get("objective"));
    assertEquals("1", d.details().get("trees"));
  }

  @Test
  void cycle_isRejected() {
    ModelException e = assertThrows(ModelException.class,
        () -> xgbScorer(xgb("reg:squarederror", "0", tree("[1,0,-1]", "[2,2,-1]", 3)), AB));
    assertTrue(e.getMessage().contains("twice"), e.getMessage());
  }

  @Test
  void danglingChild_isRejected() {
    ModelException e = assertThrows(ModelException.class,
        () -> xgbScorer(xgb("reg:squarederror", "0", tree("[1,-1,-1]", "[7,-1,-1]", 3)), AB));
    assertTrue(e.getMessage().contains("node 7"), e.getMessage());
  }

  @Test
  void declaredSizeMismatch_isRejected() {
    ModelException e = assertThrows(ModelException.class,
        () -> xgbScorer(xgb("reg:squarederror", "0", tree("[1,-1,-1]", "[2,-1,-1]", 300000000)), AB));
    assertTrue(e.getMessage().contains("300000000"), e.getMessage());
  }

  @Test
  void unsupportedObjective_isNamed() {
    ModelException e = assertThrows(ModelException.class,
        () -> xgbScorer(xgb("reg:unknownloss", "0", tree("[1,-1,-1]", "[2,-1,-1]", 3)), AB));
    assertTrue(e.getMessage().contains("reg:unknownloss"), e.getMessage());
  }

  @Test
  void truncatedJson_namesThePosition() {
    String json = xgb("reg:squarederror", "0", tree("[1,-1,-1]", "[2,-1,-1]", 3));
    ModelException e = assertThrows(ModelException.class, () -> xgbScorer(json.substring(0, json.length() / 2), AB));
    assertTrue(e.getMessage().contains("m.json"), e.getMessage());
  }

  @Test
  void deeplyNestedJson_isRejectedByTheParserLimit() {
    String json = "[".repeat(10_000) + "]".repeat(10_000);
    assertThrows(ModelException.class, () -> xgbScorer(json, AB));
  }

  @Test
  void ubjson_absurdArrayCount_isRejectedBeforeAllocating() {
    // {"a": [$d#l 100000000 ...  (a typed float array claiming 10^8 elements in a 20-byte file)
    byte[] bytes = {'{', 'i', 1, 'a', '[', '$', 'd', '#', 'l', 0x05, (byte) 0xf5, (byte) 0xe1, 0x00, 0, 0, 0, 0, '}'};
    ModelException e = assertThrows(ModelException.class, () -> new XGBoostProvider().create(
        TreeModels.spec("xgboost", "absurd.ubj", bytes, AB)));
    assertTrue(e.getMessage().contains("absurd.ubj") && e.getMessage().contains("does not fit"), e.getMessage());
  }

  @Test
  void ubjson_truncated_isRejected() {
    byte[] bytes = {'{', 'i', 7, 'l', 'e', 'a', 'r'};
    assertThrows(ModelException.class, () -> new XGBoostProvider().create(TreeModels.spec("xgboost", "cut.ubj", bytes, AB)));
  }

  @Test
  void featureMissingFromSchema_isNamed() {
    FeatureSchema onlyB = FeatureSchema.builder().number("b").build();
    ModelException e = assertThrows(ModelException.class,
        () -> xgbScorer(xgb("reg:squarederror", "0", tree("[1,-1,-1]", "[2,-1,-1]", 3)), onlyB));
    assertTrue(e.getMessage().contains("'a'"), e.getMessage());
  }

  @Test
  void featuresOption_bindsModelFeaturesToOtherNames() {
    FeatureSchema xy = FeatureSchema.builder().number("x").number("y").build();
    Scorer s = new XGBoostProvider().create(dev.scoring.api.ScorerSpec.builder("xgboost")
        .source(dev.scoring.api.ModelSource.bytes("m.json",
            xgb("reg:squarederror", "0", tree("[1,-1,-1]", "[2,-1,-1]", 3)).getBytes(StandardCharsets.UTF_8)))
        .schema(xy).option("features", "x, y").build());
    assertEquals(2.0, s.score(Features.builder(xy).set("x", 3).build()).value(), 0.0);
  }

  @Test
  void textFeature_isRejectedForANumericalSplit() {
    FeatureSchema text = FeatureSchema.builder().text("a").number("b").build();
    assertThrows(ModelException.class, () -> xgbScorer(xgb("reg:squarederror", "0", tree("[1,-1,-1]", "[2,-1,-1]", 3)), text));
  }

  @Test
  void notAModel_isRejected() {
    assertThrows(ModelException.class, () -> xgbScorer("hello", AB));
    assertThrows(ModelException.class, () -> new LightGbmProvider().create(TreeModels.spec("lightgbm", "m.txt", "hello", AB)));
  }

  @Test
  void lightgbm_truncatedModel_isRejected() {
    RandomData d = new RandomData(3, 300, 3, 0.1, 0, 3, 1, "binary");
    String text = TreeModels.lightgbm(d, "objective=binary verbose=-1 num_threads=1 min_data_in_leaf=5", 5);
    String cut = text.substring(0, text.indexOf("Tree=3"));
    ModelException e = assertThrows(ModelException.class,
        () -> new LightGbmProvider().create(TreeModels.spec("lightgbm", "cut.txt", cut, d.schema(false))));
    assertTrue(e.getMessage().contains("cut.txt"), e.getMessage());
  }

  @Test
  void lightgbm_danglingLeaf_isRejected() {
    RandomData d = new RandomData(3, 300, 3, 0.1, 0, 3, 1, "binary");
    String text = TreeModels.lightgbm(d, "objective=binary verbose=-1 num_threads=1 min_data_in_leaf=5 num_leaves=4", 2);
    String bad = text.replaceFirst("right_child=(-?\\d+)", "right_child=-99");
    ModelException e = assertThrows(ModelException.class,
        () -> new LightGbmProvider().create(TreeModels.spec("lightgbm", "bad.txt", bad, d.schema(false))));
    assertTrue(e.getMessage().contains("leaf 98"), e.getMessage());
  }

  @Test
  void pandasCategorical_mapsStringsToCodes_andUnseenIsMissing() {
    RandomData d = new RandomData(5, 800, 3, 0.1, 1, 4, 1, "binary");
    String text = TreeModels.lightgbm(d, "objective=binary verbose=-1 num_threads=1 min_data_in_leaf=5 categorical_feature=0 "
        + "min_data_per_group=5 cat_smooth=1", 10);
    String pandas = text.replaceAll("pandas_categorical:.*", "") + "\npandas_categorical:[[\"red\", \"green\", \"blue\", \"cyan\"]]\n";
    FeatureSchema codes = d.schema(false);
    FeatureSchema strings = d.schema(true);
    TreeScorer byCode = (TreeScorer) new LightGbmProvider().create(TreeModels.spec("lightgbm", "codes.txt", text, codes));
    TreeScorer byName = (TreeScorer) new LightGbmProvider().create(TreeModels.spec("lightgbm", "pandas.txt", pandas, strings));
    String[] names = {"red", "green", "blue", "cyan"};
    for (int k = 0; k < 4; k++) {
      double expected = byCode.score(Features.builder(codes).set("cat0", k).set("num1", 0.3).build()).value();
      double actual = byName.score(Features.builder(strings).set("cat0", names[k]).set("num1", 0.3).build()).value();
      assertEquals(expected, actual, 0.0, names[k]);
    }
    double missing = byName.score(Features.builder(strings).set("num1", 0.3).build()).value();
    assertEquals(missing, byName.score(Features.builder(strings).set("cat0", "magenta").set("num1", 0.3).build()).value(), 0.0);
    assertEquals(1, byName.unseenCategories());
  }

  @Test
  void floatBoundary_agreesWithFloatComparison() {
    qt().withExamples(20_000).forAll(integers().all(), doubles().any()).check((bits, x) -> {
      float t = Float.intBitsToFloat(bits);
      if (Float.isNaN(t) || Double.isNaN(x)) {
        return true;
      }
      double s = Ensemble.floatLtBoundary(t);
      double[] probes = {x, s, Math.nextDown(s), Math.nextUp(s), t, Math.nextDown((double) t), Math.nextUp((double) t)};
      for (double p : probes) {
        if (!Double.isNaN(p) && (((float) p < t) != (p < s))) {
          return false;
        }
      }
      return true;
    });
  }
}
