package dev.scoring.review;

/**
 * Receives one {@link AuditRecord} for every decision a pipeline makes. Implementations are
 * thread-safe and append-only; {@link InMemoryAuditSink} and {@link JsonLinesAuditSink} are
 * provided, durable stores implement this interface.
 */
@FunctionalInterface
public interface AuditSink {

  /**
   * Appends a record.
   *
   * @throws RuntimeException if it cannot be stored; the pipeline then throws
   *     {@link dev.scoring.decision.AuditException} carrying the decision, so it is not lost
   */
  void record(AuditRecord record);
}
