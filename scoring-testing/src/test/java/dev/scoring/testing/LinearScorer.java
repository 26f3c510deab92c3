package dev.scoring.testing;

import dev.scoring.api.Contribution;
import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.Provenance;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import java.util.List;

/** A logistic score over one number (missing counts as 0), explained exactly: the kit's own test subject. */
final class LinearScorer implements Scorer {
  private static final double INTERCEPT = -0.5;
  private static final double WEIGHT = 0.75;
  private final FeatureSchema schema;
  private final Provenance provenance = new Provenance("linear", "linear", "1", "sha256:00");

  LinearScorer(FeatureSchema schema) {
    this.schema = schema;
  }

  @Override
  public Provenance provenance() {
    return provenance;
  }

  @Override
  public FeatureSchema schema() {
    return schema;
  }

  private double term(Features row) {
    row.requireSchema(schema);
    return row.isMissing(0) ? 0 : WEIGHT * row.number(0);
  }

  @Override
  public Score score(Features row) {
    double margin = INTERCEPT + term(row);
    return Score.probability(1 / (1 + Math.exp(-margin)), margin, provenance);
  }

  @Override
  public Explanation explain(Features row) {
    return new Explanation(provenance.scorerId(), INTERCEPT,
        List.of(new Contribution("x", term(row), row.display(0))), List.of());
  }
}
