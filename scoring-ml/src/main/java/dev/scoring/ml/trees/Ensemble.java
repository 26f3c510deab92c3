package dev.scoring.ml.trees;

import dev.scoring.api.Feature;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.FeatureType;
import dev.scoring.api.Features;
import dev.scoring.api.ModelException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * A tree ensemble compiled to flat primitive arrays and bound to a schema.
 *
 * <p>Layout: the nodes of all trees sit in one array in depth-first pre-order, so a node's left
 * child is the next node and only the right child is stored. Per node, two ints
 * ({@code nodes[2n]} = meta: schema index of the feature and flags, negative for a leaf;
 * {@code nodes[2n+1]} = right child, or for a leaf its reported leaf index) and one double
 * ({@code value[n]}: the split boundary, or the leaf value). Every numerical split is normalised at
 * load to "left iff {@code x < value}" on the double the row holds: XGBoost's float32 comparison
 * and LightGBM's {@code x <= threshold} both become one exact double comparison. Missing values
 * (NaN) fail both {@code x < s} and {@code x >= s} and take the node's default direction.
 */
final class Ensemble {

  static final int FEATURE = (1 << 24) - 1;
  static final int DEFAULT_LEFT = 1 << 24;
  static final int CAT = 1 << 25;
  static final int XGB_CAT = 1 << 26;
  static final int ZERO_MISSING = 1 << 27;
  static final int STRING = 1 << 28;
  static final int LINEAR = 1 << 29;
  static final int SPECIAL = CAT | ZERO_MISSING;
  static final int LEAF = 1 << 31;

  static final int MAX_DEPTH = 2048;
  static final long MAX_NODES = 1L << 27;
  private static final double ZERO_THRESHOLD = 1e-35f;
  private static final float MAX_CAT = 2147483647f;

  final TreeModel model;
  final FeatureSchema schema;
  final int[] nodes;
  final double[] value;
  final double[] cover;
  final int[] roots;
  final int[] treeGroup;
  final int[] treeDepth;
  final int numGroups;
  final double[] base;
  final boolean floatSum;
  final double outputScale;
  /** Per node: start of its bitset in {@code catWords} ([length, words...]); empty without categorical splits. */
  final int[] catStart;
  final int[] catWords;
  /** By schema index: category tables for string features used in categorical splits. */
  final @Nullable CategoryTable[] tables;
  /** Linear leaves (LightGBM): per node start/count into linFeat/linCoeff, and the constant; empty without. */
  final boolean hasLinear;
  final int[] linStart;
  final int[] linCount;
  final int[] linFeat;
  final double[] linCoeff;
  final double[] linConst;
  /** gblinear: schema index per weight, weights[group][k], bias per group. */
  final int[] glIndex;
  final double[][] glWeight;
  final double[] glBias;
  final boolean gblinear;
  /** Bound features, in model order: schema indexes and names. */
  final int[] boundIndex;
  final double[] meanValue;
  final LongAdder unseen = new LongAdder();
  /** The branch-free layout for shallow numerical ensembles, or null. */
  final @Nullable CompleteForest complete;
  /** Exact TreeSHAP over this ensemble. */
  final TreeShap treeShap;
  /** Whether any feature is a category string (so rows are checked for unseen values). */
  boolean hasStringCategories;

