package dev.scoring.examples.plugin;

import dev.scoring.api.Contribution;
import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ModelSource;
import dev.scoring.api.Provenance;
import dev.scoring.api.RecordException;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A logistic score over engagement signals; immutable and thread-safe. A missing signal is a bad record. */
final class EngagementScorer implements Scorer {

  private final FeatureSchema schema;
  private final Provenance provenance;
  private final int[] index;
  private final double[] weight;
  private final double intercept;

  EngagementScorer(ScorerSpec spec, int[] index, double[] weight, double intercept) {
    this.schema = spec.schema();
    this.index = index;
    this.weight = weight;
    this.intercept = intercept;
    String definition = Arrays.toString(index) + Arrays.toString(weight) + intercept;
    this.provenance = new Provenance(spec.id(), "engagement", spec.option("version", "1"),
        ModelSource.digest(definition.getBytes(StandardCharsets.UTF_8)));
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
    double margin = margin(row);
    return Score.probability(1.0 / (1.0 + Math.exp(-margin)), margin, provenance);
  }

  @Override
  public double scoreValue(Features row) {
    return 1.0 / (1.0 + Math.exp(-margin(row)));
  }

  private double margin(Features row) {
    row.requireSchema(schema);
    double margin = intercept;
    for (int i = 0; i < index.length; i++) {
      double x = row.number(index[i]);
      if (Double.isNaN(x)) {
        String name = schema.feature(index[i]).name();
        throw new RecordException(RecordException.Problem.MISSING_VALUE, name,
            "engagement scorer '" + provenance.scorerId() + "' needs '" + name + "', which is missing");
      }
      margin += weight[i] * x;
    }
    return margin;
  }

  @Override
  public Explanation explain(Features row) {
    margin(row); // checks the row
    List<Contribution> contributions = new ArrayList<>(index.length);
    for (int i = 0; i < index.length; i++) {
      String name = schema.feature(index[i]).name();
      contributions.add(new Contribution(name, weight[i] * row.number(index[i]), name + " = " + row.display(index[i])));
    }
    return new Explanation(provenance.scorerId(), intercept, contributions, List.of());
  }
}
