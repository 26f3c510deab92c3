package dev.scoring.review;

/**
 * Receives one {@link AuditRecord} for every decision a pipeline makes. Implementations are
 * thread-safe and append-only; {@link InMemoryAuditSink} and {@link JsonLinesAuditSink} are
 * provided (the file's records hash-chained), durable stores implement this interface.
 */
@FunctionalInterface
public interface AuditSink {

  /**
   * Appends a record.
   *
   * @throws RuntimeException if it cannot be stored; the pipeline then returns the decision as a
   *     review with status {@link dev.scoring.api.ReviewStatus#STORE_FAILED} and counts it, so the
   *     failure is visible and the record not lost silently
   */
  void record(AuditRecord record);
}
