package dev.scoring.api;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One record cannot be scored as given: an unknown feature, a value of the wrong type, a value
 * that is not finite, a value a model requires but the record lacks, or an input too large.
 *
 * <p>The record is bad, not the model: a {@code DecisionPipeline} catches this and sends the
 * record to review with the message as the reason.
 */
public final class RecordException extends ScoringException {

  private static final long serialVersionUID = 1L;

  /** What is wrong with the record, for callers that branch on it. */
  public enum Problem {
    /** The record names a feature the schema does not have. */
    UNKNOWN_FEATURE,
    /** A value has the wrong type for its feature. */
    WRONG_TYPE,
    /** A number is NaN or infinite; a missing value is left out instead. */
    NOT_FINITE,
    /** A value the scorer needs is missing. */
    MISSING_VALUE,
    /** The record, or a value in it, is larger than the configured limit. */
    TOO_LARGE,
    /** The row is bound to another schema than the scorer's. */
    SCHEMA_MISMATCH,
    /** The scorer rejected the record for another reason, given in the message. */
    INVALID
  }

  private final Problem problem;
  private final @Nullable String feature;

  /**
   * A bad record.
   *
   * @param problem what is wrong
   * @param feature the feature concerned, or {@code null} if the problem is the whole record
   * @param message what is wrong, naming the feature and what was expected
   */
  public RecordException(Problem problem, @Nullable String feature, String message) {
    this(problem, feature, message, null);
  }

  /** A bad record, with the exception that revealed it. */
  public RecordException(Problem problem, @Nullable String feature, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.problem = problem;
    this.feature = feature;
  }

  /** What is wrong with the record. */
  public Problem problem() {
    return problem;
  }

  /** The feature concerned, if the problem is about one feature. */
  public Optional<String> feature() {
    return Optional.ofNullable(feature);
  }
}
