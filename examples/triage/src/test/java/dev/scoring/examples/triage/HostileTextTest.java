package dev.scoring.examples.triage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.RecordException;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import dev.scoring.api.Decision;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Damaged and hostile text never crashes a ticket model or the triage pipeline, and the work per
 * text is bounded: the graphs read at most the first 400 tokens, so a 1 MiB text scores like its
 * first 400 words.
 */
class HostileTextTest {

  private static final FeatureSchema SCHEMA = TicketTriage.schema();
  private static final Scorer NEURAL = TicketTriage.load(TicketTriage.NEURAL_MODEL, SCHEMA);
  private static final Scorer LINEAR = TicketTriage.load(TicketTriage.LINEAR_MODEL, SCHEMA);
  private static final TicketTriage TRIAGE = TicketTriage.load();

  @AfterAll
  static void close() {
    NEURAL.close();
    LINEAR.close();
    TRIAGE.close();
  }

  private static Features row(String text) {
    return Features.of(SCHEMA, Map.of("text", text));
  }

  /** A score, or a clear RecordException; never anything else. */
  private static boolean scoresOrRefuses(Scorer scorer, String text) {
    try {
      Score s = scorer.score(row(text));
      double sum = 0;
      for (double p : s.classProbabilities()) {
        sum += p;
      }
      return Math.abs(sum - 1) < 1e-5 && s.label() != null;
    } catch (RecordException e) {
      return e.getMessage() != null && !e.getMessage().isBlank();
    }
  }

  @Test
  void aMebibyteOfWordsScoresLikeItsFirst400Words() {
    String[] words = {"printer", "laptop", "access", "password", "purchase", "order", "disk", "leave", "please"};
    Random random = new Random(11);
    StringBuilder sb = new StringBuilder();
    StringBuilder first = new StringBuilder();
    int n = 0;
    while (sb.length() < Features.MAX_STRING_LENGTH - 20) {
      String w = words[random.nextInt(words.length)];
      sb.append(w).append(' ');
      if (n++ < 400) {
        first.append(w).append(' ');
      }
    }
    for (Scorer scorer : new Scorer[] {NEURAL, LINEAR}) {
      double[] huge = scorer.score(row(sb.toString())).classProbabilities();
      double[] prefix = scorer.score(row(first.toString())).classProbabilities();
      for (int c = 0; c < huge.length; c++) {
        assertEquals(prefix[c], huge[c], 1e-6);
      }
    }
    Decision d = TRIAGE.route(sb.toString());
    assertTrue(d.requiresReview(), d.summary());
  }

  @Test
  void surrogatesNullBytesAndControlCharactersNeverCrash() {
    String[] hostile = {"\uD800", "\uDC00printer", "printer \uD800\uD800 broken \uDFFF", "printer\u0000broken",
        "\u0000\u0000\u0000", "laptop\u0007\u001b[31m red \u202e reversed", "\uFEFFaccess\uFFFE\uFFFF",
        "😀 printer 🖨️ broken", "ＰＲＩＮＴＥＲ ＢＲＯＫＥＮ", "İstanbul ofisinde yazıcı bozuk", "\r\n\t"};
    for (String text : hostile) {
      assertTrue(scoresOrRefuses(NEURAL, text), text);
      assertTrue(scoresOrRefuses(LINEAR, text), text);
      Decision d = TRIAGE.route(text);
      assertNotNull(d.action(), text);
    }
  }

  @Test
  void noStringCrashesTheModelsOrLosesADecision() {
    qt().withExamples(300).forAll(strings().allPossible().ofLengthBetween(0, 3_000)).check(text ->
        scoresOrRefuses(NEURAL, text) && scoresOrRefuses(LINEAR, text) && TRIAGE.route(text) != null);
  }
}
