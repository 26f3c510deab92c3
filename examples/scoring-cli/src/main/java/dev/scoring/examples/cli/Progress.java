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
  private final String unit;
  private final long start = System.nanoTime();
  private long lastDraw;
  private boolean drawn;

  Progress(PrintWriter err, boolean enabled) {
    this(err, enabled, "rows");
  }

  /** A bar counting {@code unit} ("rows", "pairs"). */
  Progress(PrintWriter err, boolean enabled, String unit) {
    this.err = err;
    this.enabled = enabled;
    this.unit = unit;
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
    err.print(line(rows, f, (now - start) / 1e9, width, unit));
    err.flush();
    drawn = true;
  }

  /** The bar: done share, rows, rate and, while the share is below 1, the time left at that rate. */
  static String line(long rows, double fraction, double seconds, int width) {
    return line(rows, fraction, seconds, width, "rows");
  }

  /** The bar counting {@code unit}. */
  static String line(long rows, double fraction, double seconds, int width, String unit) {
    double f = Math.max(0, Math.min(1, fraction));
    int done = (int) Math.round(f * width);
    double rate = rows / Math.max(seconds, 1e-9);
    String eta = f > 0 && f < 1 ? String.format(java.util.Locale.ROOT, "  ETA %s", duration(seconds * (1 - f) / f)) : "";
    return String.format(java.util.Locale.ROOT, "\r[%s%s] %3.0f%%  %,d %s  %,.0f %s/s%s ", "#".repeat(done), " ".repeat(width - done),
        f * 100, rows, unit, rate, unit, eta);
  }

  private static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(java.util.Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(java.util.Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  void finish() {
    if (drawn) {
      err.print("\r" + " ".repeat(90) + "\r");
      err.flush();
    }
  }
}