  private Ensemble(TreeModel model, FeatureSchema schema, int totalNodes, int numTrees) {
    this.model = model;
    this.schema = schema;
    this.nodes = new int[2 * totalNodes];
    this.value = new double[totalNodes];
    this.cover = new double[totalNodes];
    this.meanValue = new double[totalNodes];
    this.roots = new int[numTrees];
    this.treeGroup = new int[numTrees];
    this.treeDepth = new int[numTrees];
    this.numGroups = model.numGroups;
    this.base = model.baseMargin.clone();
    this.floatSum = model.floatSum;
    this.outputScale = model.averageOutput && model.iterations > 0 ? 1.0 / model.iterations : 1.0;
    boolean anyCat = false;
    boolean anyLinear = false;
    for (RawTree t : model.trees) {
      for (int i = 0; i < t.size; i++) {
        anyCat |= t.kind[i] >= RawTree.CAT_SET_RIGHT && !t.isLeaf(i);
      }
      anyLinear |= t.leafConst != null;
    }
    this.catStart = anyCat ? new int[totalNodes] : new int[0];
    this.hasLinear = anyLinear;
    this.linStart = anyLinear ? new int[totalNodes] : new int[0];
    this.linCount = anyLinear ? new int[totalNodes] : new int[0];
    this.linConst = anyLinear ? new double[totalNodes] : new double[0];
    this.tables = new CategoryTable[schema.size()];
    this.gblinear = model.linearWeights != null;
    // filled by compile
    this.catWords = new int[0];
    this.linFeat = new int[0];
    this.linCoeff = new double[0];
    this.glIndex = new int[0];
    this.glWeight = new double[0][];
    this.glBias = new double[0];
    this.boundIndex = new int[0];
    this.complete = null;
    this.treeShap = new TreeShap(this);
  }

  // Fields filled after construction; kept final-like by building into these then copying.
  private Ensemble(Ensemble shell, int[] catWords, int[] linFeat, double[] linCoeff, int[] glIndex,
      double[][] glWeight, double[] glBias, int[] boundIndex) {
    this.model = shell.model;
    this.schema = shell.schema;
    this.nodes = shell.nodes;
    this.value = shell.value;
    this.cover = shell.cover;
    this.meanValue = shell.meanValue;
    this.roots = shell.roots;
    this.treeGroup = shell.treeGroup;
    this.treeDepth = shell.treeDepth;
    this.numGroups = shell.numGroups;
    this.base = shell.base;
    this.floatSum = shell.floatSum;
    this.outputScale = shell.outputScale;
    this.catStart = shell.catStart;
    this.tables = shell.tables;
    this.linStart = shell.linStart;
    this.hasLinear = shell.hasLinear;
    this.linCount = shell.linCount;
    this.linConst = shell.linConst;
    this.gblinear = shell.gblinear;
    this.catWords = catWords;
    this.linFeat = linFeat;
    this.linCoeff = linCoeff;
    this.glIndex = glIndex;
    this.glWeight = glWeight;
    this.glBias = glBias;
    this.boundIndex = boundIndex;
    this.hasStringCategories = shell.hasStringCategories;
    this.complete = CompleteForest.of(this);
    this.treeShap = new TreeShap(this);
  }

  // ------------------------------------------------------------------ compile and bind

