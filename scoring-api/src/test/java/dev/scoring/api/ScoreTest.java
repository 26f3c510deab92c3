package dev.scoring.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

final class ScoreTest {

  private static final Provenance P = new Provenance("conv", "xgboost", "3", "sha256:ab");

  @Test
  void probability_mustBeInUnitInterval() {
    assertEquals(0.7, Score.probability(0.7, 0.85, P).value());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Score.probability(1.2, 2, P));
    assertEquals("probability of conv is outside [0, 1]: 1.2", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Score.probability(Double.NaN, 0, P));
    assertThrows(IllegalArgumentException.class, () -> Score.points(Double.POSITIVE_INFINITY, P));
  }

  @Test
  void points_areUnbounded() {
    Score s = Score.points(-40, P);
    assertEquals(-40, s.value());
    assertEquals(-40, s.margin());
    assertEquals(ScoreKind.POINTS, s.kind());
    assertTrue(s.predictedLabel().isEmpty());
  }

  @Test
  void classification_copiesProbabilitiesAndNamesTheLabel() {
    double[] p = {0.2, 0.5, 0.3};
    Score s = Score.classification(1, 1.3, List.of("on-track", "at-risk", "slip"), p, P);
    p[0] = 0.9;
    assertEquals("at-risk", s.label());
    assertEquals(0.5, s.value());
    assertArrayEquals(new double[] {0.2, 0.5, 0.3}, s.classProbabilities());
    s.classProbabilities()[0] = 1;
    assertEquals(0.2, s.classProbability(0));
    assertEquals(s, Score.classification(1, 1.3, List.of("on-track", "at-risk", "slip"), new double[] {0.2, 0.5, 0.3}, P));
    assertNotEquals(s, Score.classification(2, 1.3, List.of("on-track", "at-risk", "slip"), new double[] {0.2, 0.5, 0.3}, P));
    assertThrows(IllegalArgumentException.class,
        () -> new Score(0.5, 0, ScoreKind.PROBABILITY, "a", List.of("a"), new double[] {0.5, 0.5}, P));
  }

  @Test
  void provenance_rejectsBlankParts() {
    assertThrows(IllegalArgumentException.class, () -> new Provenance(" ", "t", "v", "d"));
    assertEquals("conv (xgboost 3, sha256:ab)", P.toString());
  }

  @Test
  void explanation_sumsAndRanksReasons() {
    Explanation e = new Explanation("conv", -1.0, List.of(
        new Contribution("company_size", 0.8, "company_size = 800"),
        new Contribution("country", -0.3, "country = DE"),
        new Contribution("opens", 0.1, "opens = 2"),
        new Contribution("visits", -0.05, "visits = 1")),
        List.of(new FiredRule("big-co", "+10 when company_size > 500", "+10")));
    assertEquals(-0.45, e.margin(), 1e-12);
    assertEquals(List.of("company_size", "opens"), e.topPositive(5).stream().map(Contribution::feature).toList());
    assertEquals(List.of("country"), e.topNegative(1).stream().map(Contribution::feature).toList());
    assertEquals(List.of("big-co: +10", "company_size = 800 (+0.8)", "country = DE (-0.3)"), e.reasons(1));
    assertThrows(IllegalArgumentException.class, () -> e.topPositive(-1));
    assertThrows(IllegalArgumentException.class, () -> new Contribution("x", Double.NaN, "x"));
  }
}
