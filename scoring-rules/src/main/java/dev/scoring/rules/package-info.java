/**
 * Rules: a rule language for routing, point scorecards and governance flags, compiled against a
 * {@link dev.scoring.api.FeatureSchema} for the hot path (provider type {@code rules}).
 *
 * <p>Entry points: {@link dev.scoring.rules.RuleSet#loader(dev.scoring.api.FeatureSchema)} loads
 * rule files and CSV decision tables, {@link dev.scoring.rules.RuleSet#builder(dev.scoring.api.FeatureSchema)}
 * builds the same rules in Java, and {@link dev.scoring.rules.RulesScorerProvider} makes them a
 * {@link dev.scoring.api.Scorer} through {@code Scorers.load}. A {@link dev.scoring.rules.RuleSet} is
 * also a {@link dev.scoring.decision.RuleStage}; {@link dev.scoring.rules.ReloadableRuleSet} swaps
 * rule sets atomically. Bad rules raise {@link dev.scoring.rules.RuleFileException} naming file,
 * line and column. The grammar is in the module's README.
 */
@NullMarked
package dev.scoring.rules;

import org.jspecify.annotations.NullMarked;
