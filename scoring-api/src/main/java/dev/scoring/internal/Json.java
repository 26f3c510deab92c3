package dev.scoring.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** JSON string literals for the hand-written JSON of audit records and reference profiles. */
public final class Json {

  private Json() {}

  /** Appends {@code s} to {@code sb} as a quoted JSON string, escaping what RFC 8259 requires (and U+2028/U+2029). */
  public static void string(StringBuilder sb, String s) {
    sb.append('"');
    int plain = 0;
    while (plain < s.length() && !needsEscape(s.charAt(plain))) {
      plain++;
    }
    sb.append(s, 0, plain);  // most texts need no escape: one copy
    for (int i = plain; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** The epoch second of 0000-01-01T00:00:00Z. */
  private static final long YEAR_0 = -62_167_219_200L;
  /** The epoch second of 10000-01-01T00:00:00Z. */
  private static final long YEAR_10000 = 253_402_300_800L;

  /**
   * Appends {@code t} exactly as {@link Instant#toString()} writes it (ISO-8601 in UTC, the
   * fraction of a second in groups of three digits, none if zero), without its formatter for
   * years 0 to 9999.
   */
  public static void instant(StringBuilder sb, Instant t) {
    long seconds = t.getEpochSecond();
    if (seconds < YEAR_0 || seconds >= YEAR_10000) {
      sb.append(t);
      return;
    }
    LocalDateTime d = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    digits(sb, d.getYear(), 4);
    digits(sb.append('-'), d.getMonthValue(), 2);
    digits(sb.append('-'), d.getDayOfMonth(), 2);
    digits(sb.append('T'), d.getHour(), 2);
    digits(sb.append(':'), d.getMinute(), 2);
    digits(sb.append(':'), d.getSecond(), 2);
    int nano = t.getNano();
    if (nano != 0) {
      sb.append('.');
      if (nano % 1_000_000 == 0) {
        digits(sb, nano / 1_000_000, 3);
      } else if (nano % 1_000 == 0) {
        digits(sb, nano / 1_000, 6);
      } else {
        digits(sb, nano, 9);
      }
    }
    sb.append('Z');
  }

  /** Appends {@code value} (not negative) with leading zeros to {@code width} digits. */
  private static void digits(StringBuilder sb, int value, int width) {
    for (int div = pow10(width - 1); div > 0; div /= 10) {
      sb.append((char) ('0' + value / div % 10));
    }
  }

  private static int pow10(int n) {
    int p = 1;
    for (int i = 0; i < n; i++) {
      p *= 10;
    }
    return p;
  }

  private static boolean needsEscape(char c) {
    return c < 0x20 || c == '"' || c == '\\' || c == '\u2028' || c == '\u2029';
  }
}
