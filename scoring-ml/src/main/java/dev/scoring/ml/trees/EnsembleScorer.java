package dev.scoring.ml.trees;

import dev.scoring.api.Contribution;
import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.Provenance;
import dev.scoring.api.RecordException;
import dev.scoring.api.Score;
import java.util.ArrayList;
import java.util.List;

/** The scorer over an {@link Ensemble}: applies the model's link to the margins. */
final class EnsembleScorer implements TreeScorer {

  private final Ensemble e;
  private final Provenance provenance;
  private final List<String> classes;
  private final TreeModel.Link link;
  private final double scale;
  private final boolean multi;
  private final boolean raw;
  /** Per-thread margins for multiclass {@code scoreValue}, so it allocates nothing. */
  private final ThreadLocal<double[]> margins;

  EnsembleScorer(Ensemble e, Provenance provenance, List<String> classes) {
    this.e = e;
    this.provenance = provenance;
    this.classes = List.copyOf(classes);
    this.link = e.model.link;
    this.scale = e.model.sigmoidScale;
    this.multi = e.numGroups > 1;
    this.raw = e.model.averageIsOutput;
    this.margins = ThreadLocal.withInitial(() -> new double[e.numGroups]);
  }

  @Override
  public Provenance provenance() {
    return provenance;
  }

  @Override
  public FeatureSchema schema() {
    return e.schema;
  }

  /** A probability for a logistic or multiclass objective, else a value. */
  @Override
  public java.util.Optional<dev.scoring.api.ScoreKind> kind() {
    return java.util.Optional.of(multi || link == TreeModel.Link.SIGMOID ? dev.scoring.api.ScoreKind.PROBABILITY : dev.scoring.api.ScoreKind.VALUE);
  }

  @Override
  public Score score(Features row) {
    row.requireSchema(e.schema);
    if (e.hasStringCategories) {
      e.countUnseen(row);
    }
    if (!multi) {
      double m = checked(e.margin(row));
      double v = value(m);
      return link == TreeModel.Link.SIGMOID ? Score.probability(v, m, provenance) : Score.value(v, m, provenance);
    }
    double[] m = new double[e.numGroups];
    e.margins(row, m);
    double[] p = probabilities(m);
    int best = argmax(p);
    return Score.classification(best, checked(m[best]), classes, p, provenance);
  }

  @Override
  public double scoreValue(Features row) {
    row.requireSchema(e.schema);
    if (e.hasStringCategories) {
      e.countUnseen(row);
    }
    if (!multi) {
      return value(checked(e.margin(row)));
    }
    double[] m = margins.get();
    e.margins(row, m);
    return predictedProbability(m);
  }

  /** The probability of the most probable class, without allocating. */
  private double predictedProbability(double[] m) {
    if (raw || link == TreeModel.Link.SIGMOID_PER_CLASS) {
      double best = Double.NEGATIVE_INFINITY;
      for (double v : m) {
        double p = raw ? Math.min(1.0, Math.max(0.0, checked(v))) : 1.0 / (1.0 + Math.exp(-scale * checked(v)));
        best = Math.max(best, p);
      }
      return best;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double v : m) {
      max = Math.max(max, checked(v));
    }
    double sum = 0.0;
    for (double v : m) {
      sum += Math.exp(v - max);
    }
    return 1.0 / sum;
  }

  @Override
  public void scoreBatch(List<? extends Features> rows, double[] values) {
    if (values.length < rows.size()) {
      throw new IllegalArgumentException(values.length + " slots for " + rows.size() + " rows");
    }
    for (int i = 0, n = rows.size(); i < n; i++) {
      rows.get(i).requireSchema(e.schema);
    }
    if (multi) {
      // scoreValue counts unseen categories
      for (int i = 0, n = rows.size(); i < n; i++) {
        values[i] = scoreValue(rows.get(i));
      }
      return;
    }
    if (e.hasStringCategories) {
      for (int i = 0, n = rows.size(); i < n; i++) {
        e.countUnseen(rows.get(i));
      }
    }
    e.margins(rows, values);
    for (int i = 0, n = rows.size(); i < n; i++) {
      values[i] = value(checked(values[i]));
    }
  }

