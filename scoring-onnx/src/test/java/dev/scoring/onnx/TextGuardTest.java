package dev.scoring.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.RecordException;
import dev.scoring.decision.RuleOutcome;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The out-of-distribution guard for text models. */
class TextGuardTest {

  private static final Set<String> VOCABULARY = Set.of("printer", "broken", "please", "replace", "toner", "access");
  private static final TextGuard GUARD = TextGuard.builder("body", VOCABULARY).maxChars(1_000).build();
  private static final FeatureSchema SCHEMA = FeatureSchema.builder().text("body").number("n").build();

  @Test
  void knownTextPassesAndEachKindOfStrangeTextIsFlaggedWithItsReason() {
    assertNull(GUARD.check("Printer broken, please replace the toner"));
    assertEquals("body is missing", GUARD.check(null));
    assertTrue(GUARD.check("").startsWith("body has no words"));
    assertTrue(GUARD.check("!!! ??").startsWith("body has no words"));
    assertTrue(GUARD.check("der Drucker ist kaputt, bitte ersetzen").contains("0% of its 6 words"));
    assertTrue(GUARD.check("x".repeat(1_001)).contains("1001 characters, over the limit of 1000"));
  }

  @Test
  void asARuleStageItFlagsForReviewOrPasses() {
    assertEquals(RuleOutcome.pass(), GUARD.evaluate(Features.of(SCHEMA, Map.of("body", "printer toner", "n", 1))));
    RuleOutcome.Adjust a = (RuleOutcome.Adjust) GUARD.evaluate(Features.of(SCHEMA, Map.of("n", 1)));
    assertEquals(1, a.reviewFlags().size());
    assertEquals(0.0, a.points());
    assertEquals("text guard on body", a.fired().get(0).name());
    FeatureSchema other = FeatureSchema.builder().number("body").build();
    assertThrows(RecordException.class, () -> GUARD.evaluate(Features.of(other, Map.of("body", 1))));
  }

  @Test
  void vocabularyFilesAndBuilderBounds() {
    Set<String> v = TextGuard.readVocabulary(new ByteArrayInputStream("a\n\n b \nc".getBytes(StandardCharsets.UTF_8)));
    assertEquals(Set.of("a", "b", "c"), v);
    assertThrows(IllegalArgumentException.class, () -> TextGuard.builder("body", Set.of()));
    assertThrows(IllegalArgumentException.class, () -> TextGuard.builder("body", v).minKnownShare(1.5));
    assertThrows(IllegalArgumentException.class, () -> TextGuard.builder("body", v).maxChars(0));
  }

  @Test
  void noTextCrashesTheGuard() {
    qt().forAll(strings().allPossible().ofLengthBetween(0, 2_000)).check(s -> {
      GUARD.check(s);
      return true;
    });
  }
}
