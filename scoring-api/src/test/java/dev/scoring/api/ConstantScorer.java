package dev.scoring.api;

import java.util.List;

/** A test scorer returning one probability; counts nothing, holds nothing. */
final class ConstantScorer implements Scorer {
  private final FeatureSchema schema;
  private final Provenance provenance;
  private final double value;

  ConstantScorer(ScorerSpec spec, double value) {
    this.schema = spec.schema();
    this.value = value;
    this.provenance = new Provenance(spec.id(), spec.type(), "1", "sha256:00");
  }

  @Override
  public Provenance provenance() {
    return provenance;
  }

  @Override
  public FeatureSchema schema() {
    return schema;
  }

  @Override
  public Score score(Features row) {
    row.requireSchema(schema);
    return Score.probability(value, Math.log(value / (1 - value)), provenance);
  }

  @Override
  public Explanation explain(Features row) {
    return new Explanation(provenance.scorerId(), score(row).margin(), List.of(), List.of());
  }
}
