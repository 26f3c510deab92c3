package dev.scoring.api;

/**
 * The type of a feature in a {@link FeatureSchema}.
 *
 * <p>Numbers, booleans and timestamps are stored as primitives; categories and text as strings.
 * A category is a value from a small set ({@code "CA"}, {@code "SMB"}); text is free text that a
 * text model reads (an email body, a call transcript).
 */
public enum FeatureType {
  /** A finite double. */
  NUMBER,
  /** A string from a small set of values; each scorer maps it to its model's codes when it binds. */
  CATEGORY,
  /** {@code true} or {@code false}. */
  BOOLEAN,
  /** Free text. */
  TEXT,
  /** An instant, stored as epoch milliseconds. */
  TIMESTAMP;

  /** Whether a value of this type is stored as a string ({@link #CATEGORY} and {@link #TEXT}). */
  public boolean isString() {
    return this == CATEGORY || this == TEXT;
  }
}
