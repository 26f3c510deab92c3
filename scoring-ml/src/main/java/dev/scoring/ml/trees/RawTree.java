package dev.scoring.ml.trees;

import dev.scoring.api.ModelException;
import org.jspecify.annotations.Nullable;

/**
 * One tree as read from a model file, before validation and layout: parallel arrays indexed by the
 * file's node ids. A node is a leaf when its left child is -1.
 */
final class RawTree {

  /** Numerical split: left when {@code (float) x < threshold} (XGBoost). */
  static final byte NUM_LT_FLOAT = 0;
  /** Numerical split: left when {@code x <= threshold} (LightGBM). */
  static final byte NUM_LE = 1;
  /** Categorical split: categories in the set go right, others (and invalid codes) left (XGBoost). */
  static final byte CAT_SET_RIGHT = 2;
  /** Categorical split: categories in the set go left, others (and NaN, negative codes) right (LightGBM). */
  static final byte CAT_SET_LEFT = 3;

  /** The largest category code a categorical split may name (its bitset then takes 2^19 words). */
  static final int MAX_CATEGORY = (1 << 24) - 1;

  /** LightGBM missing types. */
  static final byte MISSING_NONE = 0;
  static final byte MISSING_ZERO = 1;
  static final byte MISSING_NAN = 2;

  final int size;
  final int[] left;
  final int[] right;
  final int[] feature;
  final double[] threshold;
  final double[] value;
  final double[] cover;
  final boolean[] defaultLeft;
  final byte[] kind;
  final byte[] missing;
  /** Per categorical node: the category bitset (bit c of word c/32). */
  final int[] @Nullable [] catBits;
  /** The leaf number each leaf reports in predicted leaf indices. */
  final int[] leafId;
  /** The output group (class) this tree adds to. */
  int group;
  /** A factor on every leaf value (DART weight drop); 1 otherwise. */
  double weight = 1.0;
  /**
   * XGBoost multi-target trees: the leaf vectors ({@code targets} values each) and, per leaf node,
   * its vector's row; null for scalar leaves.
   */
  double @Nullable [] leafVectors;
  int @Nullable [] leafVectorRow;
  int targets = 1;
  /** LightGBM linear leaves: constant, features and coefficients per node, or null. */
  double @Nullable [] leafConst;
  int @Nullable [] @Nullable [] leafFeatures;
  double @Nullable [] @Nullable [] leafCoeff;

  RawTree(int size) {
    this.size = size;
    left = new int[size];
    right = new int[size];
    feature = new int[size];
    threshold = new double[size];
    value = new double[size];
    cover = new double[size];
    defaultLeft = new boolean[size];
    kind = new byte[size];
    missing = new byte[size];
    catBits = new int[size][];
    leafId = new int[size];
  }

  /**
   * The bitset of {@code codes} (bit c of word c/32), charged to {@code wordsLeft[0]}: what the
   * model's categorical splits may still allocate, so a small file cannot demand gigabytes.
   *
   * @throws ModelException naming {@code where} if a code is outside [0, {@value #MAX_CATEGORY}] or
   *     the budget runs out
   */
  static int[] categoryBits(int[] codes, long[] wordsLeft, String where) {
    int max = -1;
    for (int c : codes) {
      if (c < 0 || c > MAX_CATEGORY) {
        throw new ModelException(where + ": category " + c + " is not a valid code (0 to " + MAX_CATEGORY + ")");
      }
      max = Math.max(max, c);
    }
    int words = max < 0 ? 0 : (max >>> 5) + 1;
    wordsLeft[0] -= words;
    if (wordsLeft[0] < 0) {
      throw new ModelException(where + ": categorical splits need bitsets of more than " + XGBoostModels.MAX_CATEGORY_WORDS
          + " words in all (codes up to " + max + ")");
    }
    int[] bits = new int[words];
    for (int c : codes) {
      bits[c >>> 5] |= 1 << (c & 31);
    }
    return bits;
  }

  boolean isLeaf(int n) {
    return left[n] < 0;
  }

  /** The scalar tree for target {@code k} of this tree's leaf vectors: the same splits, leaf values from the vectors. */
  RawTree target(int k) {
    double[] vectors = leafVectors;
    int[] rows = leafVectorRow;
    if (vectors == null || rows == null || k < 0 || k >= targets) {
      throw new IllegalArgumentException("target " + k + " of a tree with " + targets + " outputs");
    }
    RawTree c = new RawTree(size);
    System.arraycopy(left, 0, c.left, 0, size);
    System.arraycopy(right, 0, c.right, 0, size);
    System.arraycopy(feature, 0, c.feature, 0, size);
    System.arraycopy(threshold, 0, c.threshold, 0, size);
    System.arraycopy(cover, 0, c.cover, 0, size);
    System.arraycopy(defaultLeft, 0, c.defaultLeft, 0, size);
    System.arraycopy(kind, 0, c.kind, 0, size);
    System.arraycopy(missing, 0, c.missing, 0, size);
    System.arraycopy(catBits, 0, c.catBits, 0, size);
    System.arraycopy(leafId, 0, c.leafId, 0, size);
    for (int n = 0; n < size; n++) {
      c.value[n] = isLeaf(n) ? (float) vectors[rows[n] * targets + k] : value[n];
    }
    c.weight = weight;
    return c;
  }
}
