package dev.scoring.decision;

import dev.scoring.api.Contribution;
import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Explains a pipeline's combined score in one unit: each scorer's contributions are moved from its
 * margin to its score's scale (a logistic link's change in probability from the bias is shared
 * among the contributions in proportion to their margins), weighted as the combiner weighs the
 * scorer, and summed per feature. Feature names become the schema's display labels.
 */
final class CombinedExplanation {

  private CombinedExplanation() {}

  static Explanation explain(FeatureSchema schema, Scorer[] scorers, Combiner combiner, Features row) {
    if (scorers.length == 0) {
      throw new IllegalStateException("the pipeline has no scorer to explain; its score is the rule points");
    }
    double[] values = new double[scorers.length];
    Score[] scores = new Score[scorers.length];
    for (int i = 0; i < scorers.length; i++) {
      scores[i] = scorers[i].score(row);
      values[i] = scores[i].value();
    }
    double[] weights = weights(combiner, values);
    int used = -1;
    int count = 0;
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] != 0.0) {
        used = i;
        count++;
      }
    }
    if (count == 0) {
      throw new IllegalStateException("the combiner " + combiner + " gives no weight to any scorer");
    }
    if (count == 1 && weights[used] == 1.0) {
      Explanation e = scorers[used].explain(row);
      return relabel(schema, row, e, unitOf(scores[used]));
    }
    Map<String, double[]> sums = new LinkedHashMap<>();
    Map<String, String> observed = new LinkedHashMap<>();
    for (int i = 0; i < scorers.length; i++) {
      if (weights[i] == 0.0) {
        continue;
      }
      Explanation e = scorers[i].explain(row);
      double scale = scale(scores[i], e);
      for (Contribution c : e.contributions()) {
        sums.computeIfAbsent(c.feature(), k -> new double[1])[0] += weights[i] * scale * c.weight();
        observed.putIfAbsent(c.feature(), c.observed());
      }
    }
    double combined = combiner.combine(values, 0.0);
    List<Contribution> contributions = new ArrayList<>(sums.size());
    double total = 0;
    for (Map.Entry<String, double[]> s : sums.entrySet()) {
      double w = s.getValue()[0];
      total += w;
      contributions.add(new Contribution(s.getKey(), w, observed(schema, row, s.getKey(), observed.getOrDefault(s.getKey(), s.getKey()))));
    }
    Explanation.Unit unit = !sameKind(scores) ? Explanation.Unit.MARGIN : switch (scores[used].kind()) {
      case PROBABILITY -> Explanation.Unit.PROBABILITY;
      case POINTS -> Explanation.Unit.POINTS;
      case VALUE -> Explanation.Unit.MARGIN;
    };
    return new Explanation("pipeline", combined - total, contributions, List.of(), unit);
  }

  /** How much the final score moves per unit of each scorer's value: the built-in combiners know, others are measured. */
  private static double[] weights(Combiner combiner, double[] values) {
    double[] w = new double[values.length];
    if (combiner instanceof Combiners.Linear linear) {
      for (int i = 0; i < w.length; i++) {
        w[i] = linear.weight(i, w.length);
      }
      return w;
    }
    double at = combiner.combine(values, 0.0);
    for (int i = 0; i < w.length; i++) {
      double h = 1e-6 * Math.max(1.0, Math.abs(values[i]));
      double[] moved = values.clone();
      moved[i] += h;
      w[i] = (combiner.combine(moved, 0.0) - at) / h;
    }
    return w;
  }

  /** The factor from a scorer's margin to its value, between its bias and this row. */
  private static double scale(Score score, Explanation e) {
    double dm = score.margin() - e.bias();
    if (score.value() == score.margin() || dm == 0.0) {
      return score.value() == score.margin() ? 1.0 : 0.0;
    }
    if (isLogit(score)) {
      return (score.value() - sigmoid(e.bias())) / dm;
    }
    return 1.0;
  }

  private static boolean sameKind(Score[] scores) {
    for (Score s : scores) {
      if (s.kind() != scores[0].kind()) {
        return false;
      }
    }
    return true;
  }

  /** The unit of one scorer's own explanation, from its score. */
  static Explanation.Unit unitOf(Score score) {
    return switch (score.kind()) {
      case POINTS -> Explanation.Unit.POINTS;
      case PROBABILITY -> isLogit(score) ? Explanation.Unit.LOG_ODDS : Explanation.Unit.MARGIN;
      case VALUE -> Explanation.Unit.MARGIN;
    };
  }

  /** Whether the score's margin is the log-odds of its value. */
  private static boolean isLogit(Score score) {
    double p = score.value();
    if (p <= 0.0 || p >= 1.0) {
      return false;
    }
    double logit = Math.log(p / (1 - p));
    return Math.abs(logit - score.margin()) <= 1e-6 * Math.max(1.0, Math.abs(score.margin()));
  }

  private static double sigmoid(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }

  static Explanation relabel(FeatureSchema schema, Features row, Explanation e, Explanation.Unit unit) {
    List<Contribution> out = new ArrayList<>(e.contributions().size());
    for (Contribution c : e.contributions()) {
      out.add(new Contribution(c.feature(), c.weight(), observed(schema, row, c.feature(), c.observed())));
    }
    return new Explanation(e.scorerId(), e.bias(), out, e.firedRules(), unit);
  }

  private static String observed(FeatureSchema schema, Features row, String feature, String fallback) {
    return schema.find(feature).map(f -> schema.describe(row, f.index())).orElse(fallback);
  }
}
