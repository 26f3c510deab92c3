package dev.scoring.rules;

import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.Provenance;
import dev.scoring.api.Score;
import dev.scoring.api.ScoreKind;
import dev.scoring.api.Scorer;
import dev.scoring.api.Action;
import java.util.List;

/**
 * A rule set as a {@link Scorer}: the value and margin are the points; the label is the decided
 * route's team or action's name, if a rule decided.
 */
final class RulesScorer implements Scorer {

  private final RuleSet rules;
  private final Provenance provenance;
  private final ThreadLocal<RuleEvaluation> scratch;

  RulesScorer(RuleSet rules, String id) {
    this(rules, id, rules.version());
  }

  RulesScorer(RuleSet rules, String id, String version) {
    this.rules = rules;
    this.provenance = new Provenance(id, RulesScorerProvider.TYPE, version, rules.digest());
    this.scratch = ThreadLocal.withInitial(rules::newEvaluation);
  }

  @Override
  public Provenance provenance() {
    return provenance;
  }

  @Override
  public FeatureSchema schema() {
    return rules.schema();
  }

  RuleSet ruleSet() {
    return rules;
  }

  /** Points. */
  @Override
  public java.util.Optional<dev.scoring.api.ScoreKind> kind() {
    return java.util.Optional.of(dev.scoring.api.ScoreKind.POINTS);
  }

  @Override
  public Score score(Features row) {
    RuleEvaluation e = rules.evaluate(row, scratch.get());
    Action a = e.decision();
    String label = null;
    if (a instanceof Action.Route r) {
      label = r.team();
    } else if (a instanceof Action.Auto auto) {
      label = auto.name();
    }
    return new Score(e.points(), e.points(), ScoreKind.POINTS, label, List.of(), new double[0], provenance);
  }

  @Override
  public double scoreValue(Features row) {
    return rules.points(row);
  }

  @Override
  public Explanation explain(Features row) {
    return rules.explain(row, provenance.scorerId());
  }

  @Override
  public String toString() {
    return "RulesScorer[" + provenance + "]";
  }
}
