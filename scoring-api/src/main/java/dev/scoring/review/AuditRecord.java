package dev.scoring.review;

import dev.scoring.api.FiredRule;
import dev.scoring.api.Score;
import dev.scoring.api.Action;
import dev.scoring.api.Decision;

/**
 * What the audit trail keeps of one decision: the whole decision (action, proposal, scores with
 * their model versions and digests, fired rules, reasons, fallback, review status) and a digest of
 * the input, which identifies it without storing personal data.
 *
 * @param decision the decision
 * @param inputDigest the 64-bit digest of the input row ({@link dev.scoring.api.Features#digest()});
 *     written as 16 hex digits
 */
public record AuditRecord(Decision decision, long inputDigest) {

  /** The record as one line of JSON, the format of {@link JsonLinesAuditSink}. */
  public String toJson() {
    Decision d = decision;
    JsonWriter w = new JsonWriter();
    w.begin();
    w.field("decisionId", d.id());
    w.field("decidedAt", d.decidedAt().toString());
    w.field("inputDigest", java.util.HexFormat.of().toHexDigits(inputDigest));
    w.key("action");
    action(w, d.action());
    w.key("proposed");
    action(w, d.proposed());
    w.field("score", d.score());
    w.key("scores").beginArray();
    for (Score s : d.scores()) {
      w.begin();
      w.field("scorer", s.provenance().scorerId());
      w.field("type", s.provenance().type());
      w.field("modelVersion", s.provenance().modelVersion());
      w.field("modelDigest", s.provenance().modelDigest());
      w.field("value", s.value());
      w.field("margin", s.margin());
      if (s.label() != null) {
        w.field("label", s.label());
      }
      w.end();
    }
    w.endArray();
    w.key("firedRules").beginArray();
    for (FiredRule r : d.firedRules()) {
      w.begin();
      w.field("name", r.name());
      w.field("outcome", r.outcome());
      w.end();
    }
    w.endArray();
    w.key("reasons").beginArray();
    for (String r : d.reasons()) {
      w.value(r);
    }
    w.endArray();
    w.field("fallback", d.fallback());
    w.field("review", d.review().name());
    w.end();
    return w.toString();
  }

  private static void action(JsonWriter w, Action a) {
    w.begin();
    if (a instanceof Action.Auto auto) {
      w.field("type", auto.negative() ? "negative" : "auto");
      w.field("name", auto.name());
    } else if (a instanceof Action.Route route) {
      w.field("type", "route");
      w.field("team", route.team());
    } else if (a instanceof Action.Review review) {
      w.field("type", "review");
      w.field("queue", review.queue());
      w.field("reason", review.reason());
    }
    w.end();
  }
}
