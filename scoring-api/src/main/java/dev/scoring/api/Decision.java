package dev.scoring.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outcome for one record: what to do, why, and on what evidence.
 *
 * @param id a unique id, linking the audit record, the review item and any feedback
 * @param action the action to take; a {@link Action.Review} when a person must review
 * @param proposed what the bands or rules proposed before the constraints (equal to {@code action} when nothing intervened)
 * @param score the final score, or NaN when there is none (a rule decided before scoring, or scoring failed with no baseline)
 * @param scores every score computed, in pipeline order (the baseline's when it was used)
 * @param firedRules the rules that fired, in order
 * @param reasons why, for people: rule outcomes, the band, constraint and fallback reasons, top factors for reviews
 * @param fallback whether a scorer failed and the rule baseline stood in
 * @param review whether review was needed and whether the record reached the queue
 * @param decidedAt when the decision was made, by the pipeline's clock
 */
public record Decision(
    String id,
    Action action,
    Action proposed,
    double score,
    List<Score> scores,
    List<FiredRule> firedRules,
    List<String> reasons,
    boolean fallback,
    ReviewStatus review,
    Instant decidedAt) {

  /** Copies the lists and checks that the review status agrees with the action. */
  public Decision {
    scores = List.copyOf(scores);
    firedRules = List.copyOf(firedRules);
    reasons = List.copyOf(reasons);
    if ((action instanceof Action.Review) == (review == ReviewStatus.NOT_NEEDED)) {
      throw new IllegalArgumentException("review status " + review + " does not fit action " + action.describe());
    }
  }

  /** Whether a person must review this record before anything happens. */
  public boolean requiresReview() {
    return action instanceof Action.Review;
  }

  /** The team, if the action is a route. */
  public Optional<String> route() {
    return action instanceof Action.Route r ? Optional.of(r.team()) : Optional.empty();
  }

  /** The review queue, if the action is a review. */
  public Optional<String> queue() {
    return action instanceof Action.Review r ? Optional.of(r.queue()) : Optional.empty();
  }

  /** The score of the scorer with this id, if it was computed. */
  public Optional<Score> score(String scorerId) {
    for (Score s : scores) {
      if (s.provenance().scorerId().equals(scorerId)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** This decision with another review status (and the reason why). */
  public Decision withReview(ReviewStatus status, @Nullable String reason) {
    List<String> more = reasons;
    if (reason != null) {
      more = new java.util.ArrayList<>(reasons);
      more.add(reason);
    }
    return new Decision(id, action, proposed, score, scores, firedRules, more, fallback, status, decidedAt);
  }

  /** One line for logs: id, action, score and reasons. */
  public String summary() {
    return id + " " + action.describe() + (Double.isNaN(score) ? "" : " score=" + score) + " " + reasons;
  }
}
