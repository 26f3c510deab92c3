package dev.scoring.ml.trees;

import dev.scoring.api.ModelException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads XGBoost's legacy binary model format ({@code save_model("m.model")} before 1.0, and the
 * binary format 1.x still wrote): little-endian C structs. Every count is checked against the bytes
 * that remain before anything is allocated; an error names the file and byte offset.
 *
 * <p>Base score: models written before 1.0 store it already as a margin (the learner transformed
 * it before saving); from 1.0 ({@code major_version >= 1}) it is stored in output space and goes
 * through the objective's ProbToMargin, as in the JSON format.
 */
final class XGBoostLegacy {

  private static final int LEARNER_PARAM_BYTES = 136;
  private static final int GBTREE_PARAM_BYTES = 160;
  private static final int TREE_PARAM_BYTES = 148;
  private static final int NODE_BYTES = 20;
  private static final int STAT_BYTES = 16;
  private static final int GBLINEAR_PARAM_BYTES = 136;

  private final ByteBuffer b;
  private final String src;

  private XGBoostLegacy(byte[] bytes, String src) {
    this.b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    this.src = src;
  }

  static TreeModel read(byte[] bytes, String src) {
    XGBoostLegacy r = new XGBoostLegacy(bytes, src);
    try {
      return r.model();
    } catch (BufferUnderflowException e) {
      throw new ModelException(src + ": legacy binary model is truncated at byte " + r.b.position(), e);
    }
  }

  private TreeModel model() {
    if (b.remaining() >= 4 && b.get(0) == 'b' && b.get(1) == 'i' && b.get(2) == 'n' && b.get(3) == 'f') {
      b.position(4);
    }
    int start = b.position();
    need(LEARNER_PARAM_BYTES, "learner parameters");
    float baseScore = b.getFloat();
    int numFeature = b.getInt();
    int numClass = b.getInt();
    b.getInt(); // contain_extra_attrs (or saved_with_pbuffer before 0.6)
    b.getInt(); // contain_eval_metrics
    int major = b.getInt();
    int minor = b.getInt();
    b.position(start + LEARNER_PARAM_BYTES);
    if (numFeature < 0 || numFeature > XGBoostModels.MAX_FEATURES || numClass < 0 || numClass > XGBoostModels.MAX_CLASSES) {
      throw error(start, "num_feature " + numFeature + " / num_class " + numClass + " out of range (not an XGBoost model?)");
    }
    // versions before 1.0 leave these fields zero; a plausible pair marks a 1.x file
    boolean v1 = major >= 1 && major < 100 && minor >= 0 && minor < 100;
    String objective = string("objective name");
    String booster = string("booster name");
    TreeModel m = new TreeModel("xgboost", src);
    m.version = v1 ? "xgboost-" + major + "." + minor + "-binary" : "xgboost-legacy-binary";
    m.versionMajor = v1 ? major : 0;
    m.versionMinor = v1 ? minor : 0;
    m.floatSum = true;
    m.container = "XGBoost legacy binary";
    m.booster = booster;
    m.numFeatures = numFeature;
    m.numGroups = Math.max(1, numClass);
    m.objective = objective;
    m.featureNames = new String[numFeature];
    for (int i = 0; i < numFeature; i++) {
      m.featureNames[i] = "f" + i;
    }
    double[] base = new double[m.numGroups];
    // before 1.0 the stored value is the margin itself: pick the link with a neutral placeholder
    Arrays.fill(base, v1 ? baseScore : 0.5f);
    XGBoostModels.applyObjective(m, base, java.util.Map.of(), src);
    if (!v1) {
      // stored as a margin already
      Arrays.fill(m.baseMargin, baseScore);
    }
    switch (booster) {
      case "gbtree" -> trees(m, false);
      case "dart" -> trees(m, true);
      case "gblinear" -> linear(m);
      default -> throw error(b.position(), "booster '" + booster + "' is not supported (gbtree, dart, gblinear are)");
    }
    return m;
  }

