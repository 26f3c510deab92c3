package dev.scoring.ml.matching;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.MutableFeatures;
import dev.scoring.ml.logistic.LogisticModel;
import dev.scoring.ml.logistic.LogisticTrainer;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains a {@link MatchModel.Kind#LOGISTIC} match model from labelled pairs with the library's
 * {@link LogisticTrainer}: per field, one-hot comparison levels and the field's similarities
 * (primary, Jaro-Winkler, 3-gram Jaccard, token Jaccard, TF-IDF cosine). The coefficients become the
 * per-field weight table, re-centred so the missing level weighs 0 (the intercept absorbs the
 * shift), which leaves every probability unchanged. Immutable and thread-safe.
 */
public final class LogisticMatchTrainer {

  private final double l2;

  private LogisticMatchTrainer(double l2) {
    this.l2 = l2;
  }

  /** A trainer with L2 penalty {@code l2} (on the mean log-loss), e.g. {@code 1e-3}. */
  public static LogisticMatchTrainer withL2(double l2) {
    if (!(l2 >= 0) || !Double.isFinite(l2)) {
      throw new IllegalArgumentException("l2 must be finite and not negative: " + l2);
    }
    return new LogisticMatchTrainer(l2);
  }

  /**
   * Trains on labelled pairs compared by {@code matcher} (its fields and token weights).
   *
   * @throws IllegalArgumentException if the pairs hold no match or no non-match
   */
  public MatchModel train(Matcher matcher, List<LabelledPair> pairs) {
    List<MatchField> fields = matcher.model().fields();
    int nf = fields.size();
    FeatureSchema.Builder sb = FeatureSchema.builder();
    for (int f = 0; f < nf; f++) {
      sb.category(levelFeature(f));
      for (int k = 0; k < MatchModel.FEATURES; k++) {
        sb.number(simFeature(f, k));
      }
    }
    FeatureSchema schema = sb.build();
    List<Features> rows = new ArrayList<>(pairs.size());
    List<String> labels = new ArrayList<>(pairs.size());
    int[] levels = new int[nf];
    double[] features = new double[nf * MatchModel.FEATURES];
    int positives = 0;
    for (LabelledPair p : pairs) {
      matcher.features(matcher.prepare(p.left()), matcher.prepare(p.right()), levels, features);
      MutableFeatures row = Features.mutable(schema);
      int col = 0;
      for (int f = 0; f < nf; f++) {
        row.setString(col++, "L" + levels[f]);
        for (int k = 0; k < MatchModel.FEATURES; k++) {
          row.setNumber(col++, features[f * MatchModel.FEATURES + k]);
        }
      }
      rows.add(row.snapshot());
      labels.add(p.match() ? "match" : "non-match");
      positives += p.match() ? 1 : 0;
    }
    if (positives == 0 || positives == pairs.size()) {
      throw new IllegalArgumentException("labelled pairs need both matches and non-matches; got " + positives + " of " + pairs.size());
    }
    LogisticModel lm = LogisticTrainer.builder()
        .l2(l2).standardise(false).minCategoryCount(1).positiveClass("match").modelVersion("match-levels")
        .build().train(rows, labels);
    double[] coef = lm.coefficients(1);
    List<String> columns = lm.columns();
    double intercept = coef[0];
    double[][] weights = new double[nf][];
    double[][] slopes = new double[nf][MatchModel.FEATURES];
    for (int f = 0; f < nf; f++) {
      weights[f] = new double[fields.get(f).levels()];
    }
    for (int c = 0; c < columns.size(); c++) {
      String name = columns.get(c);
      double v = coef[c + 1];
      int eq = name.indexOf('=');
      if (eq > 0) {
        String feature = name.substring(0, eq);
        String level = name.substring(eq + 1);
        if (feature.endsWith("_level") && level.startsWith("L")) {
          int f = Integer.parseInt(feature.substring(1, feature.length() - 6));
          weights[f][Integer.parseInt(level.substring(1))] += v;
        }
      } else if (name.contains("_s")) {
        int us = name.indexOf("_s");
        slopes[Integer.parseInt(name.substring(1, us))][Integer.parseInt(name.substring(us + 2))] = v;
      }
    }
    for (int f = 0; f < nf; f++) {
      double miss = weights[f][fields.get(f).missingLevel()];
      intercept += miss;
      for (int l = 0; l < weights[f].length; l++) {
        weights[f][l] -= miss;
      }
    }
    return MatchModel.logistic(fields, intercept, weights, slopes);
  }

  private static String levelFeature(int f) {
    return "f" + f + "_level";
  }

  private static String simFeature(int f, int k) {
    return "f" + f + "_s" + k;
  }
}
