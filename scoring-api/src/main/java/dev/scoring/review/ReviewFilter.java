package dev.scoring.review;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Which review items to list or count: by queue, state and age; immutable, built with the
 * {@code with...} methods from {@link #all()}.
 *
 * <pre>{@code
 * queue.list(ReviewFilter.all().withQueue("sdr-review").withState(ReviewState.WAITING).withLimit(50));
 * }</pre>
 *
 * @param queue only this queue, or any
 * @param state only this state (an expired claim counts as {@code WAITING}), or any
 * @param offeredBefore only items offered before this instant (older ones), or any age
 * @param limit at most this many items (listing only; counting ignores it)
 */
public record ReviewFilter(
    @Nullable String queue, @Nullable ReviewState state, @Nullable Instant offeredBefore, int limit) {

  /** Checks the limit. */
  public ReviewFilter {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
  }

  /** Every item, at most 1,000 listed. */
  public static ReviewFilter all() {
    return new ReviewFilter(null, null, null, 1_000);
  }

  /** Only items in {@code queue}. */
  public ReviewFilter withQueue(String queue) {
    return new ReviewFilter(queue, state, offeredBefore, limit);
  }

  /** Only items in {@code state}. */
  public ReviewFilter withState(ReviewState state) {
    return new ReviewFilter(queue, state, offeredBefore, limit);
  }

  /** Only items offered before {@code instant}. */
  public ReviewFilter withOfferedBefore(Instant instant) {
    return new ReviewFilter(queue, state, instant, limit);
  }

  /** At most {@code limit} items. */
  public ReviewFilter withLimit(int limit) {
    return new ReviewFilter(queue, state, offeredBefore, limit);
  }

  /** Whether {@code task} matches, seen at {@code now}. */
  public boolean matches(ReviewTask task, Instant now) {
    return (queue == null || queue.equals(task.queue()))
        && (state == null || state == task.stateAt(now))
        && (offeredBefore == null || task.offeredAt().isBefore(offeredBefore));
  }
}
