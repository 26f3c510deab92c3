package dev.scoring.review;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A review item with its place in the reviewer workflow, as a queue lists or hands it out. Its id
 * is the decision's id: a queue holds at most one item per decision.
 *
 * @param item the decision and the input the reviewer needs
 * @param queue the review queue it waits in (the decision's review queue)
 * @param priority higher first; {@link ReviewItem#priority()}
 * @param state where it is in the workflow
 * @param reviewer who holds or held the claim, or {@code null} if never claimed
 * @param leaseUntil when the current claim expires, or {@code null} if not claimed
 * @param offeredAt when it entered the queue
 * @param claims how many times it has been claimed (more than one means releases or expired leases)
 * @param resolution the reviewer's resolution, once resolved
 * @param resolvedAt when it was resolved
 */
public record ReviewTask(
    ReviewItem item,
    String queue,
    int priority,
    ReviewState state,
    @Nullable String reviewer,
    @Nullable Instant leaseUntil,
    Instant offeredAt,
    int claims,
    @Nullable Resolution resolution,
    @Nullable Instant resolvedAt) {

  /** The item's id: its decision's id. */
  public String id() {
    return item.decision().id();
  }

  /** The state as seen at {@code now}: a claim whose lease has expired counts as waiting. */
  public ReviewState stateAt(Instant now) {
    if (state == ReviewState.CLAIMED && leaseUntil != null && !leaseUntil.isAfter(now)) {
      return ReviewState.WAITING;
    }
    return state;
  }
}
