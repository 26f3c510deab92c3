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
  QUEUE_FULL,
  /**
   * The store failed to keep the decision (its review item or its audit record could not be
   * written): the decision is turned into a review, returned with this status and counted by the
   * pipeline, so the host sees it and can keep the record elsewhere; it may not be in the store.
   */
  STORE_FAILED
}
