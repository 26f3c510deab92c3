package dev.scoring.decision;

import java.util.List;

/**
 * Where {@link ShadowScoring} writes challengers' would-be scores and actions. {@link InMemoryShadowLog}
 * is provided here, a JSON-lines file in {@code scoring-lifecycle}. Implementations are thread-safe
 * (background challengers write from their own threads).
 */
public interface ShadowLog {

  /** Appends a record; a failure here is counted by {@link ShadowScoring.Stats#logFailures()}, never seen by the decision. */
  void record(ShadowRecord record);

  /** Every record so far, oldest first. */
  List<ShadowRecord> records();
}
