package dev.scoring.ml.anomaly;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Counts timestamped events per segment in fixed intervals (aligned to the epoch, UTC) and feeds
 * each closed interval's count to a {@link VolumeDetector}: every segment seen so far gets a value
 * for every interval, zero when nothing happened, so a drop to nothing is seen.
 *
 * <p>Events may arrive in any order within the open interval. An event older than the open interval
 * cannot be counted any more: it is refused and counted in {@link #lateEvents()}. Thread-safe.
 */
public final class EventCounter {

  private static final long MAX_GAP = 1_000_000;

  /** One closed interval of one segment. */
  private record Closed(String segment, long start, long count) {}

  private final long intervalMillis;
  private final VolumeDetector detector;
  private final Map<String, long[]> open = new LinkedHashMap<>();
  private long start = Long.MIN_VALUE;
  private long late;

  /**
   * A counter of intervals of {@code interval} feeding {@code detector}.
   *
   * @throws IllegalArgumentException if the interval is shorter than a millisecond
   */
  public EventCounter(Duration interval, VolumeDetector detector) {
    this.intervalMillis = interval.toMillis();
    if (intervalMillis < 1) {
      throw new IllegalArgumentException("interval must be at least 1 ms: " + interval);
    }
    this.detector = Objects.requireNonNull(detector, "detector");
  }

  /**
   * Counts one event; closes (and feeds) every interval that ended before it.
   *
   * @return whether it was counted ({@code false} if it was late)
   * @throws IllegalArgumentException if it is more than a million intervals after the open one
   */
  public boolean event(String segment, long epochMillis) {
    List<Closed> closed;
    synchronized (this) {
      long at = Math.floorDiv(epochMillis, intervalMillis) * intervalMillis;
      if (start == Long.MIN_VALUE) {
        start = at;
      }
      if (at < start) {
        late++;
        return false;
      }
      closed = closeBefore(at);
      open.computeIfAbsent(segment, k -> new long[1])[0]++;
    }
    feed(closed);
    return true;
  }

  /** Closes (and feeds) every interval that ended at or before {@code epochMillis}. */
  public void advanceTo(long epochMillis) {
    List<Closed> closed;
    synchronized (this) {
      if (start == Long.MIN_VALUE) {
        return;
      }
      closed = closeBefore(Math.floorDiv(epochMillis, intervalMillis) * intervalMillis);
    }
    feed(closed);
  }

  /** Events refused because their interval was already closed. */
  public synchronized long lateEvents() {
    return late;
  }

  private List<Closed> closeBefore(long at) {
    List<Closed> closed = new ArrayList<>();
    if (at <= start) {
      return closed;
    }
    long gaps = (at - start) / intervalMillis;
    if (gaps > MAX_GAP) {
      throw new IllegalArgumentException("event at " + at + " is " + gaps + " intervals after the open one at " + start);
    }
    for (long t = start; t < at; t += intervalMillis) {
      for (Map.Entry<String, long[]> e : open.entrySet()) {
        closed.add(new Closed(e.getKey(), t, e.getValue()[0]));
        e.getValue()[0] = 0;
      }
    }
    start = at;
    return closed;
  }

  private void feed(List<Closed> closed) {
    for (Closed c : closed) {
      detector.observe(c.segment(), c.start(), c.count());
    }
  }
}
