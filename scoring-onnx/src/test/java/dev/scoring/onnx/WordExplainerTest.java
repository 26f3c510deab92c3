package dev.scoring.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.scoring.api.Contribution;
import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.Provenance;
import dev.scoring.api.RecordException;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Shapley values of words against a keyword classifier whose answer is known word by word. */
class WordExplainerTest {

  private static final FeatureSchema SCHEMA = FeatureSchema.builder().number("size").text("body").build();
  private static final List<String> CLASSES = List.of("hardware", "access");

  /** Softmax over two classes; "printer" adds 2 to hardware, "password" 2 to access, "printer"+"jam" together 1 more. */
  private static final class Keywords implements Scorer {
    final AtomicInteger rows = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public Provenance provenance() {
      return new Provenance("keywords", "test", "1", "sha256:33");
    }

    @Override
    public FeatureSchema schema() {
      return SCHEMA;
    }

    @Override
    public Score score(Features row) {
      rows.incrementAndGet();
      String t = " " + String.valueOf(row.string(1)).toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", " ") + " ";
      double hw = (t.contains(" printer ") ? 2 : 0) + (t.contains(" printer ") && t.contains(" jam ") ? 1 : 0);
      double ac = t.contains(" password ") ? 2 : 0;
      double p = Math.exp(hw) / (Math.exp(hw) + Math.exp(ac));
      double[] probs = {p, 1 - p};
      return Score.classification(p >= 0.5 ? 0 : 1, p >= 0.5 ? hw : ac, CLASSES, probs, provenance());
    }

    @Override
    public List<Score> scoreBatch(List<? extends Features> rows) {
      calls.incrementAndGet();
      return Scorer.super.scoreBatch(rows);
    }

    @Override
    public Explanation explain(Features row) {
      throw new UnsupportedOperationException();
    }
  }

  private static Features row(String text) {
    return Features.of(SCHEMA, Map.of("size", 3, "body", text));
  }

  @Test
  void theDecisiveWordLeadsAndTheContributionsSumToThePredictedClassProbability() {
    Keywords k = new Keywords();
    String text = "Printer JAM on floor two, printer again";
    Explanation e = WordExplainer.builder(k, "body").build().explain(row(text));
    double p = k.score(row(text)).classProbability(0);
    assertEquals(p, e.margin(), 1e-12);
    assertEquals(0.5, e.bias(), 1e-12);
    assertEquals(6, e.contributions().size());
    Contribution top = e.topPositive(1).get(0);
    assertEquals("body:printer", top.feature());
    assertEquals("word 'printer'", top.observed());
    Contribution jam = e.contributions().get(1);
    assertEquals("body:jam", jam.feature());
    // exact Shapley values of the two-player game v({}) = v({jam}) = 0.5, v({printer}) = s(2), v(both) = s(3)
    double s2 = 1 / (1 + Math.exp(-2));
    double s3 = 1 / (1 + Math.exp(-3));
    assertEquals(0.5 * ((s2 - 0.5) + (s3 - 0.5)), top.weight(), 1e-9);
    assertEquals(0.5 * (s3 - s2), jam.weight(), 1e-9);
    for (Contribution c : e.contributions().subList(2, 6)) {
      assertEquals(0.0, c.weight(), 1e-12, c.feature());
    }
    assertTrue(k.rows.get() <= 64 + 4, "exact: about 2^6 coalitions, the background and the full text: " + k.rows.get());
  }

  @Test
  void redundantWordsShareTheCredit() {
    Keywords k = new Keywords();
    Explanation e = WordExplainer.builder(k, "body").build().explain(row("password password reset password"));
    assertEquals(2, e.contributions().size());
    assertEquals("body:password", e.topPositive(1).get(0).feature());
    assertEquals(k.score(row("password")).classProbability(1), e.margin(), 1e-12);
  }

  @Test
  void budgetAndSizeLimitsHold() {
    Keywords k = new Keywords();
    WordExplainer explainer = WordExplainer.builder(k, "body").maxWords(3).maxChars(100).build();
    Explanation e = explainer.explain(row("a b c d e f g printer"));
    assertTrue(e.contributions().size() <= 3, e.contributions().toString());
    assertEquals(k.score(row("a b c d e f g printer")).classProbability(0), e.margin(), 1e-12);
    RecordException tooLong = assertThrows(RecordException.class, () -> explainer.explain(row("x".repeat(101))));
    assertEquals(RecordException.Problem.TOO_LARGE, tooLong.problem());
    assertEquals(RecordException.Problem.MISSING_VALUE,
        assertThrows(RecordException.class, () -> explainer.explain(Features.of(SCHEMA, Map.of("size", 1)))).problem());
    assertThrows(IllegalArgumentException.class, () -> WordExplainer.builder(k, "size"));
    assertThrows(IllegalArgumentException.class, () -> WordExplainer.builder(k, "body").maxWords(0));
  }

  @Test
  void explainingScorerScoresLikeTheModelAndExplainsByWords() {
    Keywords k = new Keywords();
    Scorer s = WordExplainer.builder(k, "body").build().explaining();
    assertEquals(k.score(row("password reset")), s.score(row("password reset")));
    assertEquals("body:password", s.explain(row("password reset")).topPositive(1).get(0).feature());
  }

  @Test
  void anyTextIsExplainedExactlyWithinBudget() {
    Keywords k = new Keywords();
    qt().forAll(strings().allPossible().ofLengthBetween(0, 300), integers().between(1, 20)).check((text, max) -> {
      k.rows.set(0);
      Explanation e = WordExplainer.builder(k, "body").maxWords(max).build().explain(row(text));
      double p = k.score(row(text)).classProbabilities()[CLASSES.indexOf(k.score(row(text)).label())];
      return Math.abs(e.margin() - p) < 1e-12 && e.contributions().size() <= max;
    });
  }
}
