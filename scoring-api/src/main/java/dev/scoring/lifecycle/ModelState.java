package dev.scoring.lifecycle;

/** Where a model version stands in its lifecycle. */
public enum ModelState {
  /** Stored, not used for decisions yet. */
  CANDIDATE,
  /** Scored beside the champion on live traffic, never deciding. */
  SHADOW,
  /** The version that makes decisions; at most one per model id. */
  CHAMPION,
  /** No longer used; kept so a rollback can bring it back. */
  RETIRED
}
