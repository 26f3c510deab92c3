package dev.scoring.decision;

import dev.scoring.api.Decision;
import dev.scoring.api.Action;
import dev.scoring.api.ReviewStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.FiredRule;
import dev.scoring.api.MutableFeatures;
import dev.scoring.review.BoundedReviewQueue;
import dev.scoring.review.InMemoryAuditSink;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Properties of the pipeline over random rows, scorer behaviours, rules and policies. */
final class DecisionPipelinePropertiesTest {

  private static final FeatureSchema SCHEMA = DecisionPipelineTest.SCHEMA;
  private static final FeatureSchema OTHER = FeatureSchema.builder().number("zz").build();
  private static final TestScorer.Mode[] MODES = TestScorer.Mode.values();

  /** The pieces one example draws: a row, a scorer mode, a rule behaviour, a policy shape, a queue size. */
  private record Setup(Features row, TestScorer.Mode mode, int rule, boolean withBaseline, int queueCapacity) {}

  private static Setup setup(double p, int amountBucket, int pick, int shape) {
    MutableFeatures row = Features.mutable(SCHEMA);
    if (pick % 11 != 0) {
      row.setNumber(0, p);
    }
    row.setNumber(1, amountBucket * 40_000.0);
    row.setString(2, pick % 5 == 0 ? "STRATEGIC" : "A-" + pick);
    Features input = pick % 17 == 0 ? Features.builder(OTHER).build() : row.snapshot();
    return new Setup(input, MODES[shape % MODES.length], (shape / 4) % 4, shape % 2 == 0, 1 + (shape % 3));
  }

  private static RuleStage rule(int kind) {
    FiredRule fired = new FiredRule("r", "rule text", "outcome");
    return switch (kind) {
      case 0 -> row -> RuleOutcome.pass();
      case 1 -> row -> "STRATEGIC".equals(row.string(2))
          ? new RuleOutcome.Decide(Action.route("strategic-ae"), List.of(fired)) : RuleOutcome.pass();
      case 2 -> row -> "STRATEGIC".equals(row.string(2))
          ? new RuleOutcome.Decide(Action.negative("close-lost"), List.of(fired)) : new RuleOutcome.Adjust(1, List.of(), List.of(fired));
      default -> row -> {
        if (row.number(1) > 150_000) {
          throw new IllegalStateException("rule engine crashed");
        }
        return new RuleOutcome.Adjust(0, List.of("flagged"), List.of(fired));
      };
    };
  }

  @Test
  void everyInput_getsOneDecisionOneAuditRecord_andTheGuardrailsHold() {
    qt().withExamples(1000)
        .forAll(doubles().between(0.0, 1.0), integers().between(0, 6), integers().between(0, 1000), integers().between(0, 63))
        .checkAssert((p, amountBucket, pick, shape) -> {
          Setup s = setup(p, amountBucket, pick, shape);
          InMemoryAuditSink audit = new InMemoryAuditSink();
          BoundedReviewQueue queue = new BoundedReviewQueue(s.queueCapacity());
          DecisionPipeline.Builder b = DecisionPipeline.builder(SCHEMA)
              .policy(DecisionPipelineTest.policy())
              .audit(audit)
              .reviewQueue(queue)
              .rules(rule(s.rule()))
              .scorer(new TestScorer(SCHEMA, "ml", s.mode(), 300_000))
              .timeBudget(Duration.ofNanos(150_000));
          if (s.withBaseline()) {
            b.baseline(new TestScorer(SCHEMA, "baseline"));
          }
          DecisionPipeline pipeline = b.build();

          Decision d = pipeline.decide(s.row());

          // exactly one audit record, for this decision
          assertEquals(1, audit.size());
          assertEquals(d, audit.records().get(0).decision());
          // negative actions are never automatic
          if (d.action() instanceof Action.Auto a) {
            assertEquals(false, a.negative(), d.summary());
          }
          // a review is queued, or its refusal is visible
          if (d.requiresReview()) {
            assertEquals(queue.size() == 1 ? ReviewStatus.QUEUED : ReviewStatus.QUEUE_FULL, d.review());
          } else {
            assertEquals(ReviewStatus.NOT_NEEDED, d.review());
            assertEquals(0, queue.size());
          }
          // a failing or slow scorer, when it was reached, always yields review with a reason naming it
          boolean rowValid = s.row().schema().equals(SCHEMA);
          boolean strategic = rowValid && "STRATEGIC".equals(s.row().string(2));
          boolean ruleDecided = (s.rule() == 1 || s.rule() == 2) && strategic;
          boolean ruleCrashed = s.rule() == 3 && rowValid && s.row().number(1) > 150_000;
          boolean scorerReached = rowValid && !ruleDecided && !ruleCrashed;
          boolean scorerFails = s.mode() != TestScorer.Mode.OK || (rowValid && s.row().isMissing(0));
          if (scorerReached && scorerFails) {
            assertEquals(true, d.fallback(), d.summary());
            Action.Review review = (Action.Review) d.action();
            boolean named = review.reason().contains("scorer ml failed") || review.reason().contains("scorer ml took");
            assertEquals(true, named, review.reason());
            assertEquals(true, d.scores().stream().noneMatch(x -> x.provenance().scorerId().equals("ml")), d.summary());
          }
          if (!rowValid || ruleCrashed) {
            assertEquals(true, d.requiresReview(), d.summary());
          }
        });
  }
}
