package dev.scoring.review;

import java.util.ArrayList;
import java.util.List;

/** An {@link AuditSink} that keeps every record in memory, for tests and small hosts; thread-safe and unbounded. */
public final class InMemoryAuditSink implements AuditSink {

  private final List<AuditRecord> records = new ArrayList<>();

  @Override
  public synchronized void record(AuditRecord record) {
    records.add(record);
  }

  /** The records so far, oldest first (a copy). */
  public synchronized List<AuditRecord> records() {
    return List.copyOf(records);
  }

  /** How many records were received. */
  public synchronized int size() {
    return records.size();
  }
}
