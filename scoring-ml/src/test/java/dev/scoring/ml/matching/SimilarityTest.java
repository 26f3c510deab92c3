package dev.scoring.ml.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.List;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Similarities: parity with Apache Commons Text, and the properties every similarity keeps. */
final class SimilarityTest {

  private static final Gen<String> WORDS = strings().betweenCodePoints('a', 'f').ofLengthBetween(0, 12);
  private static final Gen<String> ANY = strings().allPossible().ofLengthBetween(0, 30);

  @Test
  void jaroWinklerAgreesWithCommonsText() {
    JaroWinklerSimilarity oracle = new JaroWinklerSimilarity();
    // Commons Text's greedy matching can depend on the argument order for strings of equal length;
    // ours takes the larger direction there so it is symmetric, and equals Commons Text's otherwise
    qt().withExamples(3000).forAll(WORDS, WORDS).checkAssert((a, b) -> {
      double expected = a.length() == b.length() ? Math.max(oracle.apply(a, b), oracle.apply(b, a)) : oracle.apply(a, b);
      assertEquals(expected, Similarity.jaroWinkler(a, b), 1e-12, a + " / " + b);
    });
    assertEquals(oracle.apply("martha", "marhta"), Similarity.jaroWinkler("martha", "marhta"), 1e-12);
    assertEquals(oracle.apply("dixon", "dicksonx"), Similarity.jaroWinkler("dixon", "dicksonx"), 1e-12);
  }

  @Test
  void boundedLevenshteinAgreesWithCommonsText() {
    qt().withExamples(3000).forAll(WORDS, WORDS, integers().between(0, 6)).checkAssert((a, b, max) -> {
      int expected = new LevenshteinDistance(max).apply(a, b);
      assertEquals(expected, Similarity.levenshtein(a, b, max), a + " / " + b + " max " + max);
    });
  }

  @Test
  void similaritiesAreSymmetricInUnitIntervalAndOneOnIdentity() {
    TokenWeights w = TokenWeights.fit(List.of(List.of("acme", "systems"), List.of("systems"), List.of("group")));
    qt().withExamples(2000).forAll(ANY, ANY).checkAssert((x, y) -> {
      String a = Text.fold(x);
      String b = Text.fold(y);
      double[] ab = {Similarity.jaroWinkler(a, b), Similarity.levenshteinSimilarity(a, b, 3), Similarity.tokenJaccard(a, b),
          Similarity.qgramJaccard(a, b, 3), Similarity.tfidfCosine(Text.tokens(a), Text.tokens(b), w, 0),
          Similarity.tfidfCosine(Text.tokens(a), Text.tokens(b), w, 0.9)};
      double[] ba = {Similarity.jaroWinkler(b, a), Similarity.levenshteinSimilarity(b, a, 3), Similarity.tokenJaccard(b, a),
          Similarity.qgramJaccard(b, a, 3), Similarity.tfidfCosine(Text.tokens(b), Text.tokens(a), w, 0),
          Similarity.tfidfCosine(Text.tokens(b), Text.tokens(a), w, 0.9)};
      for (int i = 0; i < ab.length; i++) {
        assertEquals(ab[i], ba[i], 1e-12, "measure " + i + " not symmetric on '" + a + "' / '" + b + "'");
        assertTrue(ab[i] >= 0 && ab[i] <= 1, "measure " + i + " = " + ab[i]);
      }
      assertEquals(1.0, Similarity.jaroWinkler(a, a));
      assertEquals(1.0, Similarity.levenshteinSimilarity(a, a, 0));
      assertEquals(1.0, Similarity.tokenJaccard(a, a));
      assertEquals(1.0, Similarity.qgramJaccard(a, a, 3));
      assertEquals(1.0, Similarity.tfidfCosine(Text.tokens(a), Text.tokens(a), w, 0), 1e-12);
      assertEquals(1.0, Similarity.tfidfCosine(Text.tokens(a), Text.tokens(a), w, 0.9), 1e-12);
    });
  }

  @Test
  void fieldSimilaritiesAreSymmetricInUnitIntervalAndOneOnIdentity() {
    qt().withExamples(1500).forAll(ANY, ANY).checkAssert((x, y) -> {
      for (FieldType type : FieldType.values()) {
        FieldComparison c = new FieldComparison(MatchField.of("f", type), TokenWeights.uniform());
        Value a = c.prepare(x);
        Value b = c.prepare(y);
        double ab = c.similarity(a, b);
        double ba = c.similarity(b, a);
        if (Double.isNaN(ab)) {
          assertTrue(Double.isNaN(ba) && (a.missing() || b.missing()), type + " NaN one way only");
          continue;
        }
        assertEquals(ab, ba, 1e-12, type + " not symmetric on '" + x + "' / '" + y + "'");
        assertTrue(ab >= 0 && ab <= 1, type + " = " + ab);
        assertEquals(1.0, c.similarity(a, c.prepare(x)), type + " not 1 on identical '" + x + "'");
      }
    });
  }

  @Test
  void rareTokensCountMoreThanCommonOnes() {
    TokenWeights w = TokenWeights.fit(List.of(
        List.of("acme", "systems"), List.of("globex", "systems"), List.of("initech", "systems"), List.of("umbrella", "group")));
    double sharedRare = Similarity.tfidfCosine(List.of("acme", "systems"), List.of("acme", "group"), w, 0);
    double sharedCommon = Similarity.tfidfCosine(List.of("acme", "systems"), List.of("globex", "systems"), w, 0);
    assertTrue(sharedRare > sharedCommon, sharedRare + " vs " + sharedCommon);
  }

  @Test
  void numbersAndDates() {
    assertEquals(0.99, Similarity.numeric(99, 100), 1e-12);
    assertEquals(1.0, Similarity.numeric(0, 0));
    assertEquals(0.0, Similarity.numeric(-5, 5));
    assertEquals(0.5, Similarity.dates(0, 15, 30), 1e-12);
    assertEquals(0.0, Similarity.dates(0, 400, 30));
  }
}
