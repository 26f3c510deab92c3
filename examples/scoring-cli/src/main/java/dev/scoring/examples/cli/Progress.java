package dev.scoring.examples.cli;

import java.io.PrintWriter;
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

  static boolean terminal() {
    return System.console() != null;
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
