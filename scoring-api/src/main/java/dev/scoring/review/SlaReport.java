package dev.scoring.review;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The open review items (waiting or claimed) that have waited longer than a service level, so a
 * host can alert on them.
 *
 * @param at when the report was made
 * @param sla the longest an item should wait
 * @param open open items per queue
 * @param overdue open items older than the SLA per queue (queues with none are left out)
 * @param oldest the overdue items, oldest first (at most 100)
 */
public record SlaReport(Instant at, Duration sla, Map<String, Long> open, Map<String, Long> overdue, List<ReviewTask> oldest) {

  /** Copies the maps and list. */
  public SlaReport {
    open = Map.copyOf(open);
    overdue = Map.copyOf(overdue);
    oldest = List.copyOf(oldest);
  }

  /** The number of overdue items over all queues. */
  public long overdueCount() {
    long n = 0;
    for (long v : overdue.values()) {
      n += v;
    }
    return n;
  }

  /** Whether nothing is overdue. */
  public boolean ok() {
    return overdue.isEmpty();
  }
}
