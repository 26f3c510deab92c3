package dev.scoring.api;

import org.jspecify.annotations.Nullable;

/**
 * The root of the library's exceptions; all are unchecked.
 *
 * <p>Two families tell a caller what to do: a {@link ModelException} means a model or a
 * configuration is unusable (fix it, do not retry), a {@link RecordException} means one record is
 * bad (the guardrail layer sends it to review; other records are unaffected).
 */
public abstract sealed class ScoringException extends RuntimeException
    permits ModelException, RecordException {

  private static final long serialVersionUID = 1L;

  ScoringException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