  /**
   * Validates the model's trees (children in range, no node reached twice, bounded depth and size),
   * lays them out and binds model features to schema features by name.
   *
   * @param names the model feature names to bind by (the model's own, or the {@code features} option)
   */
  static Ensemble compile(TreeModel model, FeatureSchema schema, String[] names) {
    String src = model.source;
    long total = 0;
    for (RawTree t : model.trees) {
      total += t.size;
    }
    if (total > MAX_NODES) {
      throw new ModelException(src + ": " + total + " nodes, more than the limit of " + MAX_NODES);
    }
    for (double b : model.baseMargin) {
      if (!Double.isFinite(b)) {
        throw new ModelException(src + ": the base margin " + b + " is not finite");
      }
    }
    double[][] weights = model.linearWeights;
    double[] bias = model.linearBias;
    if ((weights != null && !Arrays.stream(weights).allMatch(Ensemble::allFinite)) || (bias != null && !allFinite(bias))) {
      throw new ModelException(src + ": the linear booster has a non-finite weight or bias");
    }
    // model feature -> schema index, bound lazily for features the model uses
    int[] bound = new int[model.numFeatures];
    Arrays.fill(bound, -1);
    boolean[] usedCat = new boolean[model.numFeatures];
    boolean[] usedNum = new boolean[model.numFeatures];
    for (RawTree t : model.trees) {
      for (int i = 0; i < t.size; i++) {
        if (!t.isLeaf(i)) {
          int f = t.feature[i];
          if (f < 0 || f >= model.numFeatures) {
            throw new ModelException(src + ": tree " + model.trees.indexOf(t) + " node " + i + " splits on feature " + f
                + " but the model has " + model.numFeatures + " features");
          }
          if (t.kind[i] >= RawTree.CAT_SET_RIGHT) {
            usedCat[f] = true;
          } else {
            usedNum[f] = true;
          }
        } else if (t.leafFeatures != null && t.leafFeatures[i] != null) {
          for (int f : t.leafFeatures[i]) {
            if (f < 0 || f >= model.numFeatures) {
              throw new ModelException(src + ": linear leaf uses feature " + f + " of " + model.numFeatures);
            }
            usedNum[f] = true;
          }
        }
      }
    }
    double[][] linearWeights = model.linearWeights;
    if (linearWeights != null) {
      for (int f = 0; f < model.numFeatures; f++) {
        for (double w : linearWeights[f]) {
          usedNum[f] |= w != 0.0;
        }
      }
    }
    if (names.length != model.numFeatures) {
      throw new ModelException(src + ": " + names.length + " feature names for " + model.numFeatures + " model features");
    }
    List<Integer> boundList = new ArrayList<>();
    for (int f = 0; f < model.numFeatures; f++) {
      if (!usedCat[f] && !usedNum[f]) {
        continue;
      }
      String name = names[f];
      Feature sf = schema.find(name).orElseThrow(() -> new ModelException(
          src + ": the model uses feature '" + name + "' but the schema has no such feature; schema: " + schema.names()
              + " (set the 'features' option to bind model features to other schema names)"));
      FeatureType ty = sf.type();
      if (usedNum[f] && !(ty == FeatureType.NUMBER || ty == FeatureType.BOOLEAN || ty == FeatureType.TIMESTAMP)) {
        throw new ModelException(src + ": the model splits numerically on '" + names[f] + "' but it is " + ty + " in the schema");
      }
      if (usedCat[f] && !(ty == FeatureType.CATEGORY || ty == FeatureType.NUMBER || ty == FeatureType.BOOLEAN)) {
        throw new ModelException(src + ": the model splits categorically on '" + names[f] + "' but it is " + ty
            + " in the schema (use CATEGORY, or NUMBER holding the category code)");
      }
      if (usedNum[f] && usedCat[f] && ty == FeatureType.CATEGORY) {
        throw new ModelException(src + ": feature '" + names[f] + "' has both numerical and categorical splits");
      }
      bound[f] = sf.index();
      boundList.add(sf.index());
      if (sf.index() > FEATURE) {
        throw new ModelException(src + ": schema index " + sf.index() + " is too large");
      }
    }

    Ensemble e = new Ensemble(model, schema, (int) total, model.trees.size());
    for (int f = 0; f < model.numFeatures; f++) {
      if (usedCat[f] && bound[f] >= 0 && schema.feature(bound[f]).type() == FeatureType.CATEGORY) {
        String[] cats = model.categories == null ? null : model.categories[f];
        e.tables[bound[f]] = cats == null ? CategoryTable.integers() : CategoryTable.of(cats);
      }
    }
    IntList catWords = new IntList();
    IntList linFeat = new IntList();
    DoubleList linCoeff = new DoubleList();
    int next = 0;
    for (int ti = 0; ti < model.trees.size(); ti++) {
      RawTree t = model.trees.get(ti);
      if (t.group < 0 || t.group >= model.numGroups) {
        throw new ModelException(src + ": tree " + ti + " belongs to output group " + t.group + " of " + model.numGroups);
      }
      e.roots[ti] = next;
      e.treeGroup[ti] = t.group;
      next = e.layout(t, ti, next, bound, catWords, linFeat, linCoeff);
    }
    int[] glIndex = new int[0];
    double[][] glWeight = new double[0][];
    double[] glBias = new double[0];
    if (linearWeights != null) {
      int k = boundList.size();
      glIndex = new int[k];
      glWeight = new double[model.numGroups][k];
      glBias = model.linearBias == null ? new double[model.numGroups] : model.linearBias.clone();
      int j = 0;
      for (int f = 0; f < model.numFeatures; f++) {
        if (bound[f] >= 0) {
          glIndex[j] = bound[f];
          for (int g = 0; g < model.numGroups; g++) {
            glWeight[g][j] = linearWeights[f][g];
          }
          j++;
        }
      }
    }
    for (CategoryTable t : e.tables) {
      e.hasStringCategories |= t != null;
    }
    int[] boundIndex = boundList.stream().mapToInt(Integer::intValue).toArray();
    Ensemble done = new Ensemble(e, catWords.toArray(), linFeat.toArray(), linCoeff.toArray(), glIndex, glWeight, glBias, boundIndex);
    for (int ti = 0; ti < done.roots.length; ti++) {
      done.fillMeans(done.roots[ti]);
    }
    return done;
  }

