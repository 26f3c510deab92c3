package dev.scoring.ml.trees;

import dev.scoring.api.ModelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads LightGBM JSON model dumps ({@code Booster.dump_model()}, {@code LGBM_BoosterDumpModel}),
 * versions v2 to v4: the trees of the text model, nested. A split is {@code "<="} with a number or
 * {@code "=="} with its categories joined by {@code "||"}, plus {@code default_left} and
 * {@code missing_type}; linear trees carry {@code leaf_const}, {@code leaf_features} and
 * {@code leaf_coeff} in their leaves. Numbers are printed with 17 significant digits, so
 * thresholds and leaf values are those of the model; LightGBM clamps infinite thresholds to ±1e300,
 * which sends every number the same way.
 */
final class LightGbmJson {

  /** Nesting the parser allows: the document, its tree list and a tree, then one level per tree level. */
  private static final int MAX_NESTING = Ensemble.MAX_DEPTH + 8;

  private LightGbmJson() {}

  static TreeModel read(byte[] bytes, String src) {
    Map<String, Object> doc = Json.object(Json.parse(bytes, src, MAX_NESTING), src, "$");
    TreeModel m = new TreeModel("lightgbm", src);
    String version = doc.containsKey("version") ? Json.text(doc.get("version"), src, "version") : "v2";
    m.version = "lightgbm-" + version;
    m.container = "LightGBM JSON dump " + version;
    m.averageOutput = bool(doc, "average_output", src);
    m.averageIsOutput = m.averageOutput && version.equals("v2");
    m.booster = m.averageOutput ? "rf" : "gbdt";
    int numClass = integer(doc, "num_class", 1, src, 1, LightGbmModels.MAX_CLASSES);
    int perIter = integer(doc, "num_tree_per_iteration", numClass, src, 1, LightGbmModels.MAX_CLASSES);
    int maxFeature = integer(doc, "max_feature_idx", null, src, -1, LightGbmModels.MAX_FEATURES);
    m.numFeatures = maxFeature + 1;
    m.numGroups = perIter;
    m.baseMargin = new double[perIter];
    Object names = doc.get("feature_names");
    m.featureNames = names == null || names == Json.NULL ? LightGbmModels.defaultNames(m.numFeatures)
        : Json.texts(names, src, "feature_names");
    if (m.featureNames.length != m.numFeatures) {
      throw new ModelException(src + ": " + m.featureNames.length + " feature_names for max_feature_idx " + maxFeature);
    }
    Object objective = doc.get("objective");
    LightGbmModels.objective(m, objective == null || objective == Json.NULL ? "regression"
        : Json.text(objective, src, "objective"), src);
    LightGbmModels.checkGroups(m, src);
    List<?> trees = Json.list(Json.require(doc, "tree_info", src, "$"), src, "tree_info");
    long[] catWords = {XGBoostModels.MAX_CATEGORY_WORDS};
    for (int i = 0; i < trees.size(); i++) {
      RawTree t = tree(Json.object(trees.get(i), src, "tree_info[" + i + "]"), src + " tree_info[" + i + "]", catWords);
      t.group = i % perIter;
      m.trees.add(t);
    }
    if (m.trees.size() % perIter != 0) {
      throw new ModelException(src + ": " + m.trees.size() + " trees is not a multiple of " + perIter + " trees per iteration");
    }
    m.iterations = m.trees.size() / perIter;
    Object pandas = doc.get("pandas_categorical");
    if (pandas != null && pandas != Json.NULL && !Json.list(pandas, src, "pandas_categorical").isEmpty()) {
      LightGbmModels.pandasCategories(m, Json.list(pandas, src, "pandas_categorical"), categoricalFeatures(doc, m, src), src);
    }
    return m;
  }

