package dev.scoring.decision;

import dev.scoring.api.Features;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One scorer as a pipeline calls it: directly on the deciding thread (the budget is checked when
 * it returns), or on an executor with the budget as a real deadline (a call past it is abandoned:
 * cancelled with an interrupt and counted).
 */
final class ScorerCall {

  final Scorer scorer;
  final String id;
  private final @Nullable Executor executor;
  private final long budgetNanos;
  private final AtomicLong abandoned;

  ScorerCall(Scorer scorer, @Nullable Executor executor, long budgetNanos, AtomicLong abandoned) {
    this.scorer = scorer;
    this.id = scorer.provenance().scorerId();
    this.executor = executor;
    this.budgetNanos = budgetNanos;
    this.abandoned = abandoned;
  }

  boolean onExecutor() {
    return executor != null;
  }

  /**
   * The scorer's score of {@code row} (an immutable row when the call goes to an executor).
   *
   * @throws StageFailure if it threw, returned no score, or overran its budget
   */
  Score score(Features row) throws StageFailure {
    Score score = executor != null ? callWithDeadline(executor, row) : callDirectly(row);
    if (score == null) {
      throw new StageFailure("scorer " + id + " returned no score", null);
    }
    return score;
  }

  private @Nullable Score callDirectly(Features row) throws StageFailure {
    long start = budgetNanos == Long.MAX_VALUE ? 0 : System.nanoTime();
    Score score;
    try {
      score = scorer.score(row);
    } catch (Throwable e) {
      throw StageFailure.of("scorer " + id + " failed: ", e);
    }
    if (budgetNanos != Long.MAX_VALUE) {
      long took = System.nanoTime() - start;
      if (took > budgetNanos) {
        throw new StageFailure("scorer " + id + " took " + DecisionPipeline.millis(took) + " ms, over the budget of "
            + DecisionPipeline.millis(budgetNanos) + " ms", null);
      }
    }
    return score;
  }

  private @Nullable Score callWithDeadline(Executor executor, Features row) throws StageFailure {
    FutureTask<Score> task = new FutureTask<>(() -> scorer.score(row));
    try {
      executor.execute(task);
    } catch (Throwable e) {
      throw StageFailure.of("scorer " + id + " could not start on its executor: ", e);
    }
    try {
      return task.get(budgetNanos, TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw StageFailure.of("scorer " + id + " failed: ", cause);
    } catch (TimeoutException e) {
      abandon(task);
      throw new StageFailure("scorer " + id + " missed its deadline of " + DecisionPipeline.millis(budgetNanos)
          + " ms and was abandoned", null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abandon(task);
      throw new StageFailure("scorer " + id + " was abandoned: the deciding thread was interrupted", null);
    } catch (CancellationException e) {
      throw new StageFailure("scorer " + id + " was cancelled", null);
    }
  }

  private void abandon(FutureTask<Score> task) {
    if (task.cancel(true)) {
      abandoned.incrementAndGet();
    }
  }
}
