import org.jspecify.annotations.NullMarked;

/** Rules: a rule language for routing, point scorecards and governance, compiled for the hot path (provider type rules). */
@NullMarked
module dev.scoring.rules {
  requires transitive dev.scoring.api;
  requires static transitive org.jspecify;

  exports dev.scoring.rules;

  provides dev.scoring.api.ScorerProvider with dev.scoring.rules.RulesScorerProvider;
}
