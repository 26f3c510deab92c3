package dev.scoring.ml.matching;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The weights that turn a pair's comparison levels into a match probability, and the per-field
 * table that explains it. The margin (log-odds of a match) is
 * {@code bias + sum over fields of (weight[field][level] + slopes[field] . similarities)}, and the
 * probability is its logistic function.
 *
 * <p>A {@link Kind#FELLEGI_SUNTER} model has {@code weight = ln(m / u)} per level (the match
 * weight: how much more often this level occurs among matches than among non-matches), {@code bias
 * = ln(lambda / (1 - lambda))} with {@code lambda} the share of matches among compared pairs, and
 * no slopes; its m and u tables are kept. A {@link Kind#LOGISTIC} model has coefficients per level
 * and slopes on the field's similarities. The missing level always weighs 0. Immutable and thread-safe.
 */
public final class MatchModel {

  /** Which estimator made the weights. */
  public enum Kind {
    /** Fellegi-Sunter m/u log-likelihood ratios, by EM without labels or counted from labels. */
    FELLEGI_SUNTER,
    /** Logistic regression on levels and similarities, trained in the library. */
    LOGISTIC
  }

  /** Similarities per field that slopes apply to: the primary similarity then {@link FieldComparison#MEASURES} more. */
  static final int FEATURES = FieldComparison.MEASURES + 1;

  private final Kind kind;
  private final List<MatchField> fields;
  private final double bias;
  private final double[][] weights;
  private final double[][] slopes;
  private final double[][] m;
  private final double[][] u;
  private final double lambda;

  private MatchModel(Kind kind, List<MatchField> fields, double bias, double[][] weights, double[][] slopes,
      double[][] m, double[][] u, double lambda) {
    this.kind = kind;
    this.fields = List.copyOf(fields);
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("a match model needs at least one field");
    }
    if (!Double.isFinite(bias)) {
      throw new IllegalArgumentException("bias is not finite: " + bias);
    }
    this.bias = bias;
    this.weights = copy(weights, "weights");
    this.slopes = copy(slopes, "slopes");
    this.m = copy(m, "m");
    this.u = copy(u, "u");
    this.lambda = lambda;
    for (int f = 0; f < this.fields.size(); f++) {
      MatchField field = this.fields.get(f);
      if (this.weights[f].length != field.levels()) {
        throw new IllegalArgumentException(
            "field '" + field.name() + "' has " + field.levels() + " levels but " + this.weights[f].length + " weights");
      }
      if (this.slopes[f].length != FEATURES) {
        throw new IllegalArgumentException("field '" + field.name() + "' needs " + FEATURES + " slopes, got " + this.slopes[f].length);
      }
      this.weights[f][field.missingLevel()] = 0.0;
    }
  }

  /**
   * A Fellegi-Sunter model from m and u probabilities per field and level and the match share
   * {@code lambda}; probabilities are clamped to [1e-6, 1 - 1e-6] so no weight is infinite.
   *
   * @throws IllegalArgumentException if the shapes do not match the fields or lambda is not in (0, 1)
   */
  public static MatchModel fellegiSunter(List<MatchField> fields, double[][] m, double[][] u, double lambda) {
    if (!(lambda > 0 && lambda < 1)) {
      throw new IllegalArgumentException("lambda must be in (0, 1): " + lambda);
    }
    if (m.length != fields.size() || u.length != fields.size()) {
      throw new IllegalArgumentException("m and u need one row per field (" + fields.size() + ")");
    }
    double[][] w = new double[fields.size()][];
    for (int f = 0; f < fields.size(); f++) {
      int levels = fields.get(f).levels();
      if (m[f].length != levels || u[f].length != levels) {
        throw new IllegalArgumentException("field '" + fields.get(f).name() + "' needs " + levels + " m and u values");
      }
      w[f] = new double[levels];
      for (int l = 0; l < levels; l++) {
        w[f][l] = Math.log(clamp(m[f][l]) / clamp(u[f][l]));
      }
    }
    double l = Math.min(1 - 1e-9, Math.max(1e-9, lambda));
    return new MatchModel(Kind.FELLEGI_SUNTER, fields, Math.log(l / (1 - l)), w, new double[fields.size()][FEATURES], m, u, lambda);
  }

  /**
   * A logistic model: intercept, a coefficient per field and level, and per field slopes on its
   * {@value #FEATURES} similarities (primary, Jaro-Winkler, 3-gram Jaccard, token Jaccard, TF-IDF cosine).
   *
   * @throws IllegalArgumentException if the shapes do not match the fields or a number is not finite
   */
  public static MatchModel logistic(List<MatchField> fields, double intercept, double[][] levelWeights, double[][] slopes) {
    return new MatchModel(Kind.LOGISTIC, fields, intercept, levelWeights, slopes, new double[0][], new double[0][], Double.NaN);
  }

  private static double clamp(double p) {
    if (Double.isNaN(p)) {
      throw new IllegalArgumentException("probability is NaN");
    }
    return Math.min(1 - 1e-6, Math.max(1e-6, p));
  }

  private static double[][] copy(double[][] a, String what) {
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
      for (double v : c[i]) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException(what + " has a value that is not finite: " + v);
        }
      }
    }
    return c;
  }

  /** Which estimator made it. */
  public Kind kind() {
    return kind;
  }

  /** The fields, in order. */
  public List<MatchField> fields() {
    return fields;
  }

  /** The margin with no field information: the prior log-odds of a match (FS) or the intercept. */
  public double bias() {
    return bias;
  }

  /** The weight of {@code level} of field {@code field}: its contribution to the margin. */
  public double weight(int field, int level) {
    return weights[field][level];
  }

  /** A copy of field {@code field}'s slopes on its similarities. */
  public double[] slopes(int field) {
    return slopes[field].clone();
  }

  /** The m probability (P(level | match)) of a Fellegi-Sunter model, if this is one. */
  public Optional<Double> m(int field, int level) {
    return m.length == 0 ? Optional.empty() : Optional.of(m[field][level]);
  }

  /** The u probability (P(level | non-match)) of a Fellegi-Sunter model, if this is one. */
  public Optional<Double> u(int field, int level) {
    return u.length == 0 ? Optional.empty() : Optional.of(u[field][level]);
  }

  /** The share of matches among compared pairs of a Fellegi-Sunter model; NaN for a logistic one. */
  public double lambda() {
    return lambda;
  }

  /** The contribution of field {@code f} at {@code level} with similarities {@code features[f * FEATURES ...]}. */
  double contribution(int f, int level, double[] features) {
    double c = weights[f][level];
    double[] s = slopes[f];
    int base = f * FEATURES;
    for (int k = 0; k < FEATURES; k++) {
      c += s[k] * features[base + k];
    }
    return c;
  }

  /** Whether any slope is non-zero (then the similarities must be computed). */
  boolean usesSlopes() {
    for (double[] s : slopes) {
      for (double v : s) {
        if (v != 0) {
          return true;
        }
      }
    }
    return false;
  }

  /** The weight table as readable lines, e.g. {@code company exact +6.1 (m 0.91, u 0.002)}. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    lines.add(kind + " bias " + fmt(bias) + (m.length == 0 ? "" : " (lambda " + fmt(lambda) + ")"));
    for (int f = 0; f < fields.size(); f++) {
      MatchField field = fields.get(f);
      for (int l = 0; l < field.levels(); l++) {
        String mu = m.length == 0 ? "" : " (m " + fmt(m[f][l]) + ", u " + fmt(u[f][l]) + ")";
        lines.add(field.name() + " " + field.levelName(l) + " " + (weights[f][l] >= 0 ? "+" : "") + fmt(weights[f][l]) + mu);
      }
    }
    return lines;
  }

  static String fmt(double v) {
    return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
  }

  double[][] weightTable() {
    return copy(weights, "weights");
  }

  double[][] slopeTable() {
    return copy(slopes, "slopes");
  }

  double[][] mTable() {
    return copy(m, "m");
  }

  double[][] uTable() {
    return copy(u, "u");
  }
}
