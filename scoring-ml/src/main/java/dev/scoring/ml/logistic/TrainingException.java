package dev.scoring.ml.logistic;

import dev.scoring.api.ModelException;

/**
 * Training cannot produce a usable model: the labels have one class, a feature has no values,
 * the design matrix is singular, or the optimiser does not converge. The message says what and
 * suggests a fix (drop a column, add an L2 penalty, raise the iteration limit).
 */
public final class TrainingException extends ModelException {

  private static final long serialVersionUID = 1L;

  /** A training failure described by {@code message}. */
  public TrainingException(String message) {
    super(message);
  }
}
