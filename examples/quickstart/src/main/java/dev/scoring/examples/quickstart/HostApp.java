package dev.scoring.examples.quickstart;

import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.FiredRule;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerSpec;
import dev.scoring.api.Scorers;
import dev.scoring.decision.DecisionPipeline;
import dev.scoring.decision.GuardrailPolicy;
import dev.scoring.decision.RuleOutcome;
import dev.scoring.store.JdbcAuditSink;
import dev.scoring.store.JdbcReviewQueue;
import dev.scoring.store.Store;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The README's host app, the API in one screen: a schema, the {@code engagement} plugin scorer found
 * through the registry (the plugin is only on the runtime class path), a named-account rule, a
 * guardrail policy, and the store's durable review queue and audit trail.
 */
final class HostApp {

  private HostApp() {}

  /** Decides one lead with {@code store}'s review queue and audit trail. */
  static Decision decideOneLead(Store store) {
    // snippet:host-app
    JdbcReviewQueue queue = store.reviewQueue(); // durable review, audit and feedback: scoring-store
    JdbcAuditSink audit = store.audit();
    FeatureSchema schema = FeatureSchema.builder()
        .category("account_id").category("country").number("amount")
        .number("email_opens").number("web_visits").bool("demo_requested")
        .build();
    Scorer engagement = Scorers.load(ScorerSpec.builder("engagement").id("engagement").schema(schema)
        .option("weights", "email_opens:0.25, web_visits:0.15, demo_requested:1.5")
        .option("intercept", "-2.5").build());
    int account = schema.feature("account_id").index();
    int amount = schema.feature("amount").index();
    Set<String> strategic = Set.of("ACME-001", "GLOBEX-7");
    FiredRule named = new FiredRule("named-account", "account_id in strategic list", "route strategic-ae");
    DecisionPipeline pipeline = DecisionPipeline.builder(schema)
        .rules(row -> strategic.contains(row.string(account))
            ? new RuleOutcome.Decide(Action.route("strategic-ae"), List.of(named)) : RuleOutcome.pass())
        .scorer(engagement)
        .policy(GuardrailPolicy.builder()
            .band(0.0, 0.2, Action.negative("disqualify"))
            .band(0.2, 0.5, Action.review("sdr-review", "uncertain score"))
            .band(0.5, 0.8, Action.route("inside-sales"))
            .band(0.8, 1.0, Action.auto("fast-track"))
            .alwaysReview("deal over 100k", row -> row.number(amount) > 100_000)
            .reviewQueue("sales-ops-review").build())
        .reviewQueue(queue).audit(audit)
        .build();
    Decision decision = pipeline.decide(Features.of(schema, Map.of(
        "account_id", "L-1001", "country", "CA", "amount", 24_000,
        "email_opens", 6, "web_visits", 9, "demo_requested", true)));
    // end:host-app
    return decision;
  }
}
