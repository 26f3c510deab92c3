package dev.scoring.decision;

/**
 * Makes a pipeline's final score from its scorers' values (in the order the scorers were added)
 * and the points its rule stages added.
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

  /** The first scorer's value, or the rule points when the pipeline has no scorer (the default). */
  static Combiner first() {
    return (scores, points) -> scores.length == 0 ? points : scores[0];
  }

  /** The rule points alone (a scorecard pipeline). */
  static Combiner points() {
    return (scores, points) -> points;
  }

  /**
   * The weighted sum of the scorers' values; weights that sum to 1 give a weighted mean of probabilities.
   *
   * @throws IllegalArgumentException if a weight is not finite
   */
  static Combiner weighted(double... weights) {
    double[] w = weights.clone();
    for (double x : w) {
      if (!Double.isFinite(x)) {
        throw new IllegalArgumentException("weights must be finite: " + java.util.Arrays.toString(weights));
      }
    }
    return (scores, points) -> {
      if (scores.length != w.length) {
        throw new IllegalStateException(w.length + " weights for " + scores.length + " scores");
      }
      double sum = 0;
      for (int i = 0; i < w.length; i++) {
        sum += w[i] * scores[i];
      }
      return sum;
    };
  }
}
