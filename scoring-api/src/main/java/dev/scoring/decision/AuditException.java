package dev.scoring.decision;

import dev.scoring.api.Decision;

/**
 * The audit sink failed to record a decision. The decision was made (and, if it needed review,
 * offered to the queue); it travels with this exception so the host can still act on it and
 * record it elsewhere. Nothing is lost silently.
 */
public final class AuditException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Decision decision;

  AuditException(Decision decision, Throwable cause) {
    super("the audit sink failed to record decision " + decision.id() + ": " + cause, cause);
    this.decision = decision;
  }

  /** The decision that could not be audited. */
  public Decision decision() {
    return decision;
  }
}
