package dev.scoring.review;

import java.util.Optional;

/**
 * Where records that need a person wait: the pipeline offers each review to it. The default is
 * {@link BoundedReviewQueue}; durable queues (a database table, a message broker) implement this
 * interface. Implementations are thread-safe.
 */
public interface ReviewQueue {

  /**
   * Adds an item if there is room.
   *
   * @return {@code false} if the queue is full and refused it (the pipeline records that on the
   *     decision and in the audit, so the refusal is visible, never silent)
   */
  boolean offer(ReviewItem item);

  /** Takes the oldest item, if any. */
  Optional<ReviewItem> poll();

  /** The number of items waiting. */
  int size();
}
