package dev.scoring.api;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A scorer's output for one record.
 *
 * <p>{@link #value()} is what guardrail bands read: a probability, points or a regression value,
 * as {@link #kind()} says. {@link #margin()} is the model's output before its link function (the
 * log-odds of a logistic model, the raw sum of a tree ensemble; equal to the value where there is
 * no link): an {@link Explanation}'s contributions sum to it. A classifier also gives its predicted
 * {@link #label()} and the probability of each class, aligned with {@link #classes()}.
 *
 * @param value the score, finite; in [0, 1] for {@link ScoreKind#PROBABILITY}
 * @param margin the value before the link function, finite
 * @param kind what the value means
 * @param label the predicted class or label, or {@code null}
 * @param classes class names for {@code classProbabilities}; empty if not a classifier over named classes
 * @param classProbabilities one probability per class (copied); empty if none
 * @param provenance the scorer and model that produced it
 */
public record Score(
    double value,
    double margin,
    ScoreKind kind,
    @Nullable String label,
    List<String> classes,
    double[] classProbabilities,
    Provenance provenance) {

  private static final double[] NONE = new double[0];

  /**
   * Checks and copies the components.
   *
   * @throws IllegalArgumentException if a number is not finite, a probability is outside [0, 1],
   *     or the class probabilities do not match the classes
   */
  public Score {
    if (!Double.isFinite(value) || !Double.isFinite(margin)) {
      throw new IllegalArgumentException("score of " + provenance.scorerId() + " is not finite: value " + value + ", margin " + margin);
    }
    if (kind == ScoreKind.PROBABILITY && (value < 0.0 || value > 1.0)) {
      throw new IllegalArgumentException("probability of " + provenance.scorerId() + " is outside [0, 1]: " + value);
    }
    classes = List.copyOf(classes);
    classProbabilities = classProbabilities.length == 0 ? NONE : classProbabilities.clone();
    if (classProbabilities.length != 0 && classProbabilities.length != classes.size()) {
      throw new IllegalArgumentException(
          classProbabilities.length + " class probabilities for " + classes.size() + " classes " + classes);
    }
    for (double p : classProbabilities) {
      if (!(p >= 0.0 && p <= 1.0)) {
        throw new IllegalArgumentException("class probability outside [0, 1]: " + p);
      }
    }
  }

  /** A probability with its log-odds margin. */
  public static Score probability(double probability, double margin, Provenance provenance) {
    return new Score(probability, margin, ScoreKind.PROBABILITY, null, List.of(), NONE, provenance);
  }

  /** Scorecard points (the margin is the points). */
  public static Score points(double points, Provenance provenance) {
    return new Score(points, points, ScoreKind.POINTS, null, List.of(), NONE, provenance);
  }

  /** A regression value with the margin it came from. */
  public static Score value(double value, double margin, Provenance provenance) {
    return new Score(value, margin, ScoreKind.VALUE, null, List.of(), NONE, provenance);
  }

  /**
   * A classifier's result: the predicted class, its probability as the value, the margin of that
   * class, and every class's probability.
   */
  public static Score classification(
      int predicted, double margin, List<String> classes, double[] probabilities, Provenance provenance) {
    return new Score(
        probabilities[predicted], margin, ScoreKind.PROBABILITY, classes.get(predicted), classes, probabilities, provenance);
  }

  /** The predicted label, if the scorer gives one. */
  public Optional<String> predictedLabel() {
    return Optional.ofNullable(label);
  }

  /** A copy of the class probabilities, aligned with {@link #classes()}. */
  @Override
  public double[] classProbabilities() {
    return classProbabilities.length == 0 ? NONE : classProbabilities.clone();
  }

  /** The probability of class {@code index} without copying. */
  public double classProbability(int index) {
    return classProbabilities[index];
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Score s
        && Double.compare(value, s.value) == 0
        && Double.compare(margin, s.margin) == 0
        && kind == s.kind
        && Objects.equals(label, s.label)
        && classes.equals(s.classes)
        && Arrays.equals(classProbabilities, s.classProbabilities)
        && provenance.equals(s.provenance);
  }

  @Override
  public int hashCode() {
    return Objects.hash(value, margin, kind, label, classes, Arrays.hashCode(classProbabilities), provenance);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Score[").append(provenance.scorerId()).append(' ')
        .append(kind.name().toLowerCase(java.util.Locale.ROOT)).append(' ').append(value);
    if (label != null) {
      sb.append(" label=").append(label);
    }
    if (classProbabilities.length > 0) {
      sb.append(" classes=").append(classes).append(Arrays.toString(classProbabilities));
    }
    return sb.append(']').toString();
  }
}