  private static boolean allFinite(double[] values) {
    for (double v : values) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  /** Lays out one tree in pre-order from its root (node 0); returns the next free slot. */
  private int layout(RawTree t, int ti, int start, int[] bound, IntList catWords, IntList linFeat, DoubleList linCoeff) {
    String src = model.source;
    if (t.size == 0) {
      throw new ModelException(src + ": tree " + ti + " has no nodes");
    }
    boolean[] seen = new boolean[t.size];
    // explicit stack of (raw node, depth, parent slot needing its right child, or -1)
    // (three ints per entry, so laying out a tree allocates nothing per node)
    int[] stack = new int[3 * 64];
    stack[0] = 0;
    stack[1] = 0;
    stack[2] = -1;
    int top = 3;
    int slot = start;
    int maxDepth = 0;
    while (top > 0) {
      top -= 3;
      int n = stack[top];
      int depth = stack[top + 1];
      int parent = stack[top + 2];
      if (n < 0 || n >= t.size) {
        throw new ModelException(src + ": tree " + ti + " refers to node " + n + ", outside its " + t.size + " nodes");
      }
      if (seen[n]) {
        throw new ModelException(src + ": tree " + ti + " reaches node " + n + " twice (a cycle or a shared node)");
      }
      seen[n] = true;
      if (depth > MAX_DEPTH) {
        throw new ModelException(src + ": tree " + ti + " is deeper than " + MAX_DEPTH);
      }
      maxDepth = Math.max(maxDepth, depth);
      if (parent >= 0) {
        nodes[2 * parent + 1] = slot;
      }
      if (!(t.cover[n] >= 0.0 && t.cover[n] < Double.POSITIVE_INFINITY)) {
        throw new ModelException(src + ": tree " + ti + " node " + n + " has the cover (hessian sum or count) " + t.cover[n]
            + "; it must be finite and not negative");
      }
      int s = slot++;
      cover[s] = t.cover[n];
      if (t.isLeaf(n)) {
        int meta = LEAF;
        value[s] = t.weight == 1.0 ? t.value[n] : (model.floatSum ? (float) ((float) t.weight * (float) t.value[n]) : t.weight * t.value[n]);
        if (!Double.isFinite(value[s])) {
          throw new ModelException(src + ": tree " + ti + " leaf " + n + " has the value " + t.value[n]
              + (t.weight == 1.0 ? "" : " (weight " + t.weight + ")") + "; leaf values must be finite");
        }
        double[] leafConst = t.leafConst;
        if (leafConst != null && hasLinear) {
          int[] lf = t.leafFeatures == null ? null : t.leafFeatures[n];
          double[] lc = t.leafCoeff == null ? null : t.leafCoeff[n];
          if (!Double.isFinite(leafConst[n]) || (lc != null && !allFinite(lc))) {
            throw new ModelException(src + ": tree " + ti + " leaf " + n + " has a linear model with a non-finite coefficient");
          }
          linConst[s] = leafConst[n];
          linStart[s] = linFeat.size;
          linCount[s] = lf == null || lc == null ? 0 : lf.length;
          for (int i = 0; lf != null && lc != null && i < lf.length; i++) {
            linFeat.add(bound[lf[i]]);
            linCoeff.add(lc[i]);
          }
          meta |= LINEAR;
        }
        nodes[2 * s] = meta;
        nodes[2 * s + 1] = t.leafId[n];
        continue;
      }
      int f = bound[t.feature[n]];
      int meta = f;
      byte kind = t.kind[n];
      switch (kind) {
        case RawTree.NUM_LT_FLOAT -> {
          value[s] = floatLtBoundary((float) t.threshold[n]);
          if (t.defaultLeft[n]) {
            meta |= DEFAULT_LEFT;
          }
        }
        case RawTree.NUM_LE -> {
          double s1 = Math.nextUp(t.threshold[n]);
          value[s] = s1;
          switch (t.missing[n]) {
            case RawTree.MISSING_NONE -> {
              if (0.0 < s1) {
                meta |= DEFAULT_LEFT;
              }
            }
            case RawTree.MISSING_ZERO -> {
              meta |= ZERO_MISSING;
              if (t.defaultLeft[n]) {
                meta |= DEFAULT_LEFT;
              }
            }
            default -> {
              if (t.defaultLeft[n]) {
                meta |= DEFAULT_LEFT;
              }
            }
          }
        }
        default -> {
          meta |= CAT;
          if (kind == RawTree.CAT_SET_RIGHT) {
            meta |= XGB_CAT;
            if (t.defaultLeft[n]) {
              meta |= DEFAULT_LEFT;
            }
          }
          if (schema.feature(f).type() == FeatureType.CATEGORY) {
            meta |= STRING;
          }
          int[] bits = t.catBits[n];
          catStart[s] = catWords.size;
          catWords.add(bits == null ? 0 : bits.length);
          for (int i = 0; bits != null && i < bits.length; i++) {
            catWords.add(bits[i]);
          }
        }
      }
      nodes[2 * s] = meta;
      // right first on the stack so that the left child is laid out next
      if (top + 6 > stack.length) {
        stack = Arrays.copyOf(stack, 2 * stack.length);
      }
      stack[top] = t.right[n];
      stack[top + 1] = depth + 1;
      stack[top + 2] = s;
      stack[top + 3] = t.left[n];
      stack[top + 4] = depth + 1;
      stack[top + 5] = -1;
      top += 6;
    }
    treeDepth[ti] = maxDepth;
    return slot;
  }

  /**
   * The smallest double {@code s} such that {@code (float) x < t} iff {@code x < s}: float rounding
   * is monotone, so the set of doubles that round below {@code t} is everything below the midpoint
   * between {@code t} and the float before it (or just above it, when the midpoint rounds down).
   */
  static double floatLtBoundary(float t) {
    if (Float.isNaN(t)) {
      throw new ModelException("a split threshold is NaN");
    }
    if (t == Float.NEGATIVE_INFINITY) {
      return Double.NEGATIVE_INFINITY;
    }
    double half = Math.ulp(Float.MAX_VALUE) / 2.0;
    double m;
    if (t == Float.POSITIVE_INFINITY) {
      m = (double) Float.MAX_VALUE + half;
    } else {
      float p = Math.nextDown(t);
      m = p == Float.NEGATIVE_INFINITY ? -((double) Float.MAX_VALUE + half) : ((double) p + (double) t) * 0.5;
    }
    return (float) m < t ? Math.nextUp(m) : m;
  }

  private double fillMeans(int n) {
    int meta = nodes[2 * n];
    if (meta < 0) {
      return meanValue[n] = value[n];
    }
    // iterative would be safer, but depth is bounded by MAX_DEPTH
    int l = n + 1;
    int r = nodes[2 * n + 1];
    double ml = fillMeans(l);
    double mr = fillMeans(r);
    double c = cover[n];
    double v = c == 0.0 ? 0.0 : (ml * cover[l] + mr * cover[r]) / c;
    return meanValue[n] = v;
  }

  // ------------------------------------------------------------------ traversal

  /** The leaf node (global index) that {@code row} reaches in the tree rooted at {@code n}. */
  int leaf(int n, Features row) {
    final int[] nodes = this.nodes;
    final double[] value = this.value;
    int meta;
    while ((meta = nodes[n << 1]) >= 0) {
      if ((meta & SPECIAL) == 0) {
        double x = row.number(meta & FEATURE);
        double s = value[n];
        n = x < s || (!(x >= s) && (meta & DEFAULT_LEFT) != 0) ? n + 1 : nodes[(n << 1) + 1];
      } else {
        n = goesLeft(n, meta, row) ? n + 1 : nodes[(n << 1) + 1];
      }
    }
    return n;
  }

  /** Whether {@code row} goes left at node {@code n}, for every kind of split. */
  boolean goesLeft(int n, int meta, Features row) {
    int f = meta & FEATURE;
    if ((meta & CAT) == 0) {
      double x = row.number(f);
      if ((meta & ZERO_MISSING) != 0 && (x != x || (x >= -ZERO_THRESHOLD && x <= ZERO_THRESHOLD))) {
        return (meta & DEFAULT_LEFT) != 0;
      }
      double s = value[n];
      return x < s || (!(x >= s) && (meta & DEFAULT_LEFT) != 0);
    }
    double c;
    if ((meta & STRING) != 0) {
      String v = row.string(f);
      if (v == null) {
        c = Double.NaN;
      } else {
        CategoryTable table = tables[f];
        c = table == null ? Double.NaN : table.code(v);
      }
    } else {
      c = row.number(f);
    }
    if (c != c) {
      return (meta & DEFAULT_LEFT) != 0;
    }
    int start = catStart[n];
    int words = catWords[start];
    if ((meta & XGB_CAT) != 0) {
      float cf = (float) c;
      if (cf < 0 || cf >= MAX_CAT) {
        return true;
      }
      int k = (int) cf;
      return !((k >>> 5) < words && (catWords[start + 1 + (k >>> 5)] & (1 << (k & 31))) != 0);
    }
    int k = (int) c;
    if (k < 0) {
      return false;
    }
    return (k >>> 5) < words && (catWords[start + 1 + (k >>> 5)] & (1 << (k & 31))) != 0;
  }

  /** Counts the row's category values that the model does not know (scored as missing). */
  void countUnseen(Features row) {
    for (int f = 0; f < tables.length; f++) {
      CategoryTable t = tables[f];
      if (t != null) {
        String v = row.string(f);
        if (v != null && Double.isNaN(t.code(v))) {
          unseen.increment();
        }
      }
    }
  }

  /** The output of leaf node {@code n} for {@code row} (linear leaves evaluate their model). */
  double leafValue(int n, Features row) {
    if ((nodes[n << 1] & LINEAR) == 0) {
      return value[n];
    }
    double out = linConst[n];
    for (int i = linStart[n], end = i + linCount[n]; i < end; i++) {
      double x = row.number(linFeat[i]);
      if (x != x) {
        return value[n];
      }
      out += linCoeff[i] * x;
    }
    return out;
  }

  /** The margin of group 0 (single-output models), before the link. */
  double margin(Features row) {
    if (gblinear) {
      return linearMargin(row, 0);
    }
    final int[] roots = this.roots;
    boolean linear = hasLinear;
    CompleteForest c = complete;
    if (c != null && numGroups == 1) {
      return floatSum ? c.sum(row, base[0]) : base[0] + c.sum(row, 0.0) * outputScale;
    }
    if (floatSum) {
      float sum = (float) base[0];
      for (int t = 0; t < roots.length; t++) {
        sum += (float) value[leaf(roots[t], row)];
      }
      return sum;
    }
    double sum = 0.0;
    for (int t = 0; t < roots.length; t++) {
      int l = leaf(roots[t], row);
      sum += linear ? leafValue(l, row) : value[l];
    }
    return base[0] + sum * outputScale;
  }

  /** The margins of every group, into {@code out}. */
  void margins(Features row, double[] out) {
    if (gblinear) {
      for (int g = 0; g < numGroups; g++) {
        out[g] = linearMargin(row, g);
      }
      return;
    }
    if (numGroups == 1) {
      out[0] = margin(row);
      return;
    }
    CompleteForest c = complete;
    if (c != null) {
      for (int g = 0; g < numGroups; g++) {
        out[g] = floatSum ? (float) base[g] : 0.0;
      }
      c.sums(row, out);
      if (!floatSum) {
        for (int g = 0; g < numGroups; g++) {
          out[g] = base[g] + out[g] * outputScale;
        }
      }
      return;
    }
    if (floatSum) {
      for (int g = 0; g < numGroups; g++) {
        out[g] = (float) base[g];
      }
      for (int t = 0; t < roots.length; t++) {
        int g = treeGroup[t];
        out[g] = (float) out[g] + (float) value[leaf(roots[t], row)];
      }
      return;
    }
    Arrays.fill(out, 0, numGroups, 0.0);
    for (int t = 0; t < roots.length; t++) {
      out[treeGroup[t]] += leafValue(leaf(roots[t], row), row);
    }
    for (int g = 0; g < numGroups; g++) {
      out[g] = base[g] + out[g] * outputScale;
    }
  }

  private double linearMargin(Features row, int g) {
    double[] w = glWeight[g];
    // XGBoost 1.0 and later start from bias + base margin; before, the base margin came last
    boolean baseLast = model.versionMajor < 1;
    float sum = baseLast ? (float) glBias[g] : (float) ((float) glBias[g] + (float) base[g]);
    for (int k = 0; k < glIndex.length; k++) {
      double x = row.number(glIndex[k]);
      if (x == x) {
        sum += (float) x * (float) w[k];
      }
    }
    return baseLast ? (float) (sum + (float) base[g]) : sum;
  }

  /**
   * Margins of many rows (single-output models), blocked: for a block of rows, each tree is walked
   * for every row of the block before the next tree, so the tree's nodes stay in cache. Each row's
   * sum adds trees in model order, so results equal {@link #margin(Features)} exactly.
   */
  void margins(List<? extends Features> rows, double[] out) {
    int n = rows.size();
    if (gblinear || hasLinear || numGroups != 1) {
      for (int i = 0; i < n; i++) {
        out[i] = margin(rows.get(i));
      }
      return;
    }
    // the sums accumulate in out itself, so nothing is allocated per call (the complete layout
    // keeps its block scratch per thread)
    final int block = CompleteForest.BLOCK;
    CompleteForest c = complete;
    for (int from = 0; from < n; from += block) {
      int m = Math.min(block, n - from);
      for (int i = 0; i < m; i++) {
        out[from + i] = floatSum ? (float) base[0] : 0.0;
      }
      if (c != null) {
        c.sums(rows, from, m, out);
      }
      for (int t = 0; c == null && t < roots.length; t++) {
        int root = roots[t];
        for (int i = from; i < from + m; i++) {
          double v = value[leaf(root, rows.get(i))];
          out[i] = floatSum ? (float) ((float) out[i] + (float) v) : out[i] + v;
        }
      }
      if (!floatSum) {
        for (int i = from; i < from + m; i++) {
          out[i] = base[0] + out[i] * outputScale;
        }
      }
    }
  }

  /** The reported leaf index per tree. */
  int[] leaves(Features row) {
    // a multi-target file tree became several scalar trees with the same splits: report it once
    int step = model.treesPerFileTree;
    int[] out = new int[roots.length / step];
    for (int t = 0; t < out.length; t++) {
      out[t] = nodes[(leaf(roots[t * step], row) << 1) + 1];
    }
    return out;
  }

  // ------------------------------------------------------------------ small growable arrays

  static final class IntList {
    int[] a = new int[16];
    int size;

    void add(int v) {
      if (size == a.length) {
        a = Arrays.copyOf(a, size * 2);
      }
      a[size++] = v;
    }

    int[] toArray() {
      return Arrays.copyOf(a, size);
    }
  }

  static final class DoubleList {
    double[] a = new double[16];
    int size;

    void add(double v) {
      if (size == a.length) {
        a = Arrays.copyOf(a, size * 2);
      }
      a[size++] = v;
    }

    double[] toArray() {
      return Arrays.copyOf(a, size);
    }
  }
}
