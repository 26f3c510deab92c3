package dev.scoring.decision;

import dev.scoring.api.Contribution;
import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.Provenance;
import dev.scoring.api.Score;
import dev.scoring.api.ScoreKind;
import dev.scoring.api.Scorer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** A scorer for pipeline tests made of a function; counts its explanations. */
final class FnScorer implements Scorer {
  private final FeatureSchema schema;
  private final Provenance provenance;
  private final @Nullable ScoreKind kind;
  private final Function<Features, @Nullable Score> fn;
  final AtomicInteger explained = new AtomicInteger();

  FnScorer(FeatureSchema schema, String id, @Nullable ScoreKind kind, Function<Features, @Nullable Score> fn) {
    this.schema = schema;
    this.provenance = new Provenance(id, "test", "1", "sha256:22");
    this.kind = kind;
    this.fn = fn;
  }

  /** A logistic-style probability: margin {@code a + b * p-feature}; explanation: one contribution of feature 0. */
  static FnScorer logit(FeatureSchema schema, String id, double a, double b) {
    Provenance[] p = new Provenance[1];
    FnScorer s = new FnScorer(schema, id, ScoreKind.PROBABILITY, row -> {
      double m = a + b * row.number(0);
      return Score.probability(1 / (1 + Math.exp(-m)), m, p[0]);
    });
    p[0] = s.provenance;
    return s;
  }

  Provenance prov() {
    return provenance;
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
  public Optional<ScoreKind> kind() {
    return Optional.ofNullable(kind);
  }

  @Override
  @SuppressWarnings("NullAway")
  public Score score(Features row) {
    return fn.apply(row);
  }

  @Override
  public Explanation explain(Features row) {
    explained.incrementAndGet();
    Score s = score(row);
    String f = schema.feature(0).name();
    double bias = interceptGuess(row);
    return new Explanation(provenance.scorerId(), bias, List.of(new Contribution(f, s.margin() - bias, f + " = " + row.display(0))),
        List.of());
  }

  /** The margin at feature 0 = 0, by scoring a copy of the row with it cleared (missing reads as NaN, so 0 is set). */
  private double interceptGuess(Features row) {
    dev.scoring.api.MutableFeatures copy = Features.mutable(schema).copyFrom(row);
    copy.setNumber(0, 0.0);
    return score(copy).margin();
  }
}
