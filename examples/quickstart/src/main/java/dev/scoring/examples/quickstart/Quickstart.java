package dev.scoring.examples.quickstart;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.FiredRule;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerSpec;
import dev.scoring.api.Scorers;
import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import dev.scoring.decision.DecisionPipeline;
import dev.scoring.decision.GuardrailPolicy;
import dev.scoring.decision.RuleOutcome;
import dev.scoring.review.BoundedReviewQueue;
import dev.scoring.review.InMemoryAuditSink;
import dev.scoring.review.ReviewItem;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The quickstart: a lead-routing host app. It builds a schema, loads the {@code engagement}
 * plugin scorer through the registry (the plugin is only on the runtime class path), adds a
 * named-account rule and a guardrail policy, decides a handful of leads and prints each decision
 * with its reasons, then the review queue.
 */
public final class Quickstart {

  private Quickstart() {}

  /** Runs the quickstart, printing to standard output. */
  public static void main(String[] args) {
    run(System.out);
  }

  /** Decides the sample leads, prints them to {@code out}, and returns the decisions. */
  public static List<Decision> run(PrintStream out) {
    // snippet:host-app
    InMemoryAuditSink audit = new InMemoryAuditSink();
    BoundedReviewQueue queue = new BoundedReviewQueue(100);
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

    List<Decision> decisions = new ArrayList<>();
    decisions.add(decision);
    for (Map<String, Object> lead : sampleLeads()) {
      decisions.add(pipeline.decide(Features.of(schema, lead)));
    }
    for (Decision d : decisions) {
      out.printf("%s  %-45s score=%s%n", d.id(), d.action().describe(), Double.isNaN(d.score()) ? "-" : String.format("%.3f", d.score()));
      for (String reason : d.reasons()) {
        out.println("    - " + reason);
      }
    }
    out.printf("%nreview queue (%d of %d waiting, %d refused):%n", queue.size(), queue.capacity(), queue.refused());
    for (ReviewItem item : queue.snapshot()) {
      out.printf("  %s %s  %s%n", item.decision().id(), item.input().toMap(), ((Action.Review) item.decision().action()).reason());
    }
    out.printf("%naudit records: %d for %d leads%n", audit.size(), decisions.size());
    return decisions;
  }

  private static List<Map<String, Object>> sampleLeads() {
    List<Map<String, Object>> leads = new ArrayList<>();
    leads.add(lead("ACME-001", "US", 90_000, 1, 2, false)); // named strategic account
    leads.add(lead("L-1002", "DE", 8_000, 0, 1, false));      // cold: disqualify proposed, never automatic
    leads.add(lead("L-1003", "US", 15_000, 3, 5, false));     // uncertain band
    leads.add(lead("L-1004", "CA", 180_000, 12, 20, true));   // hot but over 100k: review
    leads.add(lead("L-1005", "FR", 30_000, 4, 6, true));      // warm: inside sales
    Map<String, Object> missing = lead("L-1006", "US", 12_000, 2, 0, false);
    missing.remove("web_visits");                               // the scorer needs it: fallback to review
    leads.add(missing);
    return leads;
  }

  private static Map<String, Object> lead(String account, String country, double amount, int opens, int visits, boolean demo) {
    Map<String, Object> lead = new LinkedHashMap<>();
    lead.put("account_id", account);
    lead.put("country", country);
    lead.put("amount", amount);
    lead.put("email_opens", opens);
    lead.put("web_visits", visits);
    lead.put("demo_requested", demo);
    return lead;
  }
}
