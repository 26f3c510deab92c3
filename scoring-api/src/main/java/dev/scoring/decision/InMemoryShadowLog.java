package dev.scoring.decision;

import java.util.ArrayList;
import java.util.List;

/** A {@link ShadowLog} in memory; thread-safe and unbounded. */
public final class InMemoryShadowLog implements ShadowLog {

  private final List<ShadowRecord> records = new ArrayList<>();

  @Override
  public synchronized void record(ShadowRecord record) {
    records.add(record);
  }

  @Override
  public synchronized List<ShadowRecord> records() {
    return List.copyOf(records);
  }
}
