package dev.scoring.store;

import dev.scoring.api.Contribution;
import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.Provenance;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import java.util.List;

/**
 * A small logistic scorer over a lead's amount whose explanations name the lead's e-mail and
 * name, as real explanations name personal values ({@code "email = ..."}).
 */
final class LeadScorer implements Scorer {

  static final FeatureSchema SCHEMA = FeatureSchema.builder().number("amount").category("email").text("name").build();

  private final Provenance provenance = new Provenance("lead", "logistic", "3", "sha256:lead3");

  @Override
  public Provenance provenance() {
    return provenance;
  }

  @Override
  public FeatureSchema schema() {
    return SCHEMA;
  }

  @Override
  public Score score(Features row) {
    double margin = (row.number(0) - 500) / 200;
    return Score.probability(1 / (1 + Math.exp(-margin)), margin, provenance);
  }

  @Override
  public Explanation explain(Features row) {
    double margin = score(row).margin();
    return new Explanation("lead", 0, List.of(
        new Contribution("amount", margin * 0.8, "amount = " + row.display(0)),
        new Contribution("email", margin * 0.2, "email = " + row.display(1)),
        new Contribution("name", -0.1, "name = " + row.display(2))), List.of());
  }
}
