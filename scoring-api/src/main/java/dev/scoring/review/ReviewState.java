package dev.scoring.review;

/**
 * Where a review item is in the reviewer workflow: {@code WAITING --claim--> CLAIMED --resolve-->
 * RESOLVED}; a release or an expired lease takes a claimed item back to {@code WAITING}.
 */
public enum ReviewState {
  /** Offered and waiting for a reviewer (or released, or its lease expired). */
  WAITING,
  /** Claimed by a reviewer whose lease has not expired. */
  CLAIMED,
  /** Resolved by a reviewer; its resolution is in the feedback log. Final. */
  RESOLVED
}
