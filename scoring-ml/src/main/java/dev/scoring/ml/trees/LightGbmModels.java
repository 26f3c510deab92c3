package dev.scoring.ml.trees;

import dev.scoring.api.ModelException;
import dev.scoring.ml.internal.ModelKinds;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads LightGBM text models ({@code model.txt}, {@code save_model}), versions v2 to v4, and hands
 * JSON model dumps to {@link LightGbmJson}.
 */
final class LightGbmModels {

  static final int MAX_LEAVES = 1 << 24;
  static final int MAX_CLASSES = 1 << 16;
  static final int MAX_FEATURES = 1 << 24;

  private LightGbmModels() {}

  static TreeModel read(byte[] bytes, String src) {
    try {
      return readAny(bytes, src);
    } catch (ModelException e) {
      throw ModelKinds.mismatch(bytes, src, ModelKinds.LIGHTGBM, e);
    }
  }

  private static TreeModel readAny(byte[] bytes, String src) {
    for (byte b : bytes) {
      if (b == '{') {
        return LightGbmJson.read(bytes, src);
      }
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != (byte) 0xEF && b != (byte) 0xBB && b != (byte) 0xBF) {
        break;
      }
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    String[] lines = text.split("\r?\n", -1);
    TreeModel m = new TreeModel("lightgbm", src);
    Map<String, String> header = new HashMap<>();
    int i = 0;
    if (lines.length == 0 || !lines[0].trim().equals("tree")) {
      throw new ModelException(src + " line 1: not a LightGBM text model (it must start with 'tree')");
    }
    for (i = 1; i < lines.length; i++) {
      String l = lines[i].trim();
      if (l.startsWith("Tree=") || l.equals("end of trees")) {
        break;
      }
      if (l.isEmpty()) {
        continue;
      }
      int eq = l.indexOf('=');
      if (eq < 0) {
        header.put(l, "");
      } else {
        header.put(l.substring(0, eq), l.substring(eq + 1));
      }
    }
    m.version = "lightgbm-" + header.getOrDefault("version", "v2");
    m.container = "LightGBM text " + header.getOrDefault("version", "v2");
    m.booster = header.containsKey("average_output") ? "rf" : "gbdt";
    int numClass = intValue(header, "num_class", "1", src, 1, MAX_CLASSES);
    int perIter = intValue(header, "num_tree_per_iteration", Integer.toString(numClass), src, 1, MAX_CLASSES);
    int maxFeature = intValue(header, "max_feature_idx", null, src, -1, MAX_FEATURES);
    m.numFeatures = maxFeature + 1;
    m.numGroups = perIter;
    m.baseMargin = new double[perIter];
    m.averageOutput = header.containsKey("average_output");
    m.averageIsOutput = m.averageOutput && header.getOrDefault("version", "v2").trim().equals("v2");
    String names = header.get("feature_names");
    m.featureNames = names == null || names.isBlank() ? defaultNames(m.numFeatures) : names.trim().split(" ");
    if (m.featureNames.length != m.numFeatures) {
      throw new ModelException(src + ": " + m.featureNames.length + " feature_names for max_feature_idx " + maxFeature);
    }
    objective(m, header.getOrDefault("objective", "regression"), src);
    checkGroups(m, src);
    // trees
    while (i < lines.length && lines[i].trim().startsWith("Tree=")) {
      int treeLine = i + 1;
      Map<String, String> kv = new HashMap<>();
      for (i = i + 1; i < lines.length; i++) {
        String l = lines[i].trim();
        if (l.isEmpty() || l.startsWith("Tree=") || l.equals("end of trees")) {
          break;
        }
        int eq = l.indexOf('=');
        if (eq > 0) {
          kv.put(l.substring(0, eq), l.substring(eq + 1));
        }
      }
      RawTree t = tree(kv, src, treeLine, m.trees.size());
      t.group = m.trees.size() % perIter;
      m.trees.add(t);
      while (i < lines.length && lines[i].trim().isEmpty()) {
        i++;
      }
    }
    // As LightGBM reads: the trees end at the first other line ('end of trees', or in older or
    // trimmed files 'feature_importances:', 'parameters:', or the end of the file). Where the
    // header lists tree_sizes, a file with fewer trees is truncated.
    String sizes = header.get("tree_sizes");
    if (sizes != null && !sizes.isBlank()) {
      int listed = sizes.trim().split("\\s+").length;
      if (m.trees.size() != listed) {
        throw new ModelException(src + " line " + Math.min(i + 1, lines.length) + ": tree_sizes lists " + listed + " trees but the file has "
            + m.trees.size() + (m.trees.size() < listed ? " (a truncated model?)" : ""));
      }
    }
    if (m.trees.size() % perIter != 0) {
      throw new ModelException(src + ": " + m.trees.size() + " trees is not a multiple of " + perIter + " trees per iteration");
    }
    m.iterations = m.trees.size() / perIter;
    // after the trees: parameters and pandas_categorical
    String catParam = null;
    String pandas = null;
    for (; i < lines.length; i++) {
      String l = lines[i].trim();
      if (l.startsWith("[categorical_feature:")) {
        String v = l.substring("[categorical_feature:".length());
        catParam = (v.endsWith("]") ? v.substring(0, v.length() - 1) : v).trim();
      } else if (l.startsWith("pandas_categorical:")) {
        pandas = l.substring("pandas_categorical:".length()).trim();
      }
    }
    if (pandas != null && !pandas.equals("null") && !pandas.isEmpty() && !pandas.replace(" ", "").equals("[]")) {
      pandasCategories(m, pandas, catParam, header.get("feature_infos"), src);
    }
    return m;
  }