  /** The features whose {@code feature_infos} entry lists category values, in feature order. */
  private static int[] categoricalFeatures(Map<String, Object> doc, TreeModel m, String src) {
    Map<String, Object> infos = Json.optObject(doc, "feature_infos", src, "$");
    if (infos == null) {
      throw new ModelException(src + ": pandas_categorical needs feature_infos to tell which features are categorical");
    }
    List<Integer> out = new ArrayList<>();
    for (int f = 0; f < m.numFeatures; f++) {
      Object info = infos.get(m.featureNames[f]);
      if (info instanceof Map<?, ?>) {
        Object values = Json.object(info, src, "feature_infos." + m.featureNames[f]).get("values");
        if (values != null && values != Json.NULL && !Json.list(values, src, "feature_infos." + m.featureNames[f] + ".values").isEmpty()) {
          out.add(f);
        }
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * One tree. The nesting is the tree; nodes take ids in pre-order (splits from 0, then leaves),
   * and a leaf reports its {@code leaf_index} (or its position) as its leaf number.
   */
  /** {@code catWordsLeft[0]}: what categorical bitsets may still take (a listed category near 2^24 costs 2^19 words). */
  private static RawTree tree(Map<String, Object> tree, String where, long[] catWordsLeft) {
    int leaves = integer(tree, "num_leaves", null, where, 1, LightGbmModels.MAX_LEAVES);
    Map<String, Object> root = Json.object(tree, "tree_structure", where, "$");
    int found = countLeaves(root, where);
    if (found != leaves) {
      throw new ModelException(where + ": num_leaves is " + leaves + " but tree_structure has " + found + " leaves");
    }
    RawTree t = new RawTree(2 * leaves - 1);
    if (isLinear(root)) {
      t.leafConst = new double[t.size];
      t.leafFeatures = new int[t.size][];
      t.leafCoeff = new double[t.size][];
    }
    new Placer(t, leaves - 1, where, catWordsLeft).place(root, "tree_structure");
    return t;
  }

  private static boolean isLeaf(Map<String, Object> node) {
    return !node.containsKey("left_child") && !node.containsKey("right_child");
  }

  private static int countLeaves(Map<String, Object> node, String where) {
    if (isLeaf(node)) {
      return 1;
    }
    return countLeaves(Json.object(node, "left_child", where, "node"), where)
        + countLeaves(Json.object(node, "right_child", where, "node"), where);
  }

  /** Whether the tree's leaves are linear, as its leftmost leaf shows. */
  private static boolean isLinear(Map<String, Object> node) {
    Map<String, Object> at = node;
    while (!isLeaf(at)) {
      at = Json.object(at, "left_child", "", "node");
    }
    return at.containsKey("leaf_const");
  }

  /** Gives nodes their ids in pre-order and fills the tree. */
  private static final class Placer {
    private final RawTree t;
    private final int internal;
    private final String where;
    private final long[] catWordsLeft;
    private int splits;
    private int leaves;

    Placer(RawTree t, int internal, String where, long[] catWordsLeft) {
      this.t = t;
      this.internal = internal;
      this.where = where;
      this.catWordsLeft = catWordsLeft;
    }

    int place(Map<String, Object> node, String path) {
      String at = where + " " + path;
      if (isLeaf(node)) {
        int n = internal + leaves;
        t.leafId[n] = node.containsKey("leaf_index") ? integer(node, "leaf_index", null, at, 0, LightGbmModels.MAX_LEAVES) : leaves;
        leaves++;
        leaf(t, node, n, at);
        return n;
      }
      int n = splits++;
      t.feature[n] = integer(node, "split_feature", null, at, 0, LightGbmModels.MAX_FEATURES - 1);
      t.cover[n] = optNumber(node, "internal_count", at);
      t.defaultLeft[n] = bool(node, "default_left", at);
      t.missing[n] = missingType(node, at);
      String decision = node.containsKey("decision_type") ? Json.text(node.get("decision_type"), at, "decision_type") : "<=";
      Object threshold = Json.require(node, "threshold", at, path);
      switch (decision) {
        case "<=" -> {
          t.kind[n] = RawTree.NUM_LE;
          t.threshold[n] = number(threshold, at, "threshold");
        }
        case "==" -> {
          t.kind[n] = RawTree.CAT_SET_LEFT;
          t.catBits[n] = categories(Json.text(threshold, at, "threshold"), at, catWordsLeft);
          t.defaultLeft[n] = false;
        }
        default -> throw new ModelException(at + ": decision_type '" + decision + "' is neither '<=' nor '=='");
      }
      t.left[n] = place(Json.object(node, "left_child", where, path), path + ".left_child");
      t.right[n] = place(Json.object(node, "right_child", where, path), path + ".right_child");
      return n;
    }
  }

  private static void leaf(RawTree t, Map<String, Object> node, int n, String at) {
    t.left[n] = -1;
    t.right[n] = -1;
    t.value[n] = number(Json.require(node, "leaf_value", at, "leaf"), at, "leaf_value");
    t.cover[n] = optNumber(node, "leaf_count", at);
    double[] konst = t.leafConst;
    int[] @Nullable [] features = t.leafFeatures;
    double[] @Nullable [] coeff = t.leafCoeff;
    if (konst == null || features == null || coeff == null) {
      if (node.containsKey("leaf_const")) {
        throw new ModelException(at + ": a linear leaf in a tree whose leftmost leaf is constant");
      }
      return;
    }
    konst[n] = number(Json.require(node, "leaf_const", at, "leaf"), at, "leaf_const");
    double[] f = Json.numbers(node, "leaf_features", at, "leaf");
    double[] c = Json.numbers(node, "leaf_coeff", at, "leaf");
    if (f.length != c.length) {
      throw new ModelException(at + ": " + f.length + " leaf_features but " + c.length + " leaf_coeff");
    }
    int[] fi = new int[f.length];
    for (int k = 0; k < f.length; k++) {
      fi[k] = (int) f[k];
      if (fi[k] != f[k] || fi[k] < 0) {
        throw new ModelException(at + ": leaf_features has " + f[k] + ", not a feature index");
      }
    }
    features[n] = fi;
    coeff[n] = c;
  }

  /** The bitset of a categorical split's categories, written {@code "1||10||100"}. */
  private static int[] categories(String list, String at, long[] catWordsLeft) {
    String[] parts = list.isBlank() ? new String[0] : list.split("\\|\\|");
    int[] codes = new int[parts.length];
    for (int k = 0; k < parts.length; k++) {
      try {
        codes[k] = Integer.parseInt(parts[k].trim());
      } catch (NumberFormatException e) {
        throw new ModelException(at + ": categorical threshold '" + list + "' is not a list of categories");
      }
    }
    return RawTree.categoryBits(codes, catWordsLeft, at);
  }

  private static byte missingType(Map<String, Object> node, String at) {
    Object v = node.get("missing_type");
    if (v == null) {
      return RawTree.MISSING_NONE;
    }
    return switch (Json.text(v, at, "missing_type")) {
      case "None" -> RawTree.MISSING_NONE;
      case "Zero" -> RawTree.MISSING_ZERO;
      case "NaN" -> RawTree.MISSING_NAN;
      default -> throw new ModelException(at + ": missing_type '" + v + "' is not None, Zero or NaN");
    };
  }

  private static boolean bool(Map<String, Object> o, String key, String at) {
    Object v = o.get(key);
    if (v == null || v == Json.NULL) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw new ModelException(at + ": '" + key + "' must be true or false, found " + Json.kind(v));
  }

  private static int integer(Map<String, Object> o, String key, @Nullable Integer dflt, String at, int min, int max) {
    Object v = o.get(key);
    if (v == null) {
      if (dflt == null) {
        throw new ModelException(at + ": missing '" + key + "'");
      }
      return dflt;
    }
    double d = number(v, at, key);
    if (d != Math.rint(d) || d < min || d > max) {
      throw new ModelException(at + ": " + key + " is " + Json.kind(v) + ", not an integer in [" + min + ", " + max + "]");
    }
    return (int) d;
  }

  private static double optNumber(Map<String, Object> o, String key, String at) {
    Object v = o.get(key);
    return v == null || v == Json.NULL ? 0.0 : number(v, at, key);
  }

  private static double number(Object v, String at, String what) {
    if (v instanceof Double d) {
      return d;
    }
    if (v instanceof String s) {
      return LightGbmModels.number(s.trim(), at, what);
    }
    throw new ModelException(at + ": " + what + " must be a number, found " + Json.kind(v));
  }
}
