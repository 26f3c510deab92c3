package dev.scoring.ml.trees;

import dev.scoring.api.ModelException;
import dev.scoring.ml.internal.ModelKinds;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads XGBoost models: the JSON document of {@code save_model("m.json")} (1.x to 3.x), the same
 * document in UBJSON, and (through {@link XGBoostLegacy}) the legacy binary format.
 */
final class XGBoostModels {

  /** XGBoost files need not name their features, so the count is bounded by itself: 2^20 (hashed features) is ample. */
  static final int MAX_FEATURES = 1 << 20;
  static final int MAX_CLASSES = 1 << 16;
  /** Words of category bitsets a whole model may hold (64 MB). */
  static final long MAX_CATEGORY_WORDS = 1L << 24;
  static final int MAX_TREES = 1 << 22;

  private XGBoostModels() {}

  /** Reads a model, recognising JSON, UBJSON and the legacy binary format by their first bytes. */
  static TreeModel read(byte[] bytes, String source) {
    try {
      return readAny(bytes, source);
    } catch (ModelException e) {
      throw ModelKinds.mismatch(bytes, source, ModelKinds.XGBOOST, e);
    }
  }

  private static TreeModel readAny(byte[] bytes, String source) {
    if (Ubjson.looksLike(bytes)) {
      TreeModel m = fromDocument(Ubjson.parse(bytes, source), source);
      m.container = "XGBoost UBJSON";
      return m;
    }
    // a UTF-8 byte-order mark, then white space, may precede a JSON document
    int i = bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF ? 3 : 0;
    while (i < bytes.length && Character.isWhitespace(bytes[i])) {
      i++;
    }
    if (i < bytes.length && bytes[i] == '{') {
      TreeModel m = fromDocument(Json.parse(bytes, source), source);
      m.container = "XGBoost JSON";
      return m;
    }
    return XGBoostLegacy.read(bytes, source);
  }

  static TreeModel fromDocument(Object doc, String src) {
    Map<String, Object> root = Json.object(doc, src, "$");
    Map<String, Object> learner = Json.object(root, "learner", src, "$");
    TreeModel m = new TreeModel("xgboost", src);
    double[] ver = Json.optNumbers(root, "version", src, "$");
    int major = 1;
    if (ver != null && ver.length >= 2) {
      major = (int) ver[0];
      m.versionMajor = major;
      m.versionMinor = (int) ver[1];
      m.version = "xgboost-" + (int) ver[0] + "." + (int) ver[1] + (ver.length > 2 ? "." + (int) ver[2] : "");
    }
    m.floatSum = true;
    Map<String, Object> lmp = Json.object(learner, "learner_model_param", src, "$.learner");
    m.numFeatures = intParam(lmp, "num_feature", src, 0, MAX_FEATURES);
    int numClass = lmp.containsKey("num_class") ? intParam(lmp, "num_class", src, 0, MAX_CLASSES) : 0;
    int numTarget = lmp.containsKey("num_target") ? intParam(lmp, "num_target", src, 0, MAX_CLASSES) : 1;
    if (numTarget > 1 && numClass <= 1) {
      throw new ModelException(src + ": multi-target regression (num_target " + numTarget + ") is not supported");
    }
    m.numGroups = Math.max(1, numClass);
    Map<String, Object> obj = Json.object(learner, "objective", src, "$.learner");
    m.objective = Json.text(Json.require(obj, "name", src, "$.learner.objective"), src, "$.learner.objective.name");
    double[] baseScore = baseScore(Json.text(Json.require(lmp, "base_score", src, "$.learner.learner_model_param"),
        src, "$.learner.learner_model_param.base_score"), src, m.numGroups);
    applyObjective(m, baseScore, obj, src);
    m.featureNames = featureNames(learner, m.numFeatures, src);
    m.indicators = indicators(learner, m.numFeatures, src);
    Map<String, Object> gb = Json.object(learner, "gradient_booster", src, "$.learner");
    String booster = Json.text(Json.require(gb, "name", src, "$.learner.gradient_booster"), src, "booster name");
    m.booster = booster;
    switch (booster) {
      case "gbtree" -> {
        // XGBoost 3.x writes DART as gbtree with the tree weights in model.weight_drop
        Map<String, Object> model = Json.object(gb, "model", src, "$.learner.gradient_booster");
        trees(m, model, Json.optNumbers(model, "weight_drop", src, "$.learner.gradient_booster.model"), src);
      }
      case "dart" -> {
        Map<String, Object> inner = Json.object(gb, "gbtree", src, "$.learner.gradient_booster");
        double[] drop = Json.optNumbers(gb, "weight_drop", src, "$.learner.gradient_booster");
        trees(m, Json.object(inner, "model", src, "$.learner.gradient_booster.gbtree"), drop, src);
      }
      case "gblinear" -> linear(m, Json.object(gb, "model", src, "$.learner.gradient_booster"), src);
      default -> throw new ModelException(src + ": booster '" + booster + "' is not supported (gbtree, dart, gblinear are)");
    }
    if (major < 1 && ver != null) {
      throw new ModelException(src + ": JSON models before XGBoost 1.0 are not supported");
    }
    return m;
  }

