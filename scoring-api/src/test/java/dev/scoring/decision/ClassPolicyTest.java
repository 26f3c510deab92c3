package dev.scoring.decision;

import dev.scoring.api.Decision;
import dev.scoring.api.Action;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;

import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.Provenance;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The class policy of {@link GuardrailPolicy}: an action per predicted class, guarded by confidence. */
class ClassPolicyTest {

  private static final List<String> RISK = List.of("on track", "at risk", "likely slip");
  private static final Provenance PROVENANCE = new Provenance("risk", "test", "1", "sha256:22");
  private static final FeatureSchema SCHEMA =
      FeatureSchema.builder().number("p0").number("p1").number("p2").build();

  private static GuardrailPolicy riskPolicy() {
    return GuardrailPolicy.builder()
        .classAction("on track", Action.auto("no-action"))
        .classAction("at risk", Action.route("deal-desk"))
        .classAction("likely slip", Action.negative("downgrade-forecast"))
        .classConfidence(0.6, 0.2)
        .reviewQueue("forecast-review")
        .build();
  }

  private static Score score(double... p) {
    int top = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[top]) {
        top = i;
      }
    }
    return Score.classification(top, Math.log(p[top]), RISK, p, PROVENANCE);
  }

  @Test
  void confidentClassTakesItsAction() {
    assertEquals(Action.auto("no-action"), riskPolicy().classActionFor(score(0.8, 0.15, 0.05)));
    assertEquals(Action.route("deal-desk"), riskPolicy().classActionFor(score(0.1, 0.7, 0.2)));
  }

  @Test
  void lowTopProbabilityOrSmallMarginGoesToReviewNamingBothClasses() {
    Action low = riskPolicy().classActionFor(score(0.55, 0.25, 0.2));
    assertEquals("forecast-review", ((Action.Review) low).queue());
    assertTrue(((Action.Review) low).reason().contains("'on track' 0.55, 'at risk' 0.25"), low.describe());
    GuardrailPolicy wideMargin = GuardrailPolicy.builder()
        .classAction("at risk", Action.route("deal-desk")).classConfidence(0.4, 0.3).build();
    Action close = wideMargin.classActionFor(score(0.05, 0.55, 0.4));
    assertTrue(((Action.Review) close).reason().contains("margin 0.15 below 0.3"), close.describe());
    assertEquals(Action.route("deal-desk"), wideMargin.classActionFor(score(0.05, 0.7, 0.25)));
  }

  @Test
  void classWithoutActionGoesToReview() {
    GuardrailPolicy policy = GuardrailPolicy.builder().classAction("on track", Action.auto("no-action")).build();
    Action a = policy.classActionFor(score(0.1, 0.85, 0.05));
    assertTrue(((Action.Review) a).reason().startsWith("no action for class 'at risk'"), a.describe());
  }

  @Test
  void builderRejectsBadInput() {
    assertThrows(IllegalArgumentException.class, () -> GuardrailPolicy.builder().classAction(" ", Action.auto("x")));
    assertThrows(IllegalArgumentException.class,
        () -> GuardrailPolicy.builder().classAction("a", Action.auto("x")).classAction("a", Action.auto("y")));
    assertThrows(IllegalArgumentException.class, () -> GuardrailPolicy.builder().classConfidence(1.5, 0));
    assertThrows(IllegalArgumentException.class, () -> GuardrailPolicy.builder().classConfidence(0.5, Double.NaN));
    assertThrows(IllegalStateException.class, () -> GuardrailPolicy.builder().build());
    assertThrows(IllegalArgumentException.class,
        () -> riskPolicy().classActionFor(Score.probability(0.5, 0, PROVENANCE)));
  }

  @Test
  void pipelineRoutesByClassAndNeverAutomatesTheNegativeClass() {
    DecisionPipeline pipeline = DecisionPipeline.builder(SCHEMA).scorer(new RiskScorer()).policy(riskPolicy()).build();
    Decision onTrack = pipeline.decide(row(0.9, 0.07, 0.03));
    assertEquals(Action.auto("no-action"), onTrack.action());
    assertFalse(onTrack.requiresReview());
    assertTrue(onTrack.reasons().get(0).startsWith("predicted class 'on track'"), onTrack.reasons().toString());

    Decision slip = pipeline.decide(row(0.05, 0.1, 0.85));
    assertEquals(Action.negative("downgrade-forecast"), slip.proposed());
    assertTrue(slip.requiresReview());
    assertTrue(slip.action().describe().contains("never automatic"), slip.action().describe());

    Decision unsure = pipeline.decide(row(0.4, 0.35, 0.25));
    assertEquals("forecast-review", unsure.queue().orElseThrow());
    assertTrue(unsure.action().describe().contains("uncertain class"), unsure.action().describe());
  }

  @Test
  void anAutomaticClassDecisionAlwaysMeetsBothThresholds() {
    GuardrailPolicy policy = riskPolicy();
    qt().forAll(doubles().between(0, 1), doubles().between(0, 1), doubles().between(0, 1))
        .check((a, b, c) -> {
          double sum = a + b + c;
          if (sum == 0) {
            return true;
          }
          double[] p = {a / sum, b / sum, c / sum};
          Action action = policy.classActionFor(score(p));
          double[] sorted = p.clone();
          java.util.Arrays.sort(sorted);
          boolean sure = sorted[2] >= 0.6 && sorted[2] - sorted[1] >= 0.2;
          return (action instanceof Action.Review) == !sure;
        });
  }

  private static Features row(double... p) {
    return Features.of(SCHEMA, Map.of("p0", p[0], "p1", p[1], "p2", p[2]));
  }

  /** Class probabilities straight from the row. */
  private static final class RiskScorer implements Scorer {
    @Override
    public Provenance provenance() {
      return PROVENANCE;
    }

    @Override
    public FeatureSchema schema() {
      return SCHEMA;
    }

    @Override
    public Score score(Features row) {
      return ClassPolicyTest.score(row.number(0), row.number(1), row.number(2));
    }

    @Override
    public Explanation explain(Features row) {
      return new Explanation("risk", 0, List.of(), List.of());
    }
  }
}
