package dev.scoring.decision;

import dev.scoring.api.ModelException;
import dev.scoring.api.RecordException;
import org.jspecify.annotations.Nullable;

/**
 * A stage of one decision failed (a scorer, a rule stage, the combiner): the reason for the
 * review, and the error to rethrow once the decision is audited when the JVM cannot go on.
 *
 * <p>What is recoverable: every exception, and the errors one call can cause and survive, such as
 * {@link StackOverflowError}, {@link OutOfMemoryError} (a plugin's huge allocation fails, its
 * memory is gone with its frames), {@link LinkageError} (a plugin's missing class) and
 * {@link AssertionError}. Not recoverable: the other {@link VirtualMachineError}s
 * ({@link InternalError}, {@link UnknownError}), which say the JVM itself is broken.
 */
final class StageFailure extends Exception {

  private static final long serialVersionUID = 1L;

  /** The error to rethrow after the decision is audited, or null when the failure is recoverable. */
  final transient @Nullable Error fatal;
  final String reason;

  StageFailure(String reason, @Nullable Error fatal) {
    super(reason, null, false, false);
    this.reason = reason;
    this.fatal = fatal;
  }

  /** A failure whose reason is {@code prefix} followed by what {@code e} says. */
  static StageFailure of(String prefix, Throwable e) {
    return new StageFailure(prefix + describe(e), fatal(e));
  }

  /** {@code e} if the JVM cannot be trusted to go on after it, else null. */
  static @Nullable Error fatal(Throwable e) {
    return e instanceof VirtualMachineError v && !(e instanceof StackOverflowError) && !(e instanceof OutOfMemoryError)
        ? v : null;
  }

  /** The reason, for people: the message of a record or model problem, else the type and message. */
  static String describe(Throwable e) {
    String msg = e.getMessage();
    return e instanceof RecordException || e instanceof ModelException
        ? String.valueOf(msg)
        : e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
  }
}
