package dev.scoring.review;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory {@link ReviewQueue} with the whole reviewer workflow and a fixed capacity of open
 * (waiting or claimed) items. When full, {@link #offer} returns {@code false} at once (it never
 * blocks the scoring thread) and {@link #refused()} counts it. Resolutions go to a
 * {@link FeedbackLog} under the queue's lock, so a resolution and its labelled example happen
 * together. Resolved items are remembered (for idempotent offers and listing) up to
 * {@code capacity} of them, the oldest forgotten first. Lost when the process ends: use
 * {@code dev.scoring.store} for a durable queue. Thread-safe.
 */
public final class BoundedReviewQueue implements ReviewQueue {

  /** Orders tasks as claims take them: higher priority, then older, then offered first. */
  static final Comparator<ReviewTask> CLAIM_ORDER = Comparator.comparingInt((ReviewTask t) -> -t.priority())
      .thenComparing(ReviewTask::offeredAt);

  private final int capacity;
  private final FeedbackLog feedback;
  private final Clock clock;
  private final AtomicLong refused = new AtomicLong();
  /** Open items in offer order. */
  private final LinkedHashMap<String, ReviewTask> open = new LinkedHashMap<>();
  /** Resolved items, oldest resolution first. */
  private final LinkedHashMap<String, ReviewTask> resolved = new LinkedHashMap<>();

  /**
   * A queue holding at most {@code capacity} open items, resolving into an
   * {@link InMemoryFeedbackLog}, on the UTC clock.
   *
   * @throws IllegalArgumentException if {@code capacity < 1}
   */
  public BoundedReviewQueue(int capacity) {
    this(capacity, new InMemoryFeedbackLog(), Clock.systemUTC());
  }

  /**
   * A queue holding at most {@code capacity} open items, resolving into {@code feedback}.
   *
   * @throws IllegalArgumentException if {@code capacity < 1}
   */
  public BoundedReviewQueue(int capacity, FeedbackLog feedback, Clock clock) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    this.capacity = capacity;
    this.feedback = Objects.requireNonNull(feedback);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public synchronized boolean offer(ReviewItem item) {
    String id = item.id();
    if (open.containsKey(id) || resolved.containsKey(id)) {
      return true;
    }
    if (open.size() >= capacity) {
      refused.incrementAndGet();
      return false;
    }
    open.put(id, new ReviewTask(item, item.queue(), item.priority(), ReviewState.WAITING, null, null,
        clock.instant(), 0, null, null));
    return true;
  }

  @Override
  public synchronized int size() {
    return open.size();
  }

  @Override
  public synchronized Optional<ReviewTask> claim(String queue, String reviewer, Duration lease) {
    requireLease(lease);
    Instant now = clock.instant();
    ReviewTask best = null;
    for (ReviewTask t : open.values()) {
      if (t.queue().equals(queue) && t.stateAt(now) == ReviewState.WAITING
          && (best == null || CLAIM_ORDER.compare(t, best) < 0)) {
        best = t;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    ReviewTask claimed = new ReviewTask(best.item(), best.queue(), best.priority(), ReviewState.CLAIMED, reviewer,
        now.plus(lease), best.offeredAt(), best.claims() + 1, null, null);
    open.put(claimed.id(), claimed);
    return Optional.of(claimed);
  }

  @Override
  public synchronized boolean release(String itemId, String reviewer) {
    ReviewTask t = open.get(itemId);
    if (t == null || !holds(t, reviewer, clock.instant())) {
      return false;
    }
    open.put(itemId, waiting(t));
    return true;
  }

  @Override
  public synchronized LabelledExample resolve(String itemId, Resolution resolution) {
    Instant now = clock.instant();
    ReviewTask t = open.get(itemId);
    if (t == null) {
      if (resolved.containsKey(itemId)) {
        throw new IllegalStateException("review item " + itemId + " is resolved already");
      }
      throw new NoSuchElementException("no review item " + itemId);
    }
    if (!holds(t, resolution.reviewer(), now)) {
      throw new IllegalStateException("reviewer " + resolution.reviewer() + " holds no current claim on review item "
          + itemId + " (" + describeClaim(t, now) + ")");
    }
    LabelledExample example = LabelledExample.override(
        t.item(), resolution.reviewer(), resolution.action(), resolution.label(), resolution.reason(), now);
    feedback.record(example);
    open.remove(itemId);
    resolved.put(itemId, new ReviewTask(t.item(), t.queue(), t.priority(), ReviewState.RESOLVED, resolution.reviewer(),
        null, t.offeredAt(), t.claims(), resolution, now));
    if (resolved.size() > capacity) {
      Iterator<String> oldest = resolved.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    return example;
  }

  @Override
  public synchronized int expireLeases() {
    Instant now = clock.instant();
    int n = 0;
    for (Map.Entry<String, ReviewTask> e : open.entrySet()) {
      ReviewTask t = e.getValue();
      if (t.state() == ReviewState.CLAIMED && t.stateAt(now) == ReviewState.WAITING) {
        e.setValue(waiting(t));
        n++;
      }
    }
    return n;
  }

  @Override
  public synchronized Optional<ReviewTask> find(String itemId) {
    ReviewTask t = open.get(itemId);
    return Optional.ofNullable(t != null ? t : resolved.get(itemId));
  }

  @Override
  public synchronized List<ReviewTask> list(ReviewFilter filter) {
    List<ReviewTask> out = matching(filter);
    out.sort(CLAIM_ORDER);
    return out.size() > filter.limit() ? List.copyOf(out.subList(0, filter.limit())) : out;
  }

  @Override
  public synchronized long count(ReviewFilter filter) {
    return matching(filter).size();
  }

  @Override
  public synchronized SlaReport slaReport(Duration sla) {
    Instant now = clock.instant();
    Instant due = now.minus(sla);
    Map<String, Long> openByQueue = new TreeMap<>();
    Map<String, Long> overdue = new TreeMap<>();
    List<ReviewTask> oldest = new ArrayList<>();
    for (ReviewTask t : open.values()) {
      openByQueue.merge(t.queue(), 1L, Long::sum);
      if (t.offeredAt().isBefore(due)) {
        overdue.merge(t.queue(), 1L, Long::sum);
        oldest.add(t);
      }
    }
    oldest.sort(Comparator.comparing(ReviewTask::offeredAt));
    return new SlaReport(now, sla, openByQueue, overdue, oldest.size() > 100 ? oldest.subList(0, 100) : oldest);
  }

  /**
   * Takes the oldest waiting item out of the queue, unresolved.
   *
   * @deprecated use {@link #claim} and {@link #resolve}
   */
  @Deprecated
  @Override
  public synchronized Optional<ReviewItem> poll() {
    Instant now = clock.instant();
    for (Iterator<ReviewTask> it = open.values().iterator(); it.hasNext(); ) {
      ReviewTask t = it.next();
      if (t.stateAt(now) == ReviewState.WAITING) {
        it.remove();
        return Optional.of(t.item());
      }
    }
    return Optional.empty();
  }

  /** The most open items the queue holds. */
  public int capacity() {
    return capacity;
  }

  /** How many offers were refused because the queue was full. */
  public long refused() {
    return refused.get();
  }

  /** The open items' review items, oldest first, without claiming them. */
  public synchronized List<ReviewItem> snapshot() {
    List<ReviewItem> items = new ArrayList<>(open.size());
    for (ReviewTask t : open.values()) {
      items.add(t.item());
    }
    return items;
  }

  private List<ReviewTask> matching(ReviewFilter filter) {
    Instant now = clock.instant();
    List<ReviewTask> out = new ArrayList<>();
    for (Map<String, ReviewTask> m : List.of(open, resolved)) {
      for (ReviewTask t : m.values()) {
        if (filter.matches(t, now)) {
          out.add(t);
        }
      }
    }
    return out;
  }

  private static boolean holds(ReviewTask t, String reviewer, Instant now) {
    return t.stateAt(now) == ReviewState.CLAIMED && reviewer.equals(t.reviewer());
  }

  private static ReviewTask waiting(ReviewTask t) {
    return new ReviewTask(t.item(), t.queue(), t.priority(), ReviewState.WAITING, t.reviewer(), null, t.offeredAt(),
        t.claims(), null, null);
  }

  /** Why a reviewer does not hold a claim, for error messages. */
  static String describeClaim(ReviewTask t, Instant now) {
    if (t.state() == ReviewState.CLAIMED && t.stateAt(now) == ReviewState.WAITING) {
      return "the lease of " + t.reviewer() + " expired at " + t.leaseUntil();
    }
    return t.state() == ReviewState.CLAIMED ? "claimed by " + t.reviewer() : "not claimed";
  }

  static void requireLease(Duration lease) {
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease must be positive: " + lease);
    }
  }

  @Override
  public String toString() {
    return "BoundedReviewQueue[" + size() + "/" + capacity + ", refused " + refused() + "]";
  }
}
