package dev.scoring.decision;

import dev.scoring.api.Contribution;
import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.Provenance;
import dev.scoring.api.RecordException;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import java.util.List;

/** A scorer for pipeline tests: the probability is the row's "p" feature; it can fail or be slow on demand. */
final class TestScorer implements Scorer {
  enum Mode { OK, RECORD_ERROR, CRASH, SLOW }

  private final FeatureSchema schema;
  private final Provenance provenance;
  private final Mode mode;
  private final long slowNanos;

  TestScorer(FeatureSchema schema, String id, Mode mode, long slowNanos) {
    this.schema = schema;
    this.provenance = new Provenance(id, "test", "1", "sha256:11");
    this.mode = mode;
    this.slowNanos = slowNanos;
  }

  TestScorer(FeatureSchema schema, String id) {
    this(schema, id, Mode.OK, 0);
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
    switch (mode) {
      case RECORD_ERROR -> throw new RecordException(RecordException.Problem.MISSING_VALUE, "p", "feature 'p' is missing");
      case CRASH -> throw new IllegalStateException("model crashed");
      case SLOW -> {
        long until = System.nanoTime() + slowNanos;
        while (System.nanoTime() < until) {
          Thread.onSpinWait();
        }
      }
      case OK -> { }
    }
    double p = row.number(0);
    if (Double.isNaN(p)) {
      throw new RecordException(RecordException.Problem.MISSING_VALUE, "p", "feature 'p' is missing");
    }
    return Score.probability(p, Math.log((p + 1e-9) / (1 - p + 1e-9)), provenance);
  }

  @Override
  public Explanation explain(Features row) {
    Score s = score(row);
    return new Explanation(provenance.scorerId(), 0, List.of(new Contribution("p", s.margin(), "p = " + row.display(0))), List.of());
  }
}