  /** Several trees per iteration need a multiclass objective. */
  static void checkGroups(TreeModel m, String src) {
    if (m.numGroups > 1 && m.link != TreeModel.Link.SOFTMAX && m.link != TreeModel.Link.SIGMOID_PER_CLASS) {
      throw new ModelException(src + ": " + m.numGroups + " trees per iteration with objective '" + m.objective + "' is not supported");
    }
  }

  static String[] defaultNames(int n) {
    String[] s = new String[n];
    for (int i = 0; i < n; i++) {
      s[i] = "Column_" + i;
    }
    return s;
  }

  static void objective(TreeModel m, String line, String src) {
    String[] parts = line.trim().split("\\s+");
    String name = parts[0].toLowerCase(Locale.ROOT);
    m.objective = name;
    double sigmoid = 1.0;
    boolean sqrt = false;
    for (int k = 1; k < parts.length; k++) {
      if (parts[k].startsWith("sigmoid:")) {
        sigmoid = number(parts[k].substring(8), src, "objective sigmoid");
      } else if (parts[k].equals("sqrt")) {
        sqrt = true;
      }
    }
    m.sigmoidScale = sigmoid;
    switch (name) {
      case "binary" -> m.link = TreeModel.Link.SIGMOID;
      case "cross_entropy", "xentropy" -> m.link = TreeModel.Link.SIGMOID;
      case "cross_entropy_lambda", "xentlambda" -> m.link = TreeModel.Link.LOG1P_EXP;
      case "multiclass", "softmax" -> m.link = TreeModel.Link.SOFTMAX;
      case "multiclassova", "multiclass_ova", "ova", "ovr" -> m.link = TreeModel.Link.SIGMOID_PER_CLASS;
      case "regression", "regression_l2", "l2", "mean_squared_error", "mse", "regression_l1", "l1", "mean_absolute_error",
          "mae", "huber", "fair", "quantile", "mape", "mean_absolute_percentage_error" ->
          m.link = sqrt ? TreeModel.Link.SIGNED_SQUARE : TreeModel.Link.IDENTITY;
      case "poisson", "gamma", "tweedie" -> m.link = TreeModel.Link.EXP;
      case "lambdarank", "rank_xendcg", "xendcg", "custom", "none" -> m.link = TreeModel.Link.IDENTITY;
      default -> throw new ModelException(src + ": objective '" + line.trim() + "' is not supported");
    }
  }

