package dev.scoring.review;

import dev.scoring.api.Action;

/**
 * What a reviewer decided about a review item. Resolving writes it to the feedback log as a
 * {@link LabelledExample#override labelled example}.
 *
 * @param reviewer who reviewed (must hold the item's claim)
 * @param action what should happen to the record
 * @param label the label the reviewer gives the record (for retraining), e.g. {@code "good-fit"}
 * @param reason why, in the reviewer's words
 */
public record Resolution(String reviewer, Action action, String label, String reason) {
  /** Checks that reviewer and label are not blank. */
  public Resolution {
    if (reviewer.isBlank()) {
      throw new IllegalArgumentException("reviewer must not be blank");
    }
    if (label.isBlank()) {
      throw new IllegalArgumentException("label must not be blank");
    }
  }
}
