package dev.scoring.decision;

import dev.scoring.api.Action;
import dev.scoring.api.Provenance;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one challenger would have done with one decided record: its score and action next to the
 * champion's, written to a {@link ShadowLog}. It never affected the decision.
 *
 * <p>Actions are written as keys ({@link #actionKey(Action)}): {@code "auto fast-track"},
 * {@code "route inside-sales"}, {@code "review sdr-review"} (the queue, not the reason).
 *
 * @param decisionId the champion's decision
 * @param challenger the challenger's scorer and model version
 * @param championScore the decision's final score, NaN if it had none
 * @param championAction the decision's action key
 * @param challengerScore the challenger's score, NaN unless {@link Status#SCORED}
 * @param challengerAction the action key the challenger's score would have led to, or {@code null} unless scored
 * @param status whether the challenger scored, failed or overran its budget
 * @param detail why it failed or overran ({@code ""} when scored)
 * @param nanos how long the challenger took
 * @param decidedAt when the champion's decision was made
 */
public record ShadowRecord(
    String decisionId,
    Provenance challenger,
    double championScore,
    String championAction,
    double challengerScore,
    @Nullable String challengerAction,
    Status status,
    String detail,
    long nanos,
    Instant decidedAt) {

  /** The outcome of a challenger's call. */
  public enum Status {
    /** It scored in time. */
    SCORED,
    /** It threw, returned no score, or met a record it could not score. */
    FAILED,
    /** It scored, but after its time budget; the score is not used. */
    OVER_BUDGET
  }

  /**
   * Checks the components.
   *
   * @throws IllegalArgumentException if a scored record has no action or a finite score is missing
   */
  public ShadowRecord {
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(challenger, "challenger");
    Objects.requireNonNull(championAction, "championAction");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(decidedAt, "decidedAt");
    if (status == Status.SCORED && (challengerAction == null || !Double.isFinite(challengerScore))) {
      throw new IllegalArgumentException("a scored shadow record needs a finite score and an action: " + decisionId);
    }
  }

  /** Whether the challenger scored in time (its score and action are usable). */
  public boolean scored() {
    return status == Status.SCORED;
  }

  /** Whether the challenger's action is the champion's. */
  public boolean agrees() {
    return scored() && championAction.equals(challengerAction);
  }

  /** Whether an action key is an automatic action (not a review). */
  public static boolean isAutomatic(String actionKey) {
    return !actionKey.startsWith("review ");
  }

  /** The key of an action: its description, except that a review is named by its queue alone. */
  public static String actionKey(Action action) {
    return action instanceof Action.Review r ? "review " + r.queue() : action.describe();
  }
}