  private static RawTree tree(Map<String, String> kv, String src, int line, int index) {
    String where = src + " tree " + index + " (line " + line + ")";
    int leaves = intValue(kv, "num_leaves", null, where, 1, MAX_LEAVES);
    int internal = leaves - 1;
    // the values first: their count checks num_leaves against the text before the tree is allocated
    double[] leafValue = numbers(kv, "leaf_value", leaves, where);
    double[] leafCount = optNumbers(kv, "leaf_count", leaves, where);
    RawTree t = new RawTree(internal + leaves);
    for (int j = 0; j < leaves; j++) {
      int n = internal + j;
      t.left[n] = -1;
      t.right[n] = -1;
      t.value[n] = leafValue[j];
      t.cover[n] = leafCount == null ? 0 : leafCount[j];
      t.leafId[n] = j;
    }
    if (internal > 0) {
      double[] feature = numbers(kv, "split_feature", internal, where);
      double[] threshold = numbers(kv, "threshold", internal, where);
      double[] decision = numbers(kv, "decision_type", internal, where);
      double[] left = numbers(kv, "left_child", internal, where);
      double[] right = numbers(kv, "right_child", internal, where);
      double[] count = optNumbers(kv, "internal_count", internal, where);
      int numCat = intValue(kv, "num_cat", "0", where, 0, MAX_LEAVES);
      double[] catBoundaries = numCat > 0 ? numbers(kv, "cat_boundaries", numCat + 1, where) : new double[0];
      double[] catThreshold = numCat > 0 ? numbers(kv, "cat_threshold", (int) catBoundaries[numCat], where) : new double[0];
      for (int n = 0; n < internal; n++) {
        t.left[n] = child(left[n], internal, leaves, where);
        t.right[n] = child(right[n], internal, leaves, where);
        t.feature[n] = (int) feature[n];
        t.cover[n] = count == null ? 0 : count[n];
        int dt = (int) decision[n];
        t.defaultLeft[n] = (dt & 2) != 0;
        int missing = (dt >> 2) & 3;
        if (missing > 2) {
          throw new ModelException(where + ": node " + n + " has unknown missing type " + missing);
        }
        t.missing[n] = (byte) missing;
        if ((dt & 1) != 0) {
          int cat = (int) threshold[n];
          if (cat < 0 || cat >= numCat) {
            throw new ModelException(where + ": node " + n + " refers to categorical split " + cat + " of " + numCat);
          }
          int from = (int) catBoundaries[cat];
          int to = (int) catBoundaries[cat + 1];
          if (from < 0 || to < from || to > catThreshold.length) {
            throw new ModelException(where + ": cat_boundaries of split " + cat + " are out of range");
          }
          int[] bits = new int[to - from];
          for (int w = from; w < to; w++) {
            bits[w - from] = (int) (long) catThreshold[w];
          }
          t.kind[n] = RawTree.CAT_SET_LEFT;
          t.catBits[n] = bits;
          t.defaultLeft[n] = false;
        } else {
          t.kind[n] = RawTree.NUM_LE;
          t.threshold[n] = threshold[n];
        }
      }
    }
    String linear = kv.get("is_linear");
    if (linear != null && linear.trim().equals("1")) {
      double[] konst = numbers(kv, "leaf_const", leaves, where);
      double[] nf = numbers(kv, "num_features", leaves, where);
      long total = 0;
      for (double v : nf) {
        total += (long) v;
      }
      double[] feats = numbers(kv, "leaf_features", (int) total, where);
      double[] coeff = numbers(kv, "leaf_coeff", (int) total, where);
      double[] leafConst = new double[t.size];
      int[][] leafFeatures = new int[t.size][];
      double[][] leafCoeff = new double[t.size][];
      int k = 0;
      for (int j = 0; j < leaves; j++) {
        int n = internal + j;
        int c = (int) nf[j];
        leafConst[n] = konst[j];
        int[] lf = new int[c];
        double[] lc = new double[c];
        for (int q = 0; q < c; q++, k++) {
          lf[q] = (int) feats[k];
          lc[q] = coeff[k];
        }
        leafFeatures[n] = lf;
        leafCoeff[n] = lc;
      }
      t.leafConst = leafConst;
      t.leafFeatures = leafFeatures;
      t.leafCoeff = leafCoeff;
    }
    return t;
  }

