package dev.scoring.review;

import dev.scoring.api.Features;
import dev.scoring.api.Decision;

/**
 * A record waiting for a person: the decision (with its reasons and scores) and an immutable
 * snapshot of the input the reviewer needs.
 *
 * @param decision the decision that asked for review
 * @param input the record as it was scored
 */
public record ReviewItem(Decision decision, Features input) {
  /** Takes an immutable snapshot of the input. */
  public ReviewItem {
    input = input.snapshot();
  }
}
