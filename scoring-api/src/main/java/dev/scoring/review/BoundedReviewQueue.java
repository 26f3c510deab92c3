package dev.scoring.review;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory {@link ReviewQueue} with a fixed capacity. When full, {@link #offer} returns
 * {@code false} at once (it never blocks the scoring thread) and {@link #refused()} counts it.
 * Thread-safe.
 */
public final class BoundedReviewQueue implements ReviewQueue {

  private final ArrayBlockingQueue<ReviewItem> items;
  private final int capacity;
  private final AtomicLong refused = new AtomicLong();

  /**
   * A queue holding at most {@code capacity} items.
   *
   * @throws IllegalArgumentException if {@code capacity < 1}
   */
  public BoundedReviewQueue(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    this.capacity = capacity;
    this.items = new ArrayBlockingQueue<>(capacity);
  }

  @Override
  public boolean offer(ReviewItem item) {
    boolean added = items.offer(item);
    if (!added) {
      refused.incrementAndGet();
    }
    return added;
  }

  @Override
  public Optional<ReviewItem> poll() {
    return Optional.ofNullable(items.poll());
  }

  @Override
  public int size() {
    return items.size();
  }

  /** The most items the queue holds. */
  public int capacity() {
    return capacity;
  }

  /** How many offers were refused because the queue was full. */
  public long refused() {
    return refused.get();
  }

  /** The items waiting, oldest first, without removing them. */
  public List<ReviewItem> snapshot() {
    return List.copyOf(items);
  }

  @Override
  public String toString() {
    return "BoundedReviewQueue[" + size() + "/" + capacity + ", refused " + refused() + "]";
  }
}
