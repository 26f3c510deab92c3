package dev.scoring.lifecycle;

import dev.scoring.api.Features;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import dev.scoring.decision.RuleStage;
import java.util.List;
import java.util.Objects;

/**
 * A check a new scorer must pass before it replaces the one in use: it scores a reference sample,
 * and every score must be a finite value within {@code [min, max]}. A rule stage must evaluate every
 * row of the sample without failing.
 *
 * @param sample reference rows (e.g. a few hundred recent records), bound to the pipeline's schema
 * @param min the lowest acceptable score
 * @param max the highest acceptable score
 */
public record SmokeCheck(List<Features> sample, double min, double max) {

  /** Copies the sample and checks the bounds. */
  public SmokeCheck {
    sample = List.copyOf(sample);
    if (sample.isEmpty()) {
      throw new IllegalArgumentException("a smoke check needs at least one reference row");
    }
    if (!(min <= max)) {
      throw new IllegalArgumentException("smoke check bounds must satisfy min <= max: [" + min + ", " + max + "]");
    }
  }

  /** A check that every score of {@code sample} is a probability, in {@code [0, 1]}. */
  public static SmokeCheck probabilities(List<Features> sample) {
    return new SmokeCheck(sample, 0.0, 1.0);
  }

  /**
   * Scores the sample with {@code scorer}.
   *
   * @throws ModelRefusedException naming the first row that fails and why
   */
  public void check(String stage, Scorer scorer) {
    for (int i = 0; i < sample.size(); i++) {
      Score score;
      try {
        score = scorer.score(sample.get(i));
      } catch (RuntimeException | StackOverflowError e) {
        throw new ModelRefusedException(stage, "smoke check: reference row " + i + " failed to score: " + e, e);
      }
      if (score == null) {
        throw new ModelRefusedException(stage, "smoke check: reference row " + i + " got no score", null);
      }
      double v = score.value();
      if (!(v >= min && v <= max)) {
        throw new ModelRefusedException(stage, "smoke check: reference row " + i + " scored " + v
            + ", outside the expected bounds [" + min + ", " + max + "]", null);
      }
    }
  }

  /**
   * Evaluates the sample with {@code rules}.
   *
   * @throws ModelRefusedException naming the first row that fails
   */
  public void check(String stage, RuleStage rules) {
    for (int i = 0; i < sample.size(); i++) {
      try {
        Objects.requireNonNull(rules.evaluate(sample.get(i)), "no outcome");
      } catch (RuntimeException | StackOverflowError e) {
        throw new ModelRefusedException(stage, "smoke check: reference row " + i + " failed in the rules: " + e, e);
      }
    }
  }
}
