package dev.scoring.testing;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.scoring.review.BoundedReviewQueue;
import dev.scoring.review.InMemoryFeedbackLog;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The in-memory queue keeps the reviewer workflow's state machine: nothing lost, duplicated or resolved twice. */
final class BoundedReviewQueueStateMachineTest {

  @Test
  void randomWorkflowsAgreeWithTheModel() {
    qt().withExamples(400).forAll(lists().of(integers().allPositive()).ofSizeBetween(1, 80)).checkAssert(codes -> {
      TestClock clock = new TestClock(Instant.parse("2026-12-01T09:00:00Z"));
      InMemoryFeedbackLog feedback = new InMemoryFeedbackLog();
      ReviewQueueContract.check(new BoundedReviewQueue(64, feedback, clock), feedback, clock, ReviewQueueContract.ops(codes));
    });
  }
}
