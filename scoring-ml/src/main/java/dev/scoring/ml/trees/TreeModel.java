package dev.scoring.ml.trees;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A whole model as read from a file: trees (or linear weights), objective, base margins, feature names. */
final class TreeModel {

  /** How the margin becomes the prediction. */
  enum Link {
    /** Regression, raw scores, ranking. */
    IDENTITY,
    /** Binary probability: 1 / (1 + exp(-scale * margin)). */
    SIGMOID,
    /** Count/positive regression: exp(margin). */
    EXP,
    /** Multiclass probabilities: softmax over the groups. */
    SOFTMAX,
    /** Multiclass one-vs-all: a sigmoid per group. */
    SIGMOID_PER_CLASS,
    /** LightGBM cross_entropy_lambda: log(1 + exp(margin)). */
    LOG1P_EXP,
    /** LightGBM regression with {@code sqrt}: sign(m) * m * m. */
    SIGNED_SQUARE,
    /** XGBoost binary:hinge: 1 if margin > 0 else 0. */
    HINGE
  }

  final String format;
  final String source;
  String version = "unversioned";
  /** The file format as people name it, e.g. "XGBoost JSON", "XGBoost UBJSON", "LightGBM text v4". */
  String container = "";
  /** The booster: gbtree, dart, gblinear, gbdt, rf... */
  String booster = "";
  String objective = "";
  /** The library version that wrote the model, where the format records it (1.0 if unknown). */
  int versionMajor = 1;
  int versionMinor;
  Link link = Link.IDENTITY;
  double sigmoidScale = 1.0;
  /** Whether the predicted class is the output (XGBoost multi:softmax). */
  boolean classOutput;
  int numFeatures;
  String[] featureNames = new String[0];
  /** Per model feature: whether XGBoost's feature_types marks it an indicator ("i"), or null if none is. */
  boolean @Nullable [] indicators;
  /** Per model feature: category names by code (index = code), or null. */
  String @Nullable [] @Nullable [] categories;
  int numGroups = 1;
  double[] baseMargin = {0.0};
  /** Sum leaf values in float32, as XGBoost does. */
  boolean floatSum;
  /** LightGBM average_output: divide the sum by the number of iterations. */
  boolean averageOutput;
  /**
   * LightGBM v2 random forests: the averaged output is the prediction, without the objective's
   * conversion (v2 skipped ConvertOutput when averaging; v3 and later apply it after averaging).
   */
  boolean averageIsOutput;
  int iterations;
  /** Trees per boosting iteration (outputs times parallel trees); 0 = the number of outputs. */
  int treesPerIteration;
  /**
   * XGBoost multi-target trees: each file tree became this many consecutive scalar trees (one per
   * output), and a predicted leaf is reported once per file tree; 1 otherwise.
   */
  int treesPerFileTree = 1;
  final List<RawTree> trees = new ArrayList<>();
  /** gblinear: weights[feature][group], bias per group; null for tree boosters. */
  double @Nullable [][] linearWeights;
  double @Nullable [] linearBias;

  TreeModel(String format, String source) {
    this.format = format;
    this.source = source;
  }
}
