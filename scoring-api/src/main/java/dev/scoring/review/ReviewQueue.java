package dev.scoring.review;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where records that need a person wait, and the reviewer workflow around them: the pipeline
 * {@linkplain #offer offers} each review; reviewers {@linkplain #claim claim} items with a lease,
 * {@linkplain #release release} them or {@linkplain #resolve resolve} them, and the resolution
 * becomes a {@link LabelledExample} in the feedback log in the same transaction.
 *
 * <p>Guarantees every implementation keeps: an item is stored at most once per decision id; an
 * item is held by at most one unexpired claim; a claim whose lease expired returns the item to
 * the queue; an item is resolved at most once, and only by the reviewer holding an unexpired claim.
 *
 * <p>{@link BoundedReviewQueue} keeps items in memory; {@code dev.scoring.store} keeps them in
 * SQLite or PostgreSQL. A queue that only collects offers (a counter, a forwarder) may implement
 * {@link #offer} and {@link #size} alone: the workflow methods then throw
 * {@link UnsupportedOperationException}. Implementations are thread-safe.
 */
public interface ReviewQueue {

  /**
   * Adds an item if there is room. Idempotent by decision id: offering an item whose decision is
   * already in the queue (in any state) stores nothing and returns {@code true}.
   *
   * @return {@code false} if the queue is full and refused it (the pipeline records that on the
   *     decision and in the audit, so the refusal is visible, never silent)
   * @throws RuntimeException if the queue failed to store it (the pipeline marks the decision
   *     {@link dev.scoring.api.ReviewStatus#STORE_FAILED})
   */
  boolean offer(ReviewItem item);

  /** The number of open items (waiting or claimed). */
  int size();

  /**
   * Claims the next waiting item of {@code queue} for {@code reviewer}: the highest priority,
   * then the oldest; an item whose lease expired counts as waiting.
   *
   * @param lease how long the claim holds; after that the item returns to the queue
   * @return the claimed item, or empty if none waits
   */
  default Optional<ReviewTask> claim(String queue, String reviewer, Duration lease) {
    throw unsupported("claim");
  }

  /**
   * Gives a claimed item back to the queue at once.
   *
   * @return {@code false} if {@code reviewer} held no unexpired claim on it
   */
  default boolean release(String itemId, String reviewer) {
    throw unsupported("release");
  }

  /**
   * Resolves a claimed item and writes the resolution to the feedback log as a labelled example,
   * in the same transaction: both happen or neither does.
   *
   * @return the labelled example written
   * @throws java.util.NoSuchElementException if there is no item with this id
   * @throws IllegalStateException if the item is resolved already, or the resolution's reviewer
   *     does not hold an unexpired claim on it
   */
  default LabelledExample resolve(String itemId, Resolution resolution) {
    throw unsupported("resolve");
  }

  /**
   * Returns every item whose lease has expired to the queue (claims do this lazily too).
   *
   * @return how many items went back
   */
  default int expireLeases() {
    throw unsupported("expireLeases");
  }

  /** The item with this id (a decision id), in any state. */
  default Optional<ReviewTask> find(String itemId) {
    throw unsupported("find");
  }

  /** The items matching {@code filter}: highest priority first, then oldest first. */
  default List<ReviewTask> list(ReviewFilter filter) {
    throw unsupported("list");
  }

  /** How many items match {@code filter} (its limit ignored). */
  default long count(ReviewFilter filter) {
    throw unsupported("count");
  }

  /** The open items that have waited longer than {@code sla}, per queue. */
  default SlaReport slaReport(Duration sla) {
    throw unsupported("slaReport");
  }

  /**
   * Takes the oldest waiting item out of the queue, unresolved.
   *
   * @deprecated use {@link #claim} and {@link #resolve}, which keep the item until it is resolved
   */
  @Deprecated
  default Optional<ReviewItem> poll() {
    throw unsupported("poll");
  }

  private UnsupportedOperationException unsupported(String what) {
    return new UnsupportedOperationException(getClass().getName() + " keeps no reviewer workflow (" + what + ")");
  }
}
