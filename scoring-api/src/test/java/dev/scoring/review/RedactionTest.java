package dev.scoring.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Personal marks in the schema drive redaction; a reviewer's free text is redacted against the record's tokens. */
final class RedactionTest {

  private static final byte[] KEY = "0123456789abcdef0123".getBytes(StandardCharsets.UTF_8);
  private static final FeatureSchema MARKED = FeatureSchema.builder().number("amount").category("email").text("name")
      .personal("email", "name").build();

  @Test
  void schemaMarks_applyUnderEveryRedaction() {
    Features row = Features.of(MARKED, Map.of("amount", 5.0, "email", "a@b.example", "name", "Ann Lee"));
    assertTrue(MARKED.isPersonal("email"));
    assertFalse(MARKED.isPersonal("amount"));
    assertTrue(Redaction.none().appliesTo(MARKED));
    assertNull(Redaction.none().value(row, 1), "none() drops what the schema marks");
    assertEquals(5.0, Redaction.none().value(row, 0));
    Redaction hash = Redaction.keyedHash(List.of(), KEY);
    assertEquals(hash.token("a@b.example"), hash.value(row, 1));
    assertEquals("mail " + hash.token("a@b.example") + " from " + hash.token("Ann Lee"),
        hash.text("mail a@b.example from Ann Lee", row));
    assertEquals("mail [redacted]", Redaction.none().text("mail a@b.example", row));
    assertThrows(IllegalArgumentException.class, () -> FeatureSchema.builder().number("x").personal("y").build());
  }

  @Test
  void marks_doNotTakePartInEquality() {
    FeatureSchema plain = FeatureSchema.builder().number("amount").category("email").text("name").build();
    assertEquals(plain, MARKED);
    assertEquals(plain.hashCode(), MARKED.hashCode());
    assertFalse(Redaction.none().appliesTo(plain));
  }

  @Test
  void freeText_replacesPersonalValuesFoundByTheirTokens() {
    Redaction r = Redaction.keyedHash(List.of("email"), KEY);
    List<String> tokens = List.of(r.token("Ann Lee"), r.token("ann@x.example"));
    assertEquals("spoke to " + r.token("Ann Lee") + " (" + r.token("ann@x.example") + "), fine.",
        r.freeText("spoke to Ann Lee (ann@x.example), fine.", tokens));
    assertEquals("spoke to Ann", r.freeText("spoke to Ann", tokens), "a part of a value is not the value");
    assertEquals("nothing here", r.freeText("nothing here", tokens));
    assertEquals("ann@x.example", Redaction.drop(List.of("email")).freeText("ann@x.example", tokens),
        "a dropping redaction keeps nothing to match against");
  }

  @Test
  void freeText_neverKeepsAValueWhoseTokenIsKnown() {
    Redaction r = Redaction.keyedHash(List.of("name"), KEY);
    qt().forAll(strings().betweenCodePoints('a', 'z').ofLengthBetween(3, 10), strings().allPossible().ofLengthBetween(0, 30),
            strings().allPossible().ofLengthBetween(0, 30))
        .checkAssert((value, before, after) -> {
          String text = before + " " + value + " " + after;
          String out = r.freeText(text, List.of(r.token(value)));
          assertTrue(!out.contains(" " + value + " ") || before.contains(value) || after.contains(value),
              "'" + value + "' kept in " + out);
        });
  }
}
