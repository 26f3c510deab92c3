package dev.scoring.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.DoubleSupplier;

/**
 * A progress bar on stderr for long runs: shown only when stderr is a terminal and the run has
 * taken more than two seconds, redrawn at most four times a second.
 */
final class Progress {

  private final PrintWriter err;
  private final boolean enabled;
  private final long start = System.nanoTime();
  private long lastDraw;
  private boolean drawn;

  Progress(PrintWriter err, boolean enabled) {
    this.err = err;
    this.enabled = enabled;
  }

  /**
   * Whether stderr, where the bar is drawn, is a terminal. {@link System#console()} answers for
   * stdin and stdout, so it is wrong both ways when output is piped ({@code score ... | tee}) or
   * input redirected; on Linux the answer comes from what file descriptor 2 is.
   */
  static boolean stderrIsTerminal() {
    Path fd = Path.of("/proc/self/fd/2");
    if (Files.isSymbolicLink(fd)) {
      return isTerminal(fd);
    }
    return System.console() != null;
  }

  /** Whether this file descriptor link (as in {@code /proc/self/fd}) names a terminal device. */
  static boolean isTerminal(Path fdLink) {
    try {
      String target = Files.readSymbolicLink(fdLink).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  void update(long rows, DoubleSupplier fraction) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (now - start < 2_000_000_000L || now - lastDraw < 250_000_000L) {
      return;
    }
    lastDraw = now;
    double f = fraction.getAsDouble();
    int width = 30;
    int done = (int) Math.round(f * width);
    err.printf("\r[%s%s] %3.0f%%  %,d rows", "#".repeat(done), " ".repeat(width - done), f * 100, rows);
    err.flush();
    drawn = true;
  }

  void finish() {
    if (drawn) {
      err.print("\r" + " ".repeat(60) + "\r");
      err.flush();
    }
  }
}
