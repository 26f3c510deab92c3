package dev.scoring.monitoring.internal;

/**
 * The range checks of the monitors' and evaluations' builders, with one message format:
 * {@code "<name> must be ...: <value>"}. Each returns the value it accepts.
 */
public final class Check {

  private Check() {}

  /** {@code value} if at least {@code min}; {@code unit} (e.g. {@code " row"}) follows the bound in the message. */
  public static int atLeast(String name, int value, int min, String unit) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + unit + ": " + value);
    }
    return value;
  }

  /** {@code value} if at least {@code min}. */
  public static int atLeast(String name, int value, int min) {
    return atLeast(name, value, min, "");
  }

  /** {@code value} if in {@code [min, max]} (NaN is not). */
  public static double inClosed(String name, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(name + " must be in [" + text(min) + ", " + text(max) + "]: " + value);
    }
    return value;
  }

  /** {@code value} if in {@code (min, max]} (NaN is not). */
  public static double inLeftOpen(String name, double value, double min, double max) {
    if (!(value > min && value <= max)) {
      throw new IllegalArgumentException(name + " must be in (" + text(min) + ", " + text(max) + "]: " + value);
    }
    return value;
  }

  /** {@code value} if positive (NaN is not; +∞ is). */
  public static double positive(String name, double value) {
    if (!(value > 0)) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
    return value;
  }

  /** {@code value} if not blank. */
  public static String notBlank(String name, String value) {
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }

  /** A bound as written in the builders' documentation: {@code 1}, not {@code 1.0}. */
  private static String text(double bound) {
    return bound == Math.rint(bound) && Math.abs(bound) < 1e15 ? Long.toString((long) bound) : Double.toString(bound);
  }
}
