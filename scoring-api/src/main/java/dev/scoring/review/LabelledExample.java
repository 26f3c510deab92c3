package dev.scoring.review;

import dev.scoring.api.Features;
import dev.scoring.api.Provenance;
import dev.scoring.api.Score;
import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A labelled example for retraining and quality monitoring: a reviewer's override or an observed
 * outcome, linked to the decision, the input as it was scored, and the model versions involved.
 *
 * @param decisionId the decision it refers to
 * @param input the record as it was scored
 * @param label the label ({@code "converted"}, {@code "not-a-fit"}, ...)
 * @param action the action finally taken (the reviewer's, or the decision's for an outcome)
 * @param originalAction the action the pipeline decided
 * @param reviewerId who overrode the decision, or {@code null} for an observed outcome
 * @param reason the reviewer's reason, or a description of the outcome
 * @param models the scorers and model versions behind the decision
 * @param recordedAt when the label was recorded
 */
public record LabelledExample(
    String decisionId,
    Features input,
    String label,
    Action action,
    Action originalAction,
    @Nullable String reviewerId,
    String reason,
    List<Provenance> models,
    Instant recordedAt) {

  /** Snapshots the input, copies the list and checks the label. */
  public LabelledExample {
    input = input.snapshot();
    models = List.copyOf(models);
    if (label.isBlank()) {
      throw new IllegalArgumentException("label must not be blank");
    }
  }

  /**
   * A reviewer's override of a decision in review.
   *
   * @param item the review item the reviewer handled
   * @param reviewerId who reviewed
   * @param newAction what the reviewer decided
   * @param label the label the reviewer gave the record
   * @param reason why
   * @param at when
   */
  public static LabelledExample override(
      ReviewItem item, String reviewerId, Action newAction, String label, String reason, Instant at) {
    if (reviewerId.isBlank()) {
      throw new IllegalArgumentException("reviewerId must not be blank");
    }
    Decision d = item.decision();
    return new LabelledExample(d.id(), item.input(), label, newAction, d.action(), reviewerId, reason, models(d), at);
  }

  /** An observed outcome (won, lost, churned) of a decided record. */
  public static LabelledExample outcome(Decision decision, Features input, String label, String description, Instant at) {
    return new LabelledExample(
        decision.id(), input, label, decision.action(), decision.action(), null, description, models(decision), at);
  }

  /** Whether a person overrode the decision (rather than an outcome being observed). */
  public boolean isOverride() {
    return reviewerId != null;
  }

  /** The reviewer, for overrides. */
  public Optional<String> reviewer() {
    return Optional.ofNullable(reviewerId);
  }

  private static List<Provenance> models(Decision d) {
    List<Provenance> models = new ArrayList<>();
    for (Score s : d.scores()) {
      models.add(s.provenance());
    }
    return models;
  }
}
