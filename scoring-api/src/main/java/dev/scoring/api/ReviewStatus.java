package dev.scoring.api;

/** Whether a decision needed review and whether it reached the review queue. */
public enum ReviewStatus {
  /** No review needed: the action is automatic or a route. */
  NOT_NEEDED,
  /** Review needed and the record is in the review queue. */
  QUEUED,
  /**
   * Review needed but the queue refused the record (it was full): the decision is still returned
   * and audited with this status, so the record is not lost; the host must handle it.
   */
  QUEUE_FULL
}
