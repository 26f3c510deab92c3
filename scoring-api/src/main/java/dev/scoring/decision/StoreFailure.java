package dev.scoring.decision;

import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import dev.scoring.api.Features;
import dev.scoring.api.ReviewStatus;
import dev.scoring.review.AuditRecord;
import dev.scoring.review.AuditSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/** Turns a decision the store failed to keep into a visible review ({@link ReviewStatus#STORE_FAILED}). */
final class StoreFailure {

  private StoreFailure() {}

  /**
   * The decision as a review that says what failed; counted. If {@code audit} is given (the queue
   * failed, the audit sink may still work) the failed decision is audited too, best effort.
   */
  static Decision record(Decision d, String what, Throwable e, Features row, @Nullable AuditSink audit,
      GuardrailPolicy policy, AtomicLong failures) {
    failures.incrementAndGet();
    String reason = what + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    List<String> reasons = new ArrayList<>(d.reasons());
    reasons.add(reason);
    Action action = d.action() instanceof Action.Review r ? r : Action.review(policy.reviewQueue(), reason);
    Decision failed = new Decision(d.id(), action, d.proposed(), d.score(), d.scores(), d.firedRules(), reasons,
        d.fallback(), ReviewStatus.STORE_FAILED, d.decidedAt());
    if (audit != null) {
      try {
        audit.record(new AuditRecord(failed, row.digest(), row));
      } catch (RuntimeException ignored) {
        // counted above and visible on the decision
      }
    }
    return failed;
  }
}
