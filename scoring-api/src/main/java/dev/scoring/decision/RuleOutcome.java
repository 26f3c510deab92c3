package dev.scoring.decision;

import dev.scoring.api.Action;
import dev.scoring.api.FiredRule;
import java.util.List;

/**
 * What a {@link RuleStage} did with a record: nothing ({@link Pass}), add points and flags and go
 * on ({@link Adjust}), or decide and stop the pipeline ({@link Decide}).
 */
public sealed interface RuleOutcome {

  /** Nothing fired. */
  static RuleOutcome pass() {
    return Pass.INSTANCE;
  }

  /** The rules that fired, in order. */
  List<FiredRule> fired();

  /** No rule fired; the pipeline goes on. */
  enum Pass implements RuleOutcome {
    /** The one instance. */
    INSTANCE;

    @Override
    public List<FiredRule> fired() {
      return List.of();
    }
  }

  /**
   * Rules added points (a scorecard) or raised review flags (governance); the pipeline goes on,
   * and any flag sends the record to review whatever its score.
   *
   * @param points points added for the combiner
   * @param reviewFlags reasons that force review, e.g. {@code "missing close date"}
   * @param fired the rules that fired
   */
  record Adjust(double points, List<String> reviewFlags, List<FiredRule> fired) implements RuleOutcome {
    /** Checks the points and copies the lists. */
    public Adjust {
      if (!Double.isFinite(points)) {
        throw new IllegalArgumentException("points must be finite: " + points);
      }
      reviewFlags = List.copyOf(reviewFlags);
      fired = List.copyOf(fired);
    }
  }

  /**
   * A rule decided (e.g. a named strategic account routes to the strategic AE team); the pipeline
   * stops scoring. The guardrail constraints still apply: a negative decision goes to review, and
   * so does a decision with review flags (held for review in the pipeline's review queue, one
   * reason per flag).
   *
   * @param action the action decided
   * @param reviewFlags reasons that hold the decision for review, e.g. {@code "missing close date"}
   * @param fired the rules that fired
   */
  record Decide(Action action, List<String> reviewFlags, List<FiredRule> fired) implements RuleOutcome {
    /** Copies the lists. */
    public Decide {
      reviewFlags = List.copyOf(reviewFlags);
      fired = List.copyOf(fired);
    }

    /** A decision with no review flag. */
    public Decide(Action action, List<FiredRule> fired) {
      this(action, List.of(), fired);
    }
  }
}
