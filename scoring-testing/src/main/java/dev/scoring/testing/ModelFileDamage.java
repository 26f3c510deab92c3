package dev.scoring.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.scoring.api.Features;
import dev.scoring.api.ModelException;
import dev.scoring.api.RecordException;
import dev.scoring.api.Scorer;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Random damage to model files for "no input crashes the reader" properties: bytes overwritten, the
 * file cut, a range deleted or spliced in elsewhere, and (in text formats) a number replaced by an
 * extreme value; and the check that loading then either works or fails with a {@link ModelException}.
 */
public final class ModelFileDamage {

  private static final String[] EXTREMES = {"-1", "0", "1e308", "-1e308", "2147483647", "-2147483648", "9e18", "NaN",
      "nan", "inf", "-inf", "1.5", "65536", "\"\"", "null", "[]", "{}", "1e-320"};

  private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "model-file-damage");
    t.setDaemon(true);
    return t;
  });

  /** What reading and using one damaged file may allocate. */
  public static final long MAX_ALLOCATION_MB = 256;

  private ModelFileDamage() {}

  /**
   * The properties' seed: fixed, so CI runs exactly the cases checked before a commit (a new failing
   * case is found by exploring, not by a later CI run); {@code -Dfuzz.seed=N} explores others.
   */
  public static long seed() {
    return Long.getLong("fuzz.seed", 20261123L);
  }

  /** How many damaged files a property tries: {@code -Dfuzz.examples=N}, else {@code dflt}. */
  public static int examples(int dflt) {
    return Integer.getInteger("fuzz.examples", dflt);
  }

  /** A copy of {@code original} with one to three random edits. */
  public static byte[] damage(byte[] original, boolean text, Random r) {
    byte[] b = original.clone();
    int edits = 1 + r.nextInt(3);
    for (int e = 0; e < edits && b.length > 1; e++) {
      switch (r.nextInt(text ? 5 : 4)) {
        case 0 -> b[r.nextInt(b.length)] = (byte) r.nextInt(256);
        case 1 -> b = Arrays.copyOf(b, r.nextInt(b.length));
        case 2 -> {
          int from = r.nextInt(b.length);
          int len = Math.min(b.length - from, 1 + r.nextInt(64));
          byte[] out = new byte[b.length - len];
          System.arraycopy(b, 0, out, 0, from);
          System.arraycopy(b, from + len, out, from, b.length - from - len);
          b = out;
        }
        case 3 -> {
          int from = r.nextInt(b.length);
          int len = Math.min(b.length - from, 1 + r.nextInt(64));
          int to = r.nextInt(b.length);
          byte[] out = new byte[b.length + len];
          System.arraycopy(b, 0, out, 0, to);
          System.arraycopy(b, from, out, to, len);
          System.arraycopy(b, to, out, to + len, b.length - to);
          b = out;
        }
        default -> b = replaceNumber(b, r);
      }
    }
    return b;
  }

  /**
   * Runs {@code load} (read a damaged file, then use the scorer) under a time limit and requires it
   * to finish or to throw a {@link ModelException} with a message, allocating at most
   * {@value #MAX_ALLOCATION_MB} MB on the way (limits must stop absurd sizes before allocating);
   * anything else fails the property.
   */
  public static boolean loadsOrFailsClearly(String what, Runnable load) {
    AtomicLong allocated = new AtomicLong();
    Future<?> run = POOL.submit(() -> {
      long before = allocatedByThisThread();
      try {
        load.run();
      } finally {
        allocated.set(allocatedByThisThread() - before);
      }
    });
    try {
      run.get(20, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      run.cancel(true);
      fail(what + ": no answer within 20 s");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (!(cause instanceof ModelException)) {
        throw new AssertionError(what + ": " + cause, cause);
      }
      assertTrue(cause.getMessage() != null && !cause.getMessage().isBlank(), what + ": a message");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    assertTrue(allocated.get() <= MAX_ALLOCATION_MB << 20, what + ": allocated " + (allocated.get() >> 20) + " MB");
    return true;
  }

  /**
   * Uses a scorer read from a damaged file on one row: {@code scoreValue}, {@code score}, a batch of
   * one and (if asked) {@code explain}. A {@link RecordException} is a handled refusal of the row;
   * anything else propagates to {@link #loadsOrFailsClearly}.
   *
   * @return the row's value, or NaN if the row was refused
   */
  public static double use(Scorer scorer, Features row, boolean explain) {
    try {
      double value = scorer.scoreValue(row);
      scorer.score(row);
      scorer.scoreBatch(List.of(row));
      if (explain) {
        scorer.explain(row);
      }
      return value;
    } catch (RecordException refused) {
      return Double.NaN;
    }
  }

  /**
   * Bytes this thread has allocated so far, from HotSpot's {@code com.sun.management.ThreadMXBean}
   * (looked up reflectively: the module under test does not read {@code java.management}).
   */
  private static long allocatedByThisThread() {
    try {
      Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
      Method m = Class.forName("com.sun.management.ThreadMXBean").getMethod("getThreadAllocatedBytes", long.class);
      return (long) m.invoke(bean, Thread.currentThread().getId());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("HotSpot's thread allocation counter is not available", e);
    }
  }

  /** Replaces one number in a text model with an extreme value. */
  private static byte[] replaceNumber(byte[] b, Random r) {
    String s = new String(b, StandardCharsets.ISO_8859_1);
    int start = r.nextInt(s.length());
    while (start < s.length() && !Character.isDigit(s.charAt(start))) {
      start++;
    }
    if (start == s.length()) {
      return b;
    }
    int end = start;
    while (end < s.length() && "0123456789.eE+-".indexOf(s.charAt(end)) >= 0) {
      end++;
    }
    String out = s.substring(0, start) + EXTREMES[r.nextInt(EXTREMES.length)] + s.substring(end);
    return out.getBytes(StandardCharsets.ISO_8859_1);
  }
}
