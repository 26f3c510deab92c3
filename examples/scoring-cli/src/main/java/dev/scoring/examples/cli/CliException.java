package dev.scoring.examples.cli;

/** A failure the tool reports as one line on stderr: bad input data, a missing file, a wrong option. */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CliException(String message) {
    super(message);
  }

  CliException(String message, Throwable cause) {
    super(message, cause);
  }
}