  @Override
  public double[] margins(Features row) {
    row.requireSchema(e.schema);
    double[] m = new double[e.numGroups];
    e.margins(row, m);
    return m;
  }

  @Override
  public int[] leaves(Features row) {
    row.requireSchema(e.schema);
    return e.leaves(row);
  }

  @Override
  public long unseenCategories() {
    return e.unseen.sum();
  }

  @Override
  public Explanation explain(Features row) {
    row.requireSchema(e.schema);
    int group = 0;
    if (multi) {
      double[] m = new double[e.numGroups];
      e.margins(row, m);
      group = argmax(probabilities(m));
    }
    double[] phi = new double[e.schema.size()];
    double bias = e.treeShap.shap(row, group, phi);
    if (e.floatSum) {
      // XGBoost sums in float32; TreeSHAP is computed in double. The bias takes the rounding
      // difference (about 1e-7 of the margin) so that bias + contributions equal the score's margin.
      double[] m = new double[e.numGroups];
      e.margins(row, m);
      double sum = bias;
      for (int idx : e.boundIndex) {
        sum += phi[idx];
      }
      double residual = m[group] - sum;
      if (Math.abs(residual) <= 1e-4 * Math.max(1.0, Math.abs(m[group]))) {
        bias += residual;
      }
    }
    checked(bias);
    for (int idx : e.boundIndex) {
      checked(phi[idx]);
    }
    List<Contribution> out = new ArrayList<>(e.boundIndex.length);
    for (int idx : e.boundIndex) {
      String name = e.schema.feature(idx).name();
      String observed = row.isMissing(idx) ? name + " is missing" : name + " = " + row.display(idx);
      out.add(new Contribution(name, phi[idx], observed));
    }
    return new Explanation(provenance.scorerId(), bias, out, List.of());
  }

  private double value(double m) {
    if (raw) {
      return link == TreeModel.Link.SIGMOID ? Math.min(1.0, Math.max(0.0, m)) : m;
    }
    return switch (link) {
      case IDENTITY -> m;
      case SIGMOID -> 1.0 / (1.0 + Math.exp(-scale * m));
      case EXP -> checked(Math.exp(m));
      case LOG1P_EXP -> checked(Math.log1p(Math.exp(m)));
      case SIGNED_SQUARE -> checked(Math.signum(m) * m * m);
      case HINGE -> m > 0 ? 1.0 : 0.0;
      case SOFTMAX, SIGMOID_PER_CLASS -> throw new IllegalStateException("multiclass link on one output");
    };
  }

  private double[] probabilities(double[] m) {
    double[] p = new double[m.length];
    if (raw) {
      for (int i = 0; i < m.length; i++) {
        p[i] = Math.min(1.0, Math.max(0.0, checked(m[i])));
      }
      return p;
    }
    if (link == TreeModel.Link.SIGMOID_PER_CLASS) {
      for (int i = 0; i < m.length; i++) {
        p[i] = 1.0 / (1.0 + Math.exp(-scale * checked(m[i])));
      }
      return p;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double v : m) {
      max = Math.max(max, checked(v));
    }
    double sum = 0.0;
    for (int i = 0; i < m.length; i++) {
      p[i] = Math.exp(m[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < m.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  private static int argmax(double[] p) {
    int best = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[best]) {
        best = i;
      }
    }
    return best;
  }

  private double checked(double v) {
    if (!Double.isFinite(v)) {
      throw new RecordException(RecordException.Problem.INVALID, null,
          "scorer '" + provenance.scorerId() + "' computed a non-finite output (" + v + ") for this record");
    }
    return v;
  }
}
