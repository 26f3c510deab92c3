package dev.scoring.examples.quickstart;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The quickstart's progress: numbered steps with their time on the output, and, when standard error
 * is a terminal, a progress bar with rate and ETA for the slow loops (nothing when piped).
 */
final class Terminal {

  private final PrintStream out;
  private final PrintStream err;
  private final boolean bars;
  private final int steps;
  private int step;
  private long stepStart;

  Terminal(PrintStream out, PrintStream err, boolean bars, int steps) {
    this.out = out;
    this.err = err;
    this.bars = bars;
    this.steps = steps;
  }

  /** Whether file descriptor 2 is a terminal (Linux: where /proc/self/fd/2 points; else the console). */
  static boolean stderrIsTerminal() {
    Path fd = Path.of("/proc/self/fd/2");
    try {
      if (Files.isSymbolicLink(fd)) {
        String target = Files.readSymbolicLink(fd).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      }
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
    return System.console() != null;
  }

  /** Starts the next step: "[2/7] title". */
  void step(String title) {
    step++;
    stepStart = System.nanoTime();
    out.printf(Locale.ROOT, "%n[%d/%d] %s%n", step, steps, title);
  }

  /** Seconds since the step started. */
  double seconds() {
    return (System.nanoTime() - stepStart) / 1e9;
  }

  /** A line under the current step. */
  void line(String format, Object... args) {
    out.printf(Locale.ROOT, "      " + format + "%n", args);
  }

  /** A progress bar for {@code total} units of {@code what}; call {@link Bar#done()} at the end. */
  Bar bar(String what, long total) {
    return new Bar(what, total);
  }

  /** One loop's bar, redrawn at most five times a second. */
  final class Bar {
    private final String what;
    private final long total;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    private Bar(String what, long total) {
      this.what = what;
      this.total = total;
    }

    void update(long done) {
      if (!bars) {
        return;
      }
      long now = System.nanoTime();
      if (now - lastDraw < 200_000_000L && done < total) {
        return;
      }
      lastDraw = now;
      double elapsed = Math.max(1e-9, (now - start) / 1e9);
      double rate = done / elapsed;
      double f = total == 0 ? 1 : Math.min(1, (double) done / total);
      int width = 28;
      int filled = (int) Math.round(f * width);
      String eta = rate > 0 && done < total ? String.format(Locale.ROOT, "ETA %.0f s", (total - done) / rate) : "";
      err.printf(Locale.ROOT, "\r      [%s%s] %3.0f%%  %,d/%,d %s  %,.0f/s  %s   ", "#".repeat(filled), ".".repeat(width - filled), 100 * f, done,
          total, what, rate, eta);
      err.flush();
      drawn = true;
    }

    void done() {
      if (drawn) {
        err.print("\r" + " ".repeat(100) + "\r");
        err.flush();
      }
    }
  }
}
