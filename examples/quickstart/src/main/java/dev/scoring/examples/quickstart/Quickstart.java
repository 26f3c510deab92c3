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
import dev.scoring.review.AuditVerifier;
import dev.scoring.review.LabelledExample;
import dev.scoring.review.Resolution;
import dev.scoring.review.ReviewFilter;
import dev.scoring.review.ReviewState;
import dev.scoring.review.ReviewTask;
import dev.scoring.store.JdbcAuditSink;
import dev.scoring.store.JdbcReviewQueue;
import dev.scoring.store.Store;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The quickstart: a lead-routing host app. It builds a schema, loads the {@code engagement}
 * plugin scorer through the registry (the plugin is only on the runtime class path), adds a
 * named-account rule and a guardrail policy, decides a handful of leads and prints each decision
 * with its reasons. Reviews, the audit trail and feedback live in an embedded SQLite store
 * ({@code target/quickstart/scoring.db}, or the system property {@code quickstart.db}): a second
 * run finds the first run's waiting reviews; a simulated reviewer resolves two of them, and their
 * labelled examples appear in the feedback log.
 */
public final class Quickstart {

  private Quickstart() {}

  /** Runs the quickstart, printing to standard output. */
  public static void main(String[] args) {
    run(System.out, Path.of(System.getProperty("quickstart.db", "target/quickstart/scoring.db")));
    NamedAccountRouting.run(System.out);
  }

  /** Decides the sample leads with the store in {@code db}, prints them to {@code out}, and returns the decisions. */
  public static List<Decision> run(PrintStream out, Path db) {
    try (Store store = Store.sqlite(db).open()) {
      return run(out, store);
    }
  }

  private static List<Decision> run(PrintStream out, Store store) {
    long waitingBefore = store.reviewQueue().count(ReviewFilter.all().withState(ReviewState.WAITING));
    out.printf("store %s: %d reviews waiting from earlier runs, %d labelled examples%n%n",
        store.isPostgreSql() ? "PostgreSQL" : "SQLite", waitingBefore, store.feedback().count());
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
    out.printf("%nreview queue: %d waiting%n", queue.count(ReviewFilter.all().withState(ReviewState.WAITING)));
    for (ReviewTask t : queue.list(ReviewFilter.all().withState(ReviewState.WAITING).withLimit(10))) {
      out.printf("  %s %-16s priority %d  %s%n", t.id(), t.queue(), t.priority(), t.item().input().toMap());
    }

    // a reviewer works the queues: claims the next item (high impact first) and resolves it
    int resolved = 0;
    for (String q : List.of("sales-ops-review", "sdr-review")) {
      Optional<ReviewTask> task = queue.claim(q, "sam.reviewer", Duration.ofMinutes(15));
      if (task.isPresent()) {
        ReviewTask t = task.get();
        boolean big = t.priority() > 0;
        LabelledExample e = queue.resolve(t.id(), new Resolution("sam.reviewer",
            big ? Action.route("enterprise-ae") : Action.route("inside-sales"), big ? "good-fit" : "needs-nurture",
            big ? "large deal, known buyer" : "engaged but early"));
        out.printf("reviewer sam.reviewer resolved %s: %s -> %s, label %s%n", t.id(),
            e.originalAction().describe(), e.action().describe(), e.label());
        resolved++;
      }
    }
    out.printf("%nfeedback log: %d labelled examples (%d new)%n", store.feedback().count(), resolved);
    out.printf("SLA (4 h): %d overdue%n", queue.slaReport(Duration.ofHours(4)).overdueCount());
    int audited = 0;
    for (Decision d : decisions) {
      audited += audit.count(d.id());
    }
    out.printf("audit records: %d for %d leads%n", audited, decisions.size());
    for (AuditVerifier.Result r : store.verifyAudit()) {
      out.println(r);
    }
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
