package dev.scoring.review;

import dev.scoring.api.FiredRule;
import dev.scoring.api.Score;
import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import dev.scoring.api.Features;
import org.jspecify.annotations.Nullable;

/**
 * What the audit trail keeps of one decision: the whole decision (action, proposal, scores with
 * their model versions and digests, fired rules, reasons, fallback, review status) and a digest of
 * the input, which identifies it without storing personal data.
 *
 * @param decision the decision
 * @param inputDigest the 64-bit digest of the input row ({@link dev.scoring.api.Features#digest()});
 *     written as 16 hex digits
 * @param input the input row, only so that a {@link Redaction} can find its personal values in
 *     reason texts; never written. A pipeline's row may be reused after {@code record} returns,
 *     so a sink must not keep it; {@code null} if unknown
 */
public record AuditRecord(Decision decision, long inputDigest, @Nullable Features input) {

  /** A record without its input (no personal values to redact from texts). */
  public AuditRecord(Decision decision, long inputDigest) {
    this(decision, inputDigest, null);
  }

  /**
   * The record as one line of JSON, the format of {@link JsonLinesAuditSink} and of every store:
   * {@code decisionId}, {@code decidedAt}, {@code inputDigest}, {@code action} and {@code proposed}
   * ({@code type} and its fields), {@code score} ({@code null} if none), {@code scores} (scorer,
   * type, model version and digest, value, margin, kind, label, classes and probabilities),
   * {@code firedRules} (name, text, outcome), {@code reasons}, {@code fallback}, {@code review}:
   * everything needed to read the decision back.
   */
  public String toJson() {
    return json(decision);
  }

  /** The record as one line of JSON with {@code redaction} applied to every text. */
  public String toJson(Redaction redaction) {
    return json(redaction.decision(decision, input));
  }

  private String json(Decision d) {
    JsonWriter w = JsonWriter.start();
    w.begin();
    w.field("decisionId", d.id());
    w.field("decidedAt", d.decidedAt());
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
      w.field("kind", s.kind().name());
      if (s.label() != null) {
        w.field("label", s.label());
      }
      if (!s.classes().isEmpty()) {
        w.key("classes").beginArray();
        for (String c : s.classes()) {
          w.value(c);
        }
        w.endArray();
      }
      double[] probs = s.classProbabilities();
      if (probs.length > 0) {
        w.key("probabilities").beginArray();
        for (double p : probs) {
          w.value(p);
        }
        w.endArray();
      }
      w.end();
    }
    w.endArray();
    w.key("firedRules").beginArray();
    for (FiredRule r : d.firedRules()) {
      w.begin();
      w.field("name", r.name());
      w.field("text", r.text());
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
