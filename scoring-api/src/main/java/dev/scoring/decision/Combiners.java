package dev.scoring.decision;

import dev.scoring.api.ScoreKind;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The built-in combiners: linear in the scorers' values, so they know their weights. */
final class Combiners {

  private Combiners() {}

  /** A combiner whose score is a weighted sum of the scorers' values, for explanations. */
  interface Linear extends Combiner {
    /** The weight of scorer {@code i} of {@code n}. */
    double weight(int i, int n);
  }

  /** The first scorer's value (the points with no scorer); when it failed, the next available one. */
  enum First implements Linear {
    INSTANCE;

    @Override
    public double combine(double[] scores, double points) {
      return scores.length == 0 ? points : scores[0];
    }

    @Override
    public Optional<ScoreKind> kind(List<Optional<ScoreKind>> scorerKinds) {
      return scorerKinds.isEmpty() ? Optional.of(ScoreKind.POINTS) : scorerKinds.get(0);
    }

    @Override
    public boolean combinesAvailable() {
      return true;
    }

    @Override
    public double combineAvailable(double[] scores, boolean[] failed, double points) {
      for (int i = 0; i < scores.length; i++) {
        if (!failed[i]) {
          return scores[i];
        }
      }
      throw new IllegalStateException("every scorer failed");
    }

    @Override
    public double weight(int i, int n) {
      return i == 0 ? 1.0 : 0.0;
    }

    @Override
    public String toString() {
      return "first";
    }
  }

  /** The rule points alone. */
  enum Points implements Linear {
    INSTANCE;

    @Override
    public double combine(double[] scores, double points) {
      return points;
    }

    @Override
    public Optional<ScoreKind> kind(List<Optional<ScoreKind>> scorerKinds) {
      return Optional.of(ScoreKind.POINTS);
    }

    @Override
    public boolean combinesAvailable() {
      return true;
    }

    @Override
    public double combineAvailable(double[] scores, boolean[] failed, double points) {
      return points;
    }

    @Override
    public double weight(int i, int n) {
      return 0.0;
    }

    @Override
    public String toString() {
      return "points";
    }
  }

  /** A weighted sum; without some scorers, the remaining weights are scaled to the same total. */
  static final class Weighted implements Linear {
    private final double[] w;
    private final double total;

    Weighted(double[] weights) {
      this.w = weights.clone();
      double sum = 0;
      for (double x : w) {
        if (!Double.isFinite(x)) {
          throw new IllegalArgumentException("weights must be finite: " + Arrays.toString(weights));
        }
        sum += x;
      }
      this.total = sum;
    }

    @Override
    public double combine(double[] scores, double points) {
      check(scores.length);
      double sum = 0;
      for (int i = 0; i < w.length; i++) {
        sum += w[i] * scores[i];
      }
      return sum;
    }

    @Override
    public Optional<ScoreKind> kind(List<Optional<ScoreKind>> scorerKinds) {
      check(scorerKinds.size());
      ScoreKind common = null;
      for (int i = 0; i < scorerKinds.size(); i++) {
        Optional<ScoreKind> k = scorerKinds.get(i);
        if (k.isEmpty()) {
          return Optional.empty();
        }
        if (common != null && common != k.get()) {
          throw new IllegalArgumentException("a weighted combiner blends scorers of different kinds (" + common
              + " and " + k.get() + " at scorer " + (i + 1) + "): calibrate them to one kind first");
        }
        common = k.get();
      }
      if (common == ScoreKind.PROBABILITY && !isMean()) {
        return Optional.of(ScoreKind.VALUE);
      }
      return Optional.ofNullable(common);
    }

    /** Whether the weights are non-negative and sum to 1, so a blend of probabilities is a probability. */
    private boolean isMean() {
      for (double x : w) {
        if (x < 0) {
          return false;
        }
      }
      return Math.abs(total - 1.0) <= 1e-9;
    }

    @Override
    public boolean combinesAvailable() {
      return true;
    }

    @Override
    public double combineAvailable(double[] scores, boolean[] failed, double points) {
      check(scores.length);
      double sum = 0;
      double kept = 0;
      for (int i = 0; i < w.length; i++) {
        if (!failed[i]) {
          sum += w[i] * scores[i];
          kept += w[i];
        }
      }
      if (kept == 0) {
        throw new IllegalStateException("the scorers that did not fail have no weight");
      }
      return sum * (total / kept);
    }

    @Override
    public double weight(int i, int n) {
      check(n);
      return w[i];
    }

    private void check(int n) {
      if (n != w.length) {
        throw new IllegalStateException(w.length + " weights for " + n + " scores");
      }
    }

    @Override
    public String toString() {
      return "weighted" + Arrays.toString(w);
    }
  }
}
