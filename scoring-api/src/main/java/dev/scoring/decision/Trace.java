package dev.scoring.decision;

import dev.scoring.api.Action;
import dev.scoring.api.FiredRule;
import dev.scoring.api.Score;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one decision has gathered so far; lists are made only when something is added, so an
 * automatic decision allocates little.
 */
final class Trace {
  final double[] one = new double[1];
  boolean rowValid;
  boolean fallback;
  boolean baselineUsed;
  double points;
  double finalScore = Double.NaN;
  @Nullable Action decided;
  @Nullable List<String> reasons;
  @Nullable List<String> reviewReasons;
  /** Review reasons already stated by another reason line (a band's or a rule's), not repeated. */
  @Nullable List<String> stated;
  @Nullable List<FiredRule> fired;
  boolean firedShared;
  @Nullable Score onlyScore;
  @Nullable List<Score> scores;
  /** An error that leaves the JVM untrustworthy, rethrown once the decision is audited. */
  @Nullable Error fatal;

  void reason(String reason) {
    if (reasons == null) {
      reasons = List.of(reason);
      return;
    }
    if (reasons.contains(reason)) {
      return;
    }
    if (reasons.size() == 1 && !(reasons instanceof ArrayList)) {
      reasons = new ArrayList<>(reasons);
    }
    reasons.add(reason);
  }

  void review(String reason) {
    if (reviewReasons == null) {
      reviewReasons = new ArrayList<>(2);
    }
    if (!reviewReasons.contains(reason)) {
      reviewReasons.add(reason);
    }
  }

  /** A review reason that another reason line already states. */
  void reviewStated(String reason) {
    review(reason);
    if (stated == null) {
      stated = new ArrayList<>(1);
    }
    stated.add(reason);
  }

  void fail(String reason) {
    fallback = true;
    review(reason);
  }

  void fail(StageFailure f) {
    noteFatal(f.fatal);
    fail(f.reason);
  }

  void noteFatal(@Nullable Error e) {
    if (e != null && fatal == null) {
      fatal = e;
    }
  }

  /** Adds the review reasons to the reasons, each once, skipping those already stated. */
  void stateReviewReasons() {
    if (reviewReasons == null) {
      return;
    }
    for (String r : reviewReasons) {
      if (stated == null || !stated.contains(r)) {
        reason(r);
      }
    }
  }

  void addFired(List<FiredRule> more) {
    if (more.isEmpty()) {
      return;
    }
    if (fired == null) {
      fired = more;
      firedShared = true;
      return;
    }
    if (firedShared) {
      fired = new ArrayList<>(fired);
      firedShared = false;
    }
    fired.addAll(more);
  }

  List<FiredRule> fired() {
    return fired == null ? List.of() : fired;
  }

  void addScore(Score score, int expected) {
    if (expected == 1 && onlyScore == null && scores == null) {
      onlyScore = score;
      return;
    }
    if (scores == null) {
      scores = new ArrayList<>(expected + 1);
      if (onlyScore != null) {
        scores.add(onlyScore);
        onlyScore = null;
      }
    }
    scores.add(score);
  }

  void clearScores() {
    onlyScore = null;
    scores = null;
  }

  /** The first scorer's score (the baseline's after a fallback), or null. */
  @Nullable Score firstScore() {
    return onlyScore != null ? onlyScore : scores == null || scores.isEmpty() ? null : scores.get(0);
  }

  List<Score> scores() {
    if (onlyScore != null) {
      return List.of(onlyScore);
    }
    return scores == null ? List.of() : scores;
  }
}
