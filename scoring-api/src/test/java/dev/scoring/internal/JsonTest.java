package dev.scoring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void instantsAreWrittenAsInstantToStringWritesThem() {
    for (String text : new String[] {"2026-12-05T07:10:06.651031110Z", "2026-12-05T07:10:00Z", "1970-01-01T00:00:00Z",
        "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "2024-02-29T12:00:00.120Z", "1999-12-31T23:59:59.000001Z"}) {
      assertEquals(text, written(Instant.parse(text)));
    }
    for (Instant edge : new Instant[] {Instant.MIN, Instant.MAX, Instant.EPOCH.minusNanos(1), Instant.parse("0000-01-01T00:00:00Z").minusNanos(1),
        Instant.parse("9999-12-31T23:59:59.999999999Z").plusNanos(1)}) {
      assertEquals(edge.toString(), written(edge));
    }
  }

  @Test
  void anyInstantIsWrittenAsInstantToStringWritesIt() {
    qt().forAll(longs().between(-70_000_000_000L, 260_000_000_000L), integers().between(0, 999_999_999), integers().between(0, 2))
        .checkAssert((seconds, nanos, rounding) -> {
          // fractions of whole milli- and microseconds as often as arbitrary ones
          int nano = rounding == 0 ? nanos : rounding == 1 ? nanos / 1_000 * 1_000 : nanos / 1_000_000 * 1_000_000;
          Instant t = Instant.ofEpochSecond(seconds, nano);
          assertEquals(t.toString(), written(t));
        });
  }

  @Test
  void stringsAreEscapedAsRfc8259Requires() {
    assertEquals("\"plain text\"", string("plain text"));
    assertEquals("\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u2028h\\u2029\"", string("a\"b\\c\nd\re\tf\u0001g\u2028h\u2029"));
    qt().forAll(strings().allPossible().ofLengthBetween(0, 40)).checkAssert(s -> assertEquals(escapedCharByChar(s), string(s)));
  }

  private static String written(Instant t) {
    StringBuilder sb = new StringBuilder("x");
    Json.instant(sb, t);
    return sb.substring(1);
  }

  private static String string(String s) {
    StringBuilder sb = new StringBuilder();
    Json.string(sb, s);
    return sb.toString();
  }

  /** The oracle: every character on its own, as RFC 8259 section 7 says. */
  private static String escapedCharByChar(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\r') {
        sb.append("\\r");
      } else if (c == '\t') {
        sb.append("\\t");
      } else if (c < 0x20 || c == '\u2028' || c == '\u2029') {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
