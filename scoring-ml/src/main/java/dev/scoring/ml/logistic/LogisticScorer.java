package dev.scoring.ml.logistic;

import dev.scoring.api.Contribution;
import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ModelException;
import dev.scoring.api.Provenance;
import dev.scoring.api.RecordException;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import dev.scoring.ml.calibration.Calibrator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Scores rows with a {@link LogisticModel}; immutable and thread-safe.
 *
 * <p>Features are bound to schema positions once, and the transformation is folded into the
 * coefficients, so a binary score is one pass over the used features with no allocation (a
 * category costs one hash lookup of its string). A binary score's value is the positive class's
 * probability (calibrated if the model carries a calibration) and its margin the log-odds; a
 * softmax score gives the predicted class, its probability, its margin against the reference
 * class 0, and every class's probability.
 *
 * <p>A category level the model never saw goes to the {@code <other>} column if the model has one,
 * otherwise to the reference level, and is counted ({@link #unseenCategoryCount()}). A missing value
 * of a feature without a missing indicator throws {@link dev.scoring.api.RecordException} with
 * {@code MISSING_VALUE}.
 */
public final class LogisticScorer implements Scorer {

  private final LogisticModel model;
  private final FeatureSchema schema;
  private final Provenance provenance;
  private final @Nullable Calibrator calibrator;
  private final Transformation.Block[] blocks;
  private final int[] index;
  private final boolean[] category;
  private final boolean[] hasMissing;
  private final boolean allNumeric;
  /** Class 1's folded arrays, for the binary all-numeric fast path. */
  private final double base0;
  private final double[] weight0;
  private final double[] missing0;
  private final int margins;
  private final double[] base;
  private final double[][] weight;
  private final double[][] missing;
  private final Map<?, ?>[] codes;
  private final double[][][] levelWeight;
  private final LongAdder unseen = new LongAdder();

  LogisticScorer(LogisticModel model, String scorerId, FeatureSchema schema, String digest, boolean calibrate) {
    this(model, scorerId, model.modelVersion, schema, digest, calibrate);
  }

  LogisticScorer(LogisticModel model, String scorerId, String version, FeatureSchema schema, String digest, boolean calibrate) {
    this.model = model;
    this.schema = schema;
    this.provenance = new Provenance(scorerId, "logistic", version, digest);
    this.calibrator = calibrate ? model.calibration : null;
    List<Transformation.Block> list = model.transformation.blocks;
    int n = list.size();
    this.blocks = list.toArray(new Transformation.Block[0]);
    this.index = new int[n];
    this.category = new boolean[n];
    this.hasMissing = new boolean[n];
    this.codes = new Map<?, ?>[n];
    for (int b = 0; b < n; b++) {
      Transformation.Block block = blocks[b];
      try {
        index[b] = schema.require(block.name(), block.kind().featureType());
      } catch (ModelException e) {
        throw new ModelException("logistic model " + model.modelVersion + " cannot bind to the schema: " + e.getMessage(), e);
      }
      category[b] = block.kind() == Transformation.Kind.CATEGORY;
      hasMissing[b] = block.missingIndicator();
      codes[b] = category[b] ? Map.copyOf(Transformation.levelMap(block)) : Map.of();
    }
    boolean numeric = true;
    for (boolean c : category) {
      numeric &= !c;
    }
    this.allNumeric = numeric;
    this.margins = model.coef.length;
    this.base = new double[margins];
    this.weight = new double[margins][n];
    this.missing = new double[margins][n];
    this.levelWeight = new double[margins][n][];
    for (int k = 0; k < margins; k++) {
      double[] beta = model.coef[k];
      double constant = beta[0];
      for (int b = 0; b < n; b++) {
        Transformation.Block block = blocks[b];
        double missingWeight = block.missingIndicator() ? beta[1 + block.missingColumn()] : 0.0;
        if (category[b]) {
          int levels = block.levels().size();
          double[] lw = new double[levels + 1];
          for (int l = 1; l < levels; l++) {
            lw[l] = beta[1 + block.levelColumn(l)];
          }
          lw[levels] = block.other() ? beta[1 + block.otherColumn()] : 0.0;
          levelWeight[k][b] = lw;
          missing[k][b] = block.missingIndicator() ? missingWeight : Double.NaN;
        } else {
          double bv = beta[1 + block.firstColumn()];
          // beta * (a * raw + c0 - center) / scale, with a = -1/day and c0 = reference/day for timestamps
          double slope = block.kind() == Transformation.Kind.TIMESTAMP ? -1.0 / Transformation.MILLIS_PER_DAY : 1.0;
          double offset = block.kind() == Transformation.Kind.TIMESTAMP ? block.referenceMillis() / Transformation.MILLIS_PER_DAY : 0.0;
          weight[k][b] = bv * slope / block.scale();
          double folded = bv * (offset - block.center()) / block.scale();
          constant += folded;
          missing[k][b] = block.missingIndicator() ? missingWeight - folded : Double.NaN;
        }
      }
      base[k] = constant;
    }
    this.base0 = base[0];
    this.weight0 = weight[0];
    this.missing0 = missing[0];
  }

  /** The binary all-numeric margin: the same sum as {@link #margin} without its dispatch. */
  private double numericMargin(Features row) {
    double s = base0;
    double[] w = weight0;
    double[] miss = missing0;
    int[] idx = index;
    for (int b = 0; b < idx.length; b++) {
      double r = row.number(idx[b]);
      s += r == r ? w[b] * r : miss[b];
    }
    if (!(Math.abs(s) <= Double.MAX_VALUE)) {
      throw notScorable(row);
    }
    return s;
  }

  /** The model this scorer applies. */
  public LogisticModel model() {
    return model;
  }

  /** How many category values the model never saw this scorer has met so far. */
  public long unseenCategoryCount() {
    return unseen.sum();
  }

  @Override
  public Provenance provenance() {
    return provenance;
  }

  @Override
  public FeatureSchema schema() {
    return schema;
  }

  /**
   * The margin of class k + 1 against the reference class, from the folded coefficients. A missing
   * number adds its missing weight, which is NaN for a feature without a missing indicator, so the
   * loop has no throw in it and a NaN margin is reported afterwards.
   */
  private double margin(Features row, int k, boolean count) {
    double s = base[k];
    double[] w = weight[k];
    double[] miss = missing[k];
    if (allNumeric) {
      for (int b = 0; b < index.length; b++) {
        double r = row.number(index[b]);
        s += r == r ? w[b] * r : miss[b];
      }
    } else {
      for (int b = 0; b < index.length; b++) {
        int i = index[b];
        if (category[b]) {
          String v = row.string(i);
          if (v == null) {
            s += miss[b];
          } else {
            Object level = codes[b].get(v);
            double[] lw = levelWeight[k][b];
            if (level == null) {
              if (count) {
                unseen.increment();
              }
              s += lw[lw.length - 1];
            } else {
              s += lw[(Integer) level];
            }
          }
        } else {
          double r = row.number(i);
          s += r == r ? w[b] * r : miss[b];
        }
      }
    }
    if (!(Math.abs(s) <= Double.MAX_VALUE)) {
      throw notScorable(row);
    }
    return s;
  }

  /** A feature's contribution; one that overflows (a huge coefficient times the value) makes the row unexplainable. */
  private Contribution contribution(String feature, double value, String observed) {
    if (!Double.isFinite(value)) {
      throw new RecordException(RecordException.Problem.INVALID, feature, "logistic scorer '" + provenance.scorerId()
          + "': the contribution of '" + feature + "' is " + value + " (" + observed + "; coefficient too large?)");
    }
    return new Contribution(feature, value, observed);
  }

  private RecordException notScorable(Features row) {
    for (int b = 0; b < index.length; b++) {
      if (!hasMissing[b] && row.isMissing(index[b])) {
        return Transformation.missing(blocks[b].name());
      }
    }
    return new RecordException(RecordException.Problem.INVALID, null,
        "logistic scorer '" + provenance.scorerId() + "': the margin is not finite (values or coefficients too large?)");
  }

  private double binaryValue(double margin) {
    // exact enough without a branch: exp overflows to infinity and gives 0, underflows to 0 and gives 1
    double p = 1.0 / (1.0 + Math.exp(-margin));
    return calibrator == null ? p : calibrator.apply(p);
  }

  @Override
  public double scoreValue(Features row) {
    row.requireSchema(schema);
    if (margins == 1) {
      return binaryValue(allNumeric ? numericMargin(row) : margin(row, 0, true));
    }
    double max = 0;
    for (int k = 0; k < margins; k++) {
      max = Math.max(max, margin(row, k, k == 0));
    }
    double z = Math.exp(-max);
    for (int k = 0; k < margins; k++) {
      z += Math.exp(margin(row, k, false) - max);
    }
    return 1.0 / z;
  }

  /** A probability. */
  @Override
  public java.util.Optional<dev.scoring.api.ScoreKind> kind() {
    return java.util.Optional.of(dev.scoring.api.ScoreKind.PROBABILITY);
  }

  @Override
  public Score score(Features row) {
    row.requireSchema(schema);
    if (margins == 1) {
      double m = allNumeric ? numericMargin(row) : margin(row, 0, true);
      return Score.probability(binaryValue(m), m, provenance);
    }
    double[] eta = new double[margins + 1];
    double max = 0;
    int best = 0;
    for (int k = 0; k < margins; k++) {
      eta[k + 1] = margin(row, k, k == 0);
      if (eta[k + 1] > max) {
        max = eta[k + 1];
        best = k + 1;
      }
    }
    double z = Math.exp(-max);
    for (int k = 0; k < margins; k++) {
      z += Math.exp(eta[k + 1] - max);
    }
    double[] probabilities = new double[margins + 1];
    for (int c = 0; c <= margins; c++) {
      probabilities[c] = c == best ? 1.0 / z : Math.exp(eta[c] - max) / z;
    }
    return Score.classification(best, eta[best], model.classes, probabilities, provenance);
  }

  /**
   * Explains the positive class's log-odds (binary) or the predicted class's margin (softmax):
   * the bias is the intercept, and each feature contributes its coefficient times its transformed
   * value, with a category's level (or {@code <other>}) and a missing indicator counted to the
   * feature they belong to.
   */
  @Override
  public Explanation explain(Features row) {
    Score score = score(row);
    int k = 0;
    if (margins > 1) {
      String label = score.label();
      k = model.classes.indexOf(label) - 1;
      if (k < 0) {
        return new Explanation(provenance.scorerId(), 0.0, List.of(), List.of());
      }
    }
    double[] beta = model.coef[k];
    List<Contribution> out = new ArrayList<>(blocks.length);
    for (int b = 0; b < blocks.length; b++) {
      Transformation.Block block = blocks[b];
      int i = index[b];
      String name = block.name();
      if (row.isMissing(i)) {
        out.add(contribution(name, beta[1 + block.missingColumn()], name + " is missing"));
      } else if (category[b]) {
        String v = row.string(i);
        Object level = codes[b].get(v);
        double c;
        String observed = name + " = " + v;
        if (level == null) {
          c = block.other() ? beta[1 + block.otherColumn()] : 0.0;
          observed += " (unseen in training)";
        } else {
          int col = block.levelColumn((Integer) level);
          c = col < 0 ? 0.0 : beta[1 + col];
        }
        out.add(contribution(name, c, observed));
      } else {
        double z = block.standardised(row.number(i));
        out.add(contribution(name, beta[1 + block.firstColumn()] * z, name + " = " + row.display(i)));
      }
    }
    return new Explanation(provenance.scorerId(), beta[0], out, List.of());
  }

}
