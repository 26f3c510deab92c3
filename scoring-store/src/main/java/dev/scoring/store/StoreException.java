package dev.scoring.store;

/** The store could not do what was asked: the database failed, or its schema is not one this library can use. */
public final class StoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** A failure with its cause. */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A failure without a cause. */
  public StoreException(String message) {
    super(message);
  }
}
