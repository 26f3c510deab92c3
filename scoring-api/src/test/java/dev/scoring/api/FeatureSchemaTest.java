package dev.scoring.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.List;
import org.junit.jupiter.api.Test;

final class FeatureSchemaTest {

  private static final FeatureSchema SCHEMA = FeatureSchema.builder()
      .number("amount").category("country").bool("inbound").text("notes").timestamp("created").build();

  @Test
  void builder_assignsPositionsInOrder() {
    assertEquals(List.of("amount", "country", "inbound", "notes", "created"), SCHEMA.names());
    assertEquals(5, SCHEMA.size());
    assertEquals(new Feature("inbound", FeatureType.BOOLEAN, 2), SCHEMA.feature(2));
    assertEquals(3, SCHEMA.feature("notes").index());
  }

  @Test
  void builder_rejectsDuplicateNames() {
    FeatureSchema.Builder b = FeatureSchema.builder().number("amount");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.category("amount"));
    assertEquals("duplicate feature 'amount': already added as NUMBER at position 0", e.getMessage());
  }

  @Test
  void feature_rejectsInvalidNames() {
    assertThrows(IllegalArgumentException.class, () -> FeatureSchema.builder().number(""));
    assertThrows(IllegalArgumentException.class, () -> FeatureSchema.builder().number("   "));
    IllegalArgumentException control = assertThrows(IllegalArgumentException.class, () -> FeatureSchema.builder().number("a\nb"));
    assertEquals("feature name 'a\\u000ab' is not valid: it contains a control character (U+000A) at position 1", control.getMessage());
    assertThrows(IllegalArgumentException.class, () -> FeatureSchema.builder().number("a`b"));
    assertThrows(IllegalArgumentException.class, () -> FeatureSchema.builder().number("x".repeat(Feature.MAX_NAME_LENGTH + 1)));
  }

  @Test
  void feature_acceptsTheHeadersOfRealExports() {
    FeatureSchema s = FeatureSchema.builder().number("Total Time Spent on Website").category("Lead Origin")
        .number("1st contact (days)").category("Città").number("x".repeat(Feature.MAX_NAME_LENGTH)).build();
    assertEquals(1, s.require("Lead Origin", FeatureType.CATEGORY));
    assertEquals("Total Time Spent on Website", s.feature(0).name());
  }

  @Test
  void require_bindsByNameAndType() {
    assertEquals(1, SCHEMA.require("country", FeatureType.CATEGORY));
    ModelException wrongType = assertThrows(ModelException.class, () -> SCHEMA.require("country", FeatureType.NUMBER));
    assertEquals("feature 'country' is CATEGORY in the schema but the model needs NUMBER", wrongType.getMessage());
    ModelException unknown = assertThrows(ModelException.class, () -> SCHEMA.require("countyr", FeatureType.CATEGORY));
    assertEquals("the schema has no feature 'countyr'; it has [amount, country, created, inbound, notes]", unknown.getMessage());
  }

  @Test
  void equality_isByFeatures() {
    FeatureSchema same = FeatureSchema.builder()
        .number("amount").category("country").bool("inbound").text("notes").timestamp("created").build();
    assertEquals(SCHEMA, same);
    assertEquals(SCHEMA.hashCode(), same.hashCode());
    assertNotEquals(SCHEMA, FeatureSchema.builder().number("amount").build());
  }

  @Test
  void builder_laterChangesDoNotAffectBuiltSchema() {
    FeatureSchema.Builder b = FeatureSchema.builder().number("a");
    FeatureSchema first = b.build();
    b.number("b");
    assertEquals(1, first.size());
    assertEquals(2, b.build().size());
  }

  @Test
  void binding_rejectsEveryNameNotInTheSchema() {
    qt().withExamples(1000)
        .forAll(strings().basicLatinAlphabet().ofLengthBetween(1, 12), integers().between(1, 20))
        .check((name, size) -> {
          FeatureSchema.Builder b = FeatureSchema.builder();
          for (int i = 0; i < size; i++) {
            b.number("f" + i);
          }
          FeatureSchema schema = b.build();
          boolean known = schema.find(name).isPresent();
          try {
            schema.require(name, FeatureType.NUMBER);
            return known;
          } catch (ModelException e) {
            return !known && e.getMessage().contains("'" + name + "'");
          }
        });
    assertTrue(SCHEMA.find("amount").isPresent());
  }
}
