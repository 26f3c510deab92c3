package dev.scoring.api;

import org.jspecify.annotations.Nullable;

/**
 * A model file, a scorer specification or a configuration is unusable: it cannot be read, it is
 * malformed, it names features the schema does not have, or no provider handles its type.
 *
 * <p>Thrown when something is loaded or built, so a host app fails fast at start-up rather than
 * per record. The message names what and where (file, line or byte offset, feature, option).
 */
public non-sealed class ModelException extends ScoringException {

  private static final long serialVersionUID = 1L;

  /** A model or configuration error described by {@code message}. */
  public ModelException(String message) {
    super(message, null);
  }

  /** A model or configuration error described by {@code message}, caused by {@code cause}. */
  public ModelException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
