package dev.scoring.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.FiredRule;
import dev.scoring.api.Provenance;
import dev.scoring.api.Score;
import dev.scoring.api.ScoreKind;
import dev.scoring.review.BoundedReviewQueue;
import dev.scoring.review.InMemoryAuditSink;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Pipelines built from random stages (scorers that return null, throw exceptions and errors,
 * sleep past their deadline or disagree on kinds; rule stages that do the same; any combiner and
 * failure policy) over random records (well-formed or malformed maps): each either refuses to
 * build, or gives exactly one decision and one audit record for every input.
 */
final class RandomPipelinesPropertyTest {

  private static final FeatureSchema SCHEMA = DecisionPipelineTest.SCHEMA;
  private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "random-pipelines");
    t.setDaemon(true);
    return t;
  });

  @AfterAll
  static void stop() {
    POOL.shutdownNow();
  }

  private static FnScorer scorer(int i, int behaviour) {
    String id = "s" + i;
    Provenance p = new Provenance(id, "test", "1", "d");
    return switch (behaviour) {
      case 0 -> new FnScorer(SCHEMA, id, ScoreKind.PROBABILITY, r -> Score.probability(clamp(r.number(0)), 0.0, p));
      case 1 -> new FnScorer(SCHEMA, id, ScoreKind.POINTS, r -> Score.points(40, p));
      case 2 -> new FnScorer(SCHEMA, id, null, r -> Score.value(0.5, 0.5, p));
      case 3 -> new FnScorer(SCHEMA, id, ScoreKind.PROBABILITY, r -> null);
      case 4 -> new FnScorer(SCHEMA, id, ScoreKind.PROBABILITY, r -> {
        throw new IllegalStateException("plugin bug");
      });
      case 5 -> new FnScorer(SCHEMA, id, ScoreKind.PROBABILITY, r -> {
        throw new StackOverflowError();
      });
      case 6 -> new FnScorer(SCHEMA, id, ScoreKind.PROBABILITY, r -> {
        throw new OutOfMemoryError("Requested array size exceeds VM limit");
      });
      default -> new FnScorer(SCHEMA, id, ScoreKind.PROBABILITY, r -> {
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return Score.probability(0.5, 0.0, p);
      });
    };
  }

  private static double clamp(double v) {
    return Double.isNaN(v) ? 0.5 : Math.max(0, Math.min(1, v));
  }

  private static RuleStage rule(int behaviour) {
    FiredRule fired = new FiredRule("r", "text", "outcome");
    return switch (behaviour) {
      case 0 -> row -> RuleOutcome.pass();
      case 1 -> row -> null;
      case 2 -> row -> {
        throw new AssertionError("rule bug");
      };
      case 3 -> row -> new RuleOutcome.Decide(Action.route("strategic"), List.of("missing close date"), List.of(fired));
      default -> row -> new RuleOutcome.Adjust(5, List.of(), List.of(fired));
    };
  }

  private static Combiner combiner(int kind, int scorers) {
    return switch (kind) {
      case 0 -> Combiner.first();
      case 1 -> Combiner.points();
      case 2 -> Combiner.weighted(java.util.Collections.nCopies(scorers, 1.0 / Math.max(1, scorers)).stream()
          .mapToDouble(Double::doubleValue).toArray());
      default -> (s, pts) -> s.length == 0 ? pts : s[s.length - 1];
    };
  }

  private static Map<String, Object> record(int shape) {
    Map<String, Object> m = new HashMap<>();
    m.put("p", shape % 7 == 0 ? Double.NaN : (shape % 10) / 10.0);
    m.put("amount", shape % 5 == 0 ? (Object) "lots" : (Object) (shape * 10_000.0));
    if (shape % 9 == 0) {
      m.put("unknown", 1);
    }
    if (shape % 13 == 0) {
      m.put(null, 1);
    }
    return m;
  }

  @Test
  void everyPipelineThatBuilds_givesOneDecisionAndOneAuditRecordPerInput() {
    qt().withExamples(300)
        .forAll(lists().of(integers().between(0, 7)).ofSizeBetween(0, 3), integers().between(0, 4),
            integers().between(0, 63), integers().between(0, 1000))
        .checkAssert((scorers, rule, config, shape) -> {
          InMemoryAuditSink audit = new InMemoryAuditSink();
          DecisionPipeline.Builder b = DecisionPipeline.builder(SCHEMA).audit(audit)
              .reviewQueue(new BoundedReviewQueue(1 + config % 2)).rules(rule(rule))
              .policy(config % 3 == 0
                  ? GuardrailPolicy.builder().band(-1e6, 30, Action.route("nurture")).band(30, 1e6, Action.auto("go")).build()
                  : DecisionPipelineTest.policy())
              .combiner(combiner((config / 3) % 4, scorers.size()))
              .onScorerFailure(config % 2 == 0 ? ScorerFailurePolicy.FALL_BACK : ScorerFailurePolicy.DROP_FAILED)
              .timeBudget(Duration.ofMillis(2));
          for (int i = 0; i < scorers.size(); i++) {
            if ((config / 12) % 2 == 0) {
              b.scorer(scorer(i, scorers.get(i)), POOL);
            } else {
              b.scorer(scorer(i, scorers.get(i)));
            }
          }
          if ((config / 24) % 2 == 0) {
            b.baseline(scorer(9, (config / 48) % 2 == 0 ? 0 : 1));
          }
          DecisionPipeline pipeline;
          try {
            pipeline = b.build();
          } catch (IllegalStateException refused) {
            assertEquals(0, audit.size());
            return;
          }
          Map<String, Object> record = record(shape);
          Decision d = pipeline.decide(record);
          assertEquals(1, audit.size(), d::summary);
          assertSame(d, audit.records().get(0).decision());
          if (d.action() instanceof Action.Auto a) {
            assertEquals(false, a.negative(), d.summary());
          }
        });
  }
}
