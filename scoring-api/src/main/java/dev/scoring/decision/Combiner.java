package dev.scoring.decision;

import dev.scoring.api.ScoreKind;
import java.util.List;
import java.util.Optional;

/**
 * Makes a pipeline's final score from its scorers' values (in the order the scorers were added)
 * and the points its rule stages added.
 *
 * <p>The built-in combiners also say what kind of score they make ({@link #kind(List)}, checked
 * against the guardrail bands when the pipeline is built) and can combine the scores that remain
 * when some scorers failed ({@link #combineAvailable(double[], boolean[], double)}, for
 * {@link ScorerFailurePolicy#DROP_FAILED}). A combiner written as a lambda gives neither.
 */
@FunctionalInterface
public interface Combiner {

  /**
   * The final score.
   *
   * @param scores each scorer's value, in pipeline order (do not keep or change the array)
   * @param points the sum of the points rule stages added
   */
  double combine(double[] scores, double points);

  /**
   * The kind of score this combiner makes from scorers of these kinds (empty where a scorer does
   * not declare its kind), or empty when it cannot tell; the default cannot tell.
   *
   * @throws IllegalArgumentException if these kinds cannot be combined (probabilities with points)
   */
  default Optional<ScoreKind> kind(List<Optional<ScoreKind>> scorerKinds) {
    return Optional.empty();
  }

  /** Whether {@link #combineAvailable(double[], boolean[], double)} is supported; the default is not. */
  default boolean combinesAvailable() {
    return false;
  }

  /**
   * The final score from the scorers that did not fail ({@code failed[i]} is true for the others,
   * whose values are meaningless); weights are renormalised over the rest.
   *
   * @throws UnsupportedOperationException unless {@link #combinesAvailable()}
   */
  default double combineAvailable(double[] scores, boolean[] failed, double points) {
    throw new UnsupportedOperationException("this combiner cannot leave out a failed scorer");
  }

  /** The first scorer's value, or the rule points when the pipeline has no scorer (the default). */
  static Combiner first() {
    return Combiners.First.INSTANCE;
  }

  /** The rule points alone (a scorecard pipeline). */
  static Combiner points() {
    return Combiners.Points.INSTANCE;
  }

  /**
   * The weighted sum of the scorers' values; weights that sum to 1 give a weighted mean of probabilities.
   *
   * @throws IllegalArgumentException if a weight is not finite
   */
  static Combiner weighted(double... weights) {
    return new Combiners.Weighted(weights);
  }
}
