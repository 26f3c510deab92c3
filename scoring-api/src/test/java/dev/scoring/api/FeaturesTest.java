package dev.scoring.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class FeaturesTest {

  private static final FeatureSchema SCHEMA = FeatureSchema.builder()
      .number("amount").category("country").bool("inbound").text("notes").timestamp("created").build();

  @Test
  void of_readsEveryType() {
    Instant created = Instant.parse("2026-01-02T03:04:05Z");
    Features row = Features.of(SCHEMA, Map.of(
        "amount", 1200, "country", "CA", "inbound", true, "notes", "call me", "created", created));
    assertEquals(1200.0, row.number(0));
    assertEquals("CA", row.string(1));
    assertTrue(row.bool(2));
    assertEquals("call me", row.string(3));
    assertEquals(created.toEpochMilli(), row.epochMillis(4));
    assertEquals(created, row.value(4));
  }

  @Test
  void missing_isDistinctFromZeroAndEmpty() {
    Features missing = Features.builder(SCHEMA).build();
    Features zero = Features.of(SCHEMA, Map.of("amount", 0, "country", "", "inbound", false));
    for (int i = 0; i < SCHEMA.size(); i++) {
      assertTrue(missing.isMissing(i));
    }
    assertFalse(zero.isMissing(0));
    assertFalse(zero.isMissing(1));
    assertFalse(zero.isMissing(2));
    assertTrue(Double.isNaN(missing.number(0)));
    assertNull(missing.string(1));
    assertEquals("", zero.string(1));
    assertNotEquals(missing, zero);
    assertEquals("missing", missing.display(0));
  }

  @Test
  void of_nullValueIsMissing() {
    Map<String, Object> values = new HashMap<>();
    values.put("amount", null);
    assertTrue(Features.of(SCHEMA, values).isMissing(0));
  }

  @Test
  void of_unknownNameIsNamed() {
    RecordException e = assertThrows(RecordException.class, () -> Features.of(SCHEMA, Map.of("amout", 5)));
    assertEquals(RecordException.Problem.UNKNOWN_FEATURE, e.problem());
    assertEquals("amout", e.feature().orElseThrow());
    assertEquals("unknown feature 'amout'; the schema has [amount, country, created, inbound, notes]", e.getMessage());
  }

  @Test
  void of_wrongTypeNamesFieldAndExpectedType() {
    RecordException e = assertThrows(RecordException.class, () -> Features.of(SCHEMA, Map.of("amount", "12")));
    assertEquals(RecordException.Problem.WRONG_TYPE, e.problem());
    assertEquals("feature 'amount' expects NUMBER (a Number) but got String \"12\"", e.getMessage());
    RecordException b = assertThrows(RecordException.class, () -> Features.of(SCHEMA, Map.of("inbound", "maybe")));
    assertEquals("feature 'inbound' expects BOOLEAN (a Boolean, 1 or 0, or " + Features.BOOLEAN_SPELLINGS
        + ") but got String \"maybe\"", b.getMessage());
    assertThrows(RecordException.class, () -> Features.of(SCHEMA, Map.of("inbound", 2)));
    RecordException c = assertThrows(RecordException.class, () -> Features.of(SCHEMA, Map.of("country", 7)));
    assertEquals("feature 'country' expects CATEGORY (a String) but got Integer 7", c.getMessage());
    RecordException t = assertThrows(RecordException.class, () -> Features.of(SCHEMA, Map.of("created", 17L)));
    assertTrue(t.getMessage().startsWith("feature 'created' expects TIMESTAMP (an Instant"), t.getMessage());
  }

  @Test
  void of_booleanAcceptsTheSpellingsOfCrmExports() {
    for (Object yes : new Object[] {true, "true", "TRUE", "True", "yes", "YES", "y", "Y", "t", "T", "1", " 1 ", 1, 1L, 1.0}) {
      Features row = Features.of(SCHEMA, Map.of("inbound", yes));
      assertTrue(row.bool(2), () -> String.valueOf(yes));
      assertFalse(row.isMissing(2));
    }
    for (Object no : new Object[] {false, "false", "FALSE", "no", "No", "n", "N", "f", "F", "0", 0, 0.0}) {
      Features row = Features.of(SCHEMA, Map.of("inbound", no));
      assertFalse(row.bool(2), () -> String.valueOf(no));
      assertFalse(row.isMissing(2));
    }
    for (String not : new String[] {"", "2", "yess", "on", "tru", "-1", "0.5", "truefalse"}) {
      assertNull(Features.parseBoolean(not), not);
    }
  }

  @Test
  void of_rejectsNaNAndInfinity() {
    RecordException nan = assertThrows(RecordException.class, () -> Features.of(SCHEMA, Map.of("amount", Double.NaN)));
    assertEquals(RecordException.Problem.NOT_FINITE, nan.problem());
    assertEquals("feature 'amount' is NaN; numbers must be finite (leave a missing value out)", nan.getMessage());
    assertThrows(RecordException.class, () -> Features.of(SCHEMA, Map.of("amount", Double.POSITIVE_INFINITY)));
    assertThrows(RecordException.class, () -> Features.mutable(SCHEMA).setNumber(0, Double.NaN));
  }

  @Test
  void of_rejectsOversizedStrings() {
    String big = "x".repeat(Features.MAX_STRING_LENGTH + 1);
    RecordException e = assertThrows(RecordException.class, () -> Features.of(SCHEMA, Map.of("notes", big)));
    assertEquals(RecordException.Problem.TOO_LARGE, e.problem());
  }

  @Test
  void timestamp_acceptsDates() {
    Features row = Features.of(SCHEMA, Map.of("created", LocalDate.of(2026, 3, 1)));
    assertEquals(Instant.parse("2026-03-01T00:00:00Z").toEpochMilli(), row.epochMillis(4));
  }

  @Test
  void mutable_checksTypesAndResets() {
    MutableFeatures row = Features.mutable(SCHEMA);
    row.setNumber(0, 5).setString(1, "US").setBool(2, true).setEpochMillis(4, 1000);
    assertEquals(5.0, row.number(0));
    RecordException e = assertThrows(RecordException.class, () -> row.setNumber(1, 3));
    assertEquals(RecordException.Problem.WRONG_TYPE, e.problem());
    assertThrows(RecordException.class, () -> row.setString(0, "x"));
    assertThrows(RecordException.class, () -> row.setBool(0, true));
    Features snapshot = row.snapshot();
    row.clear();
    assertTrue(row.isMissing(0));
    assertEquals(5.0, snapshot.number(0));
    assertSame(snapshot, snapshot.snapshot());
    row.copyFrom(snapshot);
    assertTrue(row.sameValues(snapshot));
    row.setMissing(0);
    assertTrue(row.isMissing(0));
  }

  @Test
  void requireSchema_rejectsAnotherSchema() {
    FeatureSchema other = FeatureSchema.builder().number("x").build();
    RecordException e = assertThrows(RecordException.class, () -> Features.builder(other).build().requireSchema(SCHEMA));
    assertEquals(RecordException.Problem.SCHEMA_MISMATCH, e.problem());
    Features.builder(SCHEMA).build().requireSchema(FeatureSchema.builder()
        .number("amount").category("country").bool("inbound").text("notes").timestamp("created").build());
  }

  @Test
  void fromMap_roundTrips() {
    qt().withExamples(1000)
        .forAll(
            doubles().between(-1e12, 1e12),
            strings().allPossible().ofLengthBetween(0, 20),
            booleans().all(),
            integers().between(0, 31))
        .check((amount, country, inbound, missingMask) -> {
          long millis = amount.longValue() * 7;
          Map<String, Object> in = new LinkedHashMap<>();
          if ((missingMask & 1) == 0) {
            in.put("amount", amount);
          }
          if ((missingMask & 2) == 0) {
            in.put("country", country);
          }
          if ((missingMask & 4) == 0) {
            in.put("inbound", inbound);
          }
          if ((missingMask & 8) == 0) {
            in.put("notes", country + "!");
          }
          if ((missingMask & 16) == 0) {
            in.put("created", Instant.ofEpochMilli(millis));
          }
          Features row = Features.of(SCHEMA, in);
          Features again = Features.of(SCHEMA, row.toMap());
          return row.toMap().equals(in) && again.equals(row) && again.digest() == row.digest();
        });
  }

  @Test
  void digest_differsForDifferentValues() {
    Features a = Features.of(SCHEMA, Map.of("amount", 1, "country", "CA"));
    Features b = Features.of(SCHEMA, Map.of("amount", 1, "country", "US"));
    Features c = Features.of(SCHEMA, Map.of("amount", 1));
    assertNotEquals(a.digest(), b.digest());
    assertNotEquals(a.digest(), c.digest());
    assertEquals(a.digest(), Features.of(SCHEMA, Map.of("country", "CA", "amount", 1.0)).digest());
  }

  @Test
  void copyNumbers_convertsEachValueAndReportsAnyMissingInTheRange() {
    qt().withExamples(2_000).forAll(integers().between(1, 40), integers().between(0, 1 << 20)).check((n, seed) -> {
      java.util.Random r = new java.util.Random(seed);
      FeatureSchema.Builder b = FeatureSchema.builder();
      for (int i = 0; i < n; i++) {
        b.number("x" + i);
      }
      FeatureSchema schema = b.build();
      MutableFeatures row = Features.mutable(schema);
      for (int i = 0; i < n; i++) {
        if (r.nextInt(6) != 0) {
          row.setNumber(i, r.nextGaussian() * 1e3);
        }
      }
      int from = r.nextInt(n);
      int count = r.nextInt(n - from + 1);
      float[] dest = new float[count + 3];
      boolean missing = row.copyNumbers(from, count, dest, 3);
      boolean expected = false;
      for (int j = 0; j < count; j++) {
        double v = row.number(from + j);
        expected |= Double.isNaN(v);
        if (Float.floatToRawIntBits(dest[3 + j]) != Float.floatToRawIntBits((float) v)) {
          return false;
        }
      }
      return missing == expected;
    });
  }
}
