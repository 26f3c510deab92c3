package dev.scoring.spark;

import dev.scoring.api.FeatureType;

/**
 * A table's columns do not fit the features a scorer or pipeline needs: a column is missing or has a
 * Spark type that cannot hold the feature's values. Thrown on the driver, before any job runs.
 */
public final class SchemaMismatchException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String column;
  private final FeatureType expected;

  SchemaMismatchException(String column, FeatureType expected, String message) {
    super(message);
    this.column = column;
    this.expected = expected;
  }

  /** The column (the feature's name). */
  public String column() {
    return column;
  }

  /** The feature's type. */
  public FeatureType expected() {
    return expected;
  }
}