  private static int child(double c, int internal, int leaves, String where) {
    int v = (int) c;
    if (v >= 0) {
      if (v >= internal) {
        throw new ModelException(where + ": child " + v + " is outside the " + internal + " internal nodes");
      }
      return v;
    }
    int leaf = ~v;
    if (leaf >= leaves) {
      throw new ModelException(where + ": leaf " + leaf + " is outside the " + leaves + " leaves");
    }
    return internal + leaf;
  }

  private static void pandasCategories(TreeModel m, String json, @Nullable String catParam, @Nullable String infos, String src) {
    Object doc = Json.parse(json.getBytes(StandardCharsets.UTF_8), src + " pandas_categorical");
    List<?> lists = Json.list(doc, src, "pandas_categorical");
    int[] catFeatures;
    if (catParam != null && !catParam.isEmpty()) {
      String[] p = catParam.split(",");
      catFeatures = new int[p.length];
      for (int k = 0; k < p.length; k++) {
        try {
          catFeatures[k] = Integer.parseInt(p[k].trim());
        } catch (NumberFormatException e) {
          throw new ModelException(src + ": categorical_feature '" + catParam + "' is not a list of feature indexes");
        }
      }
    } else {
      String[] inf = infos == null ? new String[0] : infos.trim().split(" ");
      catFeatures = java.util.stream.IntStream.range(0, inf.length)
          .filter(k -> !inf[k].startsWith("[") && !inf[k].equals("none")).toArray();
    }
    pandasCategories(m, lists, catFeatures, src);
  }

  /** The pandas category names of each categorical feature ({@code catFeatures[k]} takes {@code lists[k]}). */
  static void pandasCategories(TreeModel m, List<?> lists, int[] catFeatures, String src) {
    if (catFeatures.length != lists.size()) {
      throw new ModelException(src + ": pandas_categorical has " + lists.size() + " lists for " + catFeatures.length
          + " categorical features");
    }
    m.categories = new String[m.numFeatures][];
    for (int k = 0; k < catFeatures.length; k++) {
      int f = catFeatures[k];
      if (f < 0 || f >= m.numFeatures) {
        throw new ModelException(src + ": categorical feature " + f + " is outside the " + m.numFeatures + " features");
      }
      m.categories[f] = Json.texts(lists.get(k), src, "pandas_categorical[" + k + "]");
    }
  }

  private static int intValue(Map<String, String> kv, String key, @Nullable String dflt, String where, int min, int max) {
    String v = kv.getOrDefault(key, dflt);
    if (v == null) {
      throw new ModelException(where + ": missing '" + key + "'");
    }
    try {
      long x = Long.parseLong(v.trim());
      if (x < min || x > max) {
        throw new ModelException(where + ": " + key + "=" + x + " is outside [" + min + ", " + max + "]");
      }
      return (int) x;
    } catch (NumberFormatException e) {
      throw new ModelException(where + ": " + key + " must be an integer, found '" + v + "'");
    }
  }

  private static double @Nullable [] optNumbers(Map<String, String> kv, String key, int n, String where) {
    return kv.containsKey(key) ? numbers(kv, key, n, where) : null;
  }

  private static double[] numbers(Map<String, String> kv, String key, int n, String where) {
    String v = kv.get(key);
    if (v == null) {
      if (n == 0) {
        return new double[0];
      }
      throw new ModelException(where + ": missing '" + key + "'");
    }
    String s = v.trim();
    String[] parts = s.isEmpty() ? new String[0] : s.split("\\s+");
    if (parts.length != n) {
      throw new ModelException(where + ": '" + key + "' has " + parts.length + " values, expected " + n);
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = number(parts[i], where, key);
    }
    return out;
  }

  static double number(String s, String where, String what) {
    switch (s) {
      case "inf", "+inf", "Infinity" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-inf", "-Infinity" -> {
        return Double.NEGATIVE_INFINITY;
      }
      default -> { }
    }
    try {
      double d = Double.parseDouble(s);
      if (Double.isNaN(d)) {
        throw new ModelException(where + ": " + what + " has NaN");
      }
      return d;
    } catch (NumberFormatException e) {
      throw new ModelException(where + ": " + what + " has '" + s + "', not a number");
    }
  }
}