  private void trees(TreeModel m, boolean dart) {
    int at = b.position();
    need(GBTREE_PARAM_BYTES, "gbtree parameters");
    int numTrees = b.getInt();
    b.getInt(); // num_roots
    int numFeature = b.getInt();
    b.getInt(); // pad
    long numPbuffer = b.getLong();
    int groups = b.getInt();
    int leafVector = b.getInt();
    b.position(at + GBTREE_PARAM_BYTES);
    if (numTrees < 0 || numTrees > XGBoostModels.MAX_TREES || (long) numTrees * (TREE_PARAM_BYTES + NODE_BYTES) > b.remaining()) {
      throw error(at, numTrees + " trees cannot fit in the " + b.remaining() + " bytes left");
    }
    if (leafVector != 0) {
      throw error(at, "vector leaves are not supported");
    }
    if (numFeature < 0 || numFeature > XGBoostModels.MAX_FEATURES) {
      throw error(at, "num_feature " + numFeature + " is outside [0, " + XGBoostModels.MAX_FEATURES + "]");
    }
    if (numFeature > m.numFeatures) {
      m.numFeatures = numFeature;
      m.featureNames = new String[numFeature];
      for (int i = 0; i < numFeature; i++) {
        m.featureNames[i] = "f" + i;
      }
    }
    if (groups > 1 && groups != m.numGroups) {
      throw error(at, "num_output_group " + groups + " but num_class " + m.numGroups);
    }
    for (int t = 0; t < numTrees; t++) {
      m.trees.add(tree(t));
    }
    if (numTrees > 0) {
      need(4L * numTrees, "tree_info");
      for (int t = 0; t < numTrees; t++) {
        m.trees.get(t).group = b.getInt();
      }
    }
    if (numPbuffer != 0 && b.remaining() > 0) {
      // prediction buffer of models saved with it: not needed
      long skip = 2L * 4 * Math.max(1, groups) * numPbuffer;
      if (skip <= b.remaining() && !dart) {
        b.position((int) (b.position() + skip));
      }
    }
    if (dart && numTrees > 0) {
      long n = b.getLong();
      if (n != numTrees) {
        throw error(b.position() - 8, "weight_drop has " + n + " entries for " + numTrees + " trees");
      }
      need(4L * n, "weight_drop");
      for (int t = 0; t < numTrees; t++) {
        m.trees.get(t).weight = b.getFloat();
      }
    }
  }

  private RawTree tree(int index) {
    int at = b.position();
    need(TREE_PARAM_BYTES, "tree " + index + " parameters");
    b.getInt(); // num_roots
    int nodes = b.getInt();
    b.getInt(); // num_deleted
    b.getInt(); // max_depth
    b.getInt(); // num_feature
    int leafVector = b.getInt();
    b.position(at + TREE_PARAM_BYTES);
    if (nodes <= 0 || (long) nodes * (NODE_BYTES + STAT_BYTES) > b.remaining()) {
      throw error(at, "tree " + index + " declares " + nodes + " nodes, which do not fit in the " + b.remaining() + " bytes left");
    }
    RawTree t = new RawTree(nodes);
    for (int n = 0; n < nodes; n++) {
      b.getInt(); // parent
      int left = b.getInt();
      int right = b.getInt();
      int sindex = b.getInt();
      float v = b.getFloat();
      t.leafId[n] = n;
      if (left == -1) {
        t.left[n] = -1;
        t.right[n] = -1;
        t.value[n] = v;
      } else {
        t.left[n] = left;
        t.right[n] = right;
        t.feature[n] = sindex & 0x7fffffff;
        t.defaultLeft[n] = sindex < 0;
        t.threshold[n] = v;
        t.kind[n] = RawTree.NUM_LT_FLOAT;
      }
    }
    for (int n = 0; n < nodes; n++) {
      b.getFloat(); // loss_chg
      t.cover[n] = b.getFloat();
      b.getFloat(); // base_weight
      b.getInt(); // leaf_child_cnt
    }
    if (leafVector != 0) {
      throw error(at, "tree " + index + " has vector leaves, not supported");
    }
    return t;
  }

  private void linear(TreeModel m) {
    int at = b.position();
    need(GBLINEAR_PARAM_BYTES, "gblinear parameters");
    int numFeature = b.getInt();
    int groups = Math.max(1, b.getInt());
    b.position(at + GBLINEAR_PARAM_BYTES);
    long n = b.getLong();
    if (numFeature < 0 || n != (long) (numFeature + 1) * groups) {
      throw error(at, "gblinear has " + n + " weights for " + numFeature + " features and " + groups + " groups");
    }
    need(4 * n, "gblinear weights");
    m.numFeatures = numFeature;
    m.numGroups = groups;
    m.featureNames = new String[numFeature];
    double[][] w = new double[numFeature][groups];
    for (int f = 0; f < numFeature; f++) {
      m.featureNames[f] = "f" + f;
      for (int g = 0; g < groups; g++) {
        w[f][g] = b.getFloat();
      }
    }
    double[] bias = new double[groups];
    for (int g = 0; g < groups; g++) {
      bias[g] = b.getFloat();
    }
    m.linearWeights = w;
    m.linearBias = bias;
    if (m.baseMargin.length != groups) {
      double v = m.baseMargin[0];
      m.baseMargin = new double[groups];
      Arrays.fill(m.baseMargin, v);
    }
  }

  private String string(String what) {
    int at = b.position();
    need(8, what);
    long n = b.getLong();
    if (n < 0 || n > 256 || n > b.remaining()) {
      throw error(at, what + " has length " + n + " (not an XGBoost model?)");
    }
    byte[] s = new byte[(int) n];
    b.get(s);
    return new String(s, StandardCharsets.UTF_8);
  }

  private void need(long n, String what) {
    if (n > b.remaining()) {
      throw error(b.position(), what + " needs " + n + " bytes but only " + b.remaining() + " are left (truncated?)");
    }
  }

  private ModelException error(int offset, String what) {
    return new ModelException(src + " at byte " + offset + ": " + what);
  }
}