  static int intParam(Map<String, Object> map, String key, String src, int min, int max) {
    String t = Json.text(Json.require(map, key, src, "learner_model_param"), src, key);
    try {
      long v = Long.parseLong(t.trim());
      if (v < min || v > max) {
        throw new ModelException(src + ": " + key + " = " + v + " is outside [" + min + ", " + max + "]");
      }
      return (int) v;
    } catch (NumberFormatException e) {
      throw new ModelException(src + ": " + key + " must be an integer, found '" + t + "'");
    }
  }

  /** base_score: a number ("5E-1") or, from XGBoost 3.1, a vector ("[5E-1,5E-1]") per output. */
  static double[] baseScore(String text, String src, int groups) {
    String t = text.trim();
    double[] v;
    try {
      if (t.startsWith("[")) {
        String inner = t.substring(1, t.length() - 1).trim();
        String[] parts = inner.isEmpty() ? new String[0] : inner.split(",");
        v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
          v[i] = Float.parseFloat(parts[i].trim());
        }
      } else {
        v = new double[] {Float.parseFloat(t)};
      }
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      throw new ModelException(src + ": base_score '" + text + "' is not a number or a vector of numbers");
    }
    if (v.length == 1 && groups > 1) {
      double b = v[0];
      v = new double[groups];
      java.util.Arrays.fill(v, b);
    }
    if (v.length != groups) {
      throw new ModelException(src + ": base_score has " + v.length + " values for " + groups + " outputs");
    }
    return v;
  }

  /**
   * Sets the link and turns base_score (stored in output space since 1.0) into the base margin
   * with the objective's ProbToMargin, computed in float32 as XGBoost does.
   */
  static void applyObjective(TreeModel m, double[] baseScore, Map<String, Object> obj, String src) {
    String name = m.objective;
    String n = name.toLowerCase(Locale.ROOT);
    double[] b = new double[baseScore.length];
    switch (n) {
      case "binary:logistic", "reg:logistic" -> {
        m.link = TreeModel.Link.SIGMOID;
        for (int i = 0; i < b.length; i++) {
          b[i] = logit((float) baseScore[i], src);
        }
      }
      case "binary:logitraw" -> {
        // XGBoost 1.4 (dmlc/xgboost#6517) made ProbToMargin the identity for logitraw; before, it was logit
        m.link = TreeModel.Link.IDENTITY;
        for (int i = 0; i < b.length; i++) {
          b[i] = versionBefore(m, 1, 4) ? logit((float) baseScore[i], src) : baseScore[i];
        }
      }
      case "count:poisson", "reg:gamma", "reg:tweedie", "survival:cox", "survival:aft" -> {
        m.link = TreeModel.Link.EXP;
        for (int i = 0; i < b.length; i++) {
          if (!(baseScore[i] > 0)) {
            throw new ModelException(src + ": base_score " + baseScore[i] + " must be positive for " + name);
          }
          b[i] = (float) Math.log((float) baseScore[i]);
        }
      }
      case "reg:squarederror", "reg:linear", "reg:squaredlogerror", "reg:pseudohubererror", "reg:absoluteerror",
          "reg:quantileerror", "reg:expectileerror", "rank:pairwise", "rank:ndcg", "rank:map" -> {
        m.link = TreeModel.Link.IDENTITY;
        b = baseScore.clone();
      }
      case "binary:hinge" -> {
        m.link = TreeModel.Link.HINGE;
        b = baseScore.clone();
      }
      case "multi:softprob", "multi:softmax" -> {
        if (m.numGroups < 2) {
          throw new ModelException(src + ": " + name + " needs num_class >= 2, found " + m.numGroups);
        }
        m.link = TreeModel.Link.SOFTMAX;
        m.classOutput = n.equals("multi:softmax");
        b = baseScore.clone();
      }
      default -> throw new ModelException(src + ": objective '" + name + "' is not supported; supported: binary:logistic, "
          + "binary:logitraw, binary:hinge, reg:logistic, reg:squarederror, reg:squaredlogerror, reg:pseudohubererror, "
          + "reg:absoluteerror, reg:quantileerror, reg:expectileerror, count:poisson, reg:gamma, reg:tweedie, survival:cox, survival:aft, "
          + "multi:softprob, multi:softmax, rank:pairwise, rank:ndcg, rank:map");
    }
    if (m.link != TreeModel.Link.SOFTMAX && m.numGroups > 1) {
      throw new ModelException(src + ": objective '" + name + "' with " + m.numGroups + " outputs is not supported");
    }
    m.baseMargin = b;
  }

  private static boolean versionBefore(TreeModel m, int major, int minor) {
    return m.versionMajor < major || (m.versionMajor == major && m.versionMinor < minor);
  }

  private static double logit(float p, String src) {
    if (!(p > 0f && p < 1f)) {
      throw new ModelException(src + ": base_score " + p + " must be in (0, 1) for a logistic objective");
    }
    return -(float) Math.log(1.0f / p - 1.0f);
  }

  private static String[] featureNames(Map<String, Object> learner, int numFeatures, String src) {
    Object v = learner.get("feature_names");
    String[] names = new String[numFeatures];
    for (int i = 0; i < numFeatures; i++) {
      names[i] = "f" + i;
    }
    if (v != null && v != Json.NULL) {
      String[] given = Json.texts(v, src, "$.learner.feature_names");
      if (given.length > 0) {
        if (given.length != numFeatures) {
          throw new ModelException(src + ": " + given.length + " feature_names for num_feature " + numFeatures);
        }
        return given;
      }
    }
    return names;
  }

  /** Features whose {@code feature_types} entry is {@code "i"} (indicators: 0/1, read from booleans too); null if none. */
  private static boolean @Nullable [] indicators(Map<String, Object> learner, int numFeatures, String src) {
    Object v = learner.get("feature_types");
    if (v == null || v == Json.NULL) {
      return null;
    }
    String[] types = Json.texts(v, src, "$.learner.feature_types");
    boolean[] indicator = new boolean[numFeatures];
    boolean any = false;
    for (int i = 0; i < types.length && i < numFeatures; i++) {
      indicator[i] = types[i].equals("i");
      any |= indicator[i];
    }
    return any ? indicator : null;
  }

  private static void trees(TreeModel m, Map<String, Object> model, double @Nullable [] drop, String src) {
    String path = "$.learner.gradient_booster.model";
    List<?> trees = Json.list(Json.require(model, "trees", src, path), src, path + ".trees");
    if (trees.size() > MAX_TREES) {
      throw new ModelException(src + ": " + trees.size() + " trees, more than the limit of " + MAX_TREES);
    }
    Map<String, Object> gbParam = Json.optObject(model, "gbtree_model_param", src, path);
    if (gbParam != null && gbParam.containsKey("num_parallel_tree")) {
      m.treesPerIteration = m.numGroups * Math.max(1, intParam(gbParam, "num_parallel_tree", src, 0, MAX_TREES));
    }
    double[] info = Json.optNumbers(model, "tree_info", src, path);
    if (info == null || info.length != trees.size()) {
      throw new ModelException(src + ": tree_info has " + (info == null ? 0 : info.length) + " entries for " + trees.size() + " trees");
    }
    if (drop != null && drop.length != trees.size()) {
      throw new ModelException(src + ": weight_drop has " + drop.length + " entries for " + trees.size() + " trees");
    }
    Map<String, Object> cats = Json.optObject(model, "cats", src, path);
    if (cats != null) {
      categoryEncoder(m, cats, src, path + ".cats");
    }
    long[] catWords = {MAX_CATEGORY_WORDS};
    for (int t = 0; t < trees.size(); t++) {
      RawTree tree = tree(Json.object(trees.get(t), src, path + ".trees[" + t + "]"), src, path + ".trees[" + t + "]", catWords);
      tree.group = (int) info[t];
      if (drop != null) {
        tree.weight = (float) drop[t];
      }
      if (t == 0) {
        m.treesPerFileTree = tree.targets;
      }
      if (tree.targets != m.treesPerFileTree) {
        throw new ModelException(src + ": " + path + ".trees[" + t + "] has " + tree.targets + " outputs per leaf, tree 0 "
            + m.treesPerFileTree);
      }
      if (tree.targets == 1) {
        m.trees.add(tree);
        continue;
      }
      // a multi-target tree adds its leaf vector to every output: one scalar tree per output, in output order
      if ((long) m.trees.size() + tree.targets > MAX_TREES) {
        throw new ModelException(src + ": more than " + MAX_TREES + " trees (one per output of each multi-target tree)");
      }
      if (tree.targets != m.numGroups) {
        throw new ModelException(src + ": " + path + ".trees[" + t + "] has leaf vectors of " + tree.targets + " for "
            + m.numGroups + " outputs");
      }
      for (int k = 0; k < tree.targets; k++) {
        RawTree scalar = tree.target(k);
        scalar.group = k;
        m.trees.add(scalar);
      }
    }
  }

  /**
   * XGBoost 3.x's category encoder ({@code cats}), saved when a model is trained on a data frame
   * with categorical columns: per model feature, the training categories in code order (code = index),
   * either strings (Arrow layout: {@code offsets} into UTF-8 {@code values}) or integers
   * ({@code type}, {@code values}); an empty entry marks a numerical feature. The names become the
   * feature's category table, so CATEGORY features are recoded by name as XGBoost recodes a data frame.
   */
  private static void categoryEncoder(TreeModel m, Map<String, Object> cats, String src, String path) {
    Object encValue = cats.get("enc");
    List<?> enc = encValue == null || encValue == Json.NULL ? List.of() : Json.list(encValue, src, path + ".enc");
    if (enc.isEmpty()) {
      return;
    }
    if (enc.size() != m.numFeatures) {
      throw new ModelException(src + ": '" + path + ".enc' has " + enc.size() + " columns for " + m.numFeatures + " features");
    }
    double[] segments = Json.numbers(cats, "feature_segments", src, path);
    if (segments.length != m.numFeatures + 1 || segments[0] != 0) {
      throw new ModelException(src + ": '" + path + ".feature_segments' must hold " + (m.numFeatures + 1)
          + " offsets starting at 0, found " + segments.length);
    }
    String[][] names = new String[m.numFeatures][];
    boolean any = false;
    for (int f = 0; f < m.numFeatures; f++) {
      String at = path + ".enc[" + f + "]";
      Map<String, Object> column = Json.object(enc.get(f), src, at);
      String[] values = column.containsKey("offsets") ? strings(column, src, at) : integers(column, src, at);
      if (segments[f + 1] - segments[f] != values.length) {
        throw new ModelException(src + ": '" + at + "' has " + values.length + " categories but feature_segments gives "
            + (long) (segments[f + 1] - segments[f]));
      }
      if (values.length > 0) {
        names[f] = values;
        any = true;
      }
    }
    if (any) {
      m.categories = names;
    }
  }

  /** Arrow string array: category k is the UTF-8 bytes {@code values[offsets[k] .. offsets[k+1])}. */
  private static String[] strings(Map<String, Object> column, String src, String path) {
    double[] offsets = Json.numbers(column, "offsets", src, path);
    double[] bytes = Json.numbers(column, "values", src, path);
    if (offsets.length == 0) {
      return new String[0];
    }
    String[] out = new String[offsets.length - 1];
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    for (int k = 0; k < out.length; k++) {
      double from = offsets[k];
      double to = offsets[k + 1];
      if (from != Math.rint(from) || from < 0 || to < from || to > bytes.length) {
        throw new ModelException(src + ": '" + path + ".offsets[" + k + "]' = " + from + ".." + to
            + " is not a range in " + bytes.length + " name bytes");
      }
      byte[] name = new byte[(int) to - (int) from];
      for (int i = 0; i < name.length; i++) {
        double b = bytes[(int) from + i];
        if (b != Math.rint(b) || b < -128 || b > 255) {
          throw new ModelException(src + ": '" + path + ".values[" + ((int) from + i) + "]' = " + b + " is not a byte");
        }
        name[i] = (byte) (int) b;
      }
      try {
        out[k] = utf8.decode(ByteBuffer.wrap(name)).toString();
      } catch (CharacterCodingException e) {
        throw new ModelException(src + ": category " + k + " of '" + path + "' is not valid UTF-8", e);
      }
    }
    return out;
  }

  /** Integer categories (XGBoost refuses floating-point ones): category k is {@code values[k]} in decimal. */
  private static String[] integers(Map<String, Object> column, String src, String path) {
    double[] values = Json.numbers(column, "values", src, path);
    String[] out = new String[values.length];
    for (int k = 0; k < values.length; k++) {
      double v = values[k];
      if (v != Math.rint(v) || Math.abs(v) > 0x1p53) {
        throw new ModelException(src + ": '" + path + ".values[" + k + "]' = " + v + " is not an integer category");
      }
      out[k] = Long.toString((long) v);
    }
    return out;
  }

  /**
   * Reads one tree; {@code catWordsLeft[0]} is what categorical splits may still allocate for their
   * bitsets (a code near 2^24 costs 2^19 words), so a small file cannot demand gigabytes.
   */
  static RawTree tree(Map<String, Object> t, String src, String path, long[] catWordsLeft) {
    double[] left = Json.numbers(t, "left_children", src, path);
    double[] right = Json.numbers(t, "right_children", src, path);
    double[] split = Json.numbers(t, "split_indices", src, path);
    double[] cond = Json.numbers(t, "split_conditions", src, path);
    double[] dleft = Json.numbers(t, "default_left", src, path);
    double[] hess = Json.optNumbers(t, "sum_hessian", src, path);
    double[] stype = Json.optNumbers(t, "split_type", src, path);
    int n = left.length;
    int targets = 1;
    Map<String, Object> param = Json.optObject(t, "tree_param", src, path);
    if (param != null) {
      int declared = intParam(param, "num_nodes", src, 0, Json.MAX_ARRAY);
      if (declared != n) {
        throw new ModelException(src + ": " + path + " declares " + declared + " nodes but has " + n);
      }
      if (param.containsKey("size_leaf_vector")) {
        targets = Math.max(1, intParam(param, "size_leaf_vector", src, 0, MAX_CLASSES));
      }
    }
    if (n == 0) {
      throw new ModelException(src + ": " + path + " has no nodes");
    }
    check(right, n, "right_children", src, path);
    check(split, n, "split_indices", src, path);
    check(cond, n, "split_conditions", src, path);
    check(dleft, n, "default_left", src, path);
    if (hess != null) {
      check(hess, n, "sum_hessian", src, path);
    }
    if (stype != null && stype.length != 0) {
      check(stype, n, "split_type", src, path);
    }
    RawTree tree = new RawTree(n);
    for (int i = 0; i < n; i++) {
      tree.left[i] = (int) left[i];
      tree.right[i] = (int) right[i];
      tree.cover[i] = hess == null ? 0.0 : (float) hess[i];
      tree.leafId[i] = i;
      if (left[i] < 0) {
        tree.left[i] = -1;
        // a multi-target leaf's right child is its row in leaf_weights
        tree.right[i] = -1;
        tree.value[i] = targets > 1 ? 0.0 : (float) cond[i];
      } else {
        if (right[i] < 0) {
          throw new ModelException(src + ": " + path + " node " + i + " has a left child but no right child");
        }
        tree.feature[i] = (int) split[i];
        tree.threshold[i] = (float) cond[i];
        tree.defaultLeft[i] = dleft[i] != 0;
        tree.kind[i] = stype != null && stype.length != 0 && stype[i] == 1 ? RawTree.CAT_SET_RIGHT : RawTree.NUM_LT_FLOAT;
      }
    }
    double[] catNodes = Json.optNumbers(t, "categories_nodes", src, path);
    if (catNodes != null && catNodes.length > 0) {
      double[] cats = Json.numbers(t, "categories", src, path);
      double[] seg = Json.numbers(t, "categories_segments", src, path);
      double[] sizes = Json.numbers(t, "categories_sizes", src, path);
      if (seg.length != catNodes.length || sizes.length != catNodes.length) {
        throw new ModelException(src + ": " + path + " categories_nodes/segments/sizes differ in length");
      }
      for (int k = 0; k < catNodes.length; k++) {
        int node = (int) catNodes[k];
        double from = seg[k];
        double len = sizes[k];
        if (node < 0 || node >= n || !(from >= 0 && len >= 0 && len <= cats.length - from)
            || from != Math.rint(from) || len != Math.rint(len)) {
          throw new ModelException(src + ": " + path + " categorical split " + k + " points outside the tree or categories");
        }
        int[] codes = new int[(int) len];
        for (int j = 0; j < codes.length; j++) {
          double c = cats[(int) from + j];
          if (c != Math.rint(c) || Math.abs(c) > Integer.MAX_VALUE) {
            throw new ModelException(src + ": " + path + " category " + c + " is not a valid code");
          }
          codes[j] = (int) c;
        }
        int[] bits = RawTree.categoryBits(codes, catWordsLeft, src + ": " + path);
        tree.catBits[node] = bits;
        tree.kind[node] = RawTree.CAT_SET_RIGHT;
      }
    }
    for (int i = 0; i < n; i++) {
      if (tree.kind[i] == RawTree.CAT_SET_RIGHT && tree.catBits[i] == null && !tree.isLeaf(i)) {
        tree.catBits[i] = new int[0];
      }
    }
    if (targets > 1) {
      leafVectors(tree, t, right, targets, src, path);
    }
    return tree;
  }

  /**
   * Points each leaf of a multi-target tree at its vector: a row of {@code leaf_weights} (XGBoost
   * 3.x; a leaf's right child is its row there) or else the leaf's own row of {@code base_weights}
   * (every node's vector). The parsed array is kept as it is, so the vectors cost nothing beyond the file.
   */
  private static void leafVectors(RawTree tree, Map<String, Object> t, double[] right, int targets, String src, String path) {
    double[] leafWeights = Json.optNumbers(t, "leaf_weights", src, path);
    boolean byLeaf = leafWeights != null && leafWeights.length > 0;
    double[] vectors = leafWeights != null && byLeaf ? leafWeights : Json.numbers(t, "base_weights", src, path);
    if (!byLeaf && vectors.length != (long) tree.size * targets) {
      throw new ModelException(src + ": " + path + ".base_weights has " + vectors.length + " entries for " + tree.size
          + " nodes of " + targets + " outputs");
    }
    // a tree of L leaves has 2L - 1 nodes: one scalar copy per output then costs about what the file holds
    if (tree.size > 2L * (vectors.length / targets) + 1) {
      throw new ModelException(src + ": " + path + " has " + tree.size + " nodes but leaf vectors for only "
          + vectors.length / targets + " leaves");
    }
    int[] rows = new int[tree.size];
    for (int i = 0; i < tree.size; i++) {
      if (!tree.isLeaf(i)) {
        continue;
      }
      double row = byLeaf ? right[i] : i;
      if (!(row >= 0) || row != Math.rint(row) || (row + 1) * targets > vectors.length) {
        throw new ModelException(src + ": " + path + " leaf " + i + " points at leaf weights row " + right[i]
            + " of " + vectors.length / targets);
      }
      rows[i] = (int) row;
    }
    tree.targets = targets;
    tree.leafVectors = vectors;
    tree.leafVectorRow = rows;
  }

  private static void check(double[] a, int n, String name, String src, String path) {
    if (a.length != n) {
      throw new ModelException(src + ": " + path + "." + name + " has " + a.length + " entries for " + n + " nodes");
    }
  }

  private static void linear(TreeModel m, Map<String, Object> model, String src) {
    double[] w = Json.numbers(model, "weights", src, "$.learner.gradient_booster.model");
    int g = m.numGroups;
    long expected = (long) (m.numFeatures + 1) * g;
    if (w.length != expected) {
      throw new ModelException(src + ": gblinear has " + w.length + " weights, expected (num_feature + 1) * groups = " + expected);
    }
    double[][] weights = new double[m.numFeatures][g];
    double[] bias = new double[g];
    for (int f = 0; f < m.numFeatures; f++) {
      for (int k = 0; k < g; k++) {
        weights[f][k] = (float) w[f * g + k];
      }
    }
    for (int k = 0; k < g; k++) {
      bias[k] = (float) w[m.numFeatures * g + k];
    }
    m.linearWeights = weights;
    m.linearBias = bias;
  }
}
