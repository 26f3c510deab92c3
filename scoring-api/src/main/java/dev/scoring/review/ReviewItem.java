package dev.scoring.review;

import dev.scoring.api.Decision;
import dev.scoring.api.Features;

/**
 * A record waiting for a person: the decision (with its reasons and scores) and an immutable
 * snapshot of the input the reviewer needs.
 *
 * @param decision the decision that asked for review
 * @param input the record as it was scored
 */
public record ReviewItem(Decision decision, Features input) {

  /** The prefix of the review reasons that high-impact constraints give; such items are claimed first. */
  public static final String HIGH_IMPACT = "high impact: ";

  /** Takes an immutable snapshot of the input. */
  public ReviewItem {
    input = input.snapshot();
  }

  /** The item's id: its decision's id. */
  public String id() {
    return decision.id();
  }

  /** The queue it belongs to: the decision's review queue ({@code "review"} if the action is no review). */
  public String queue() {
    return decision.queue().orElse("review");
  }

  /** 1 for a high-impact record (a reason starts with {@link #HIGH_IMPACT}), else 0; reviewers claim higher first. */
  public int priority() {
    for (String r : decision.reasons()) {
      if (r.startsWith(HIGH_IMPACT)) {
        return 1;
      }
    }
    return 0;
  }
}
