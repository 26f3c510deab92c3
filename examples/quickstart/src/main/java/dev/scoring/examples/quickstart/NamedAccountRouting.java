package dev.scoring.examples.quickstart;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.decision.RuleOutcome;
import dev.scoring.ml.matching.AccountMatchStage;
import dev.scoring.ml.matching.Candidate;
import dev.scoring.ml.matching.FieldType;
import dev.scoring.ml.matching.MatchField;
import dev.scoring.ml.matching.MatchIndex;
import dev.scoring.ml.matching.MatchModel;
import dev.scoring.ml.matching.MatchRecord;
import dev.scoring.ml.matching.Matcher;
import dev.scoring.rules.RuleSet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The named-account rule through the real-time lookup: web-form leads ("Acme Incorporated,
 * acme.com") are matched against a small account list ({@code named-accounts.csv}) by company name,
 * web domain and the lead's email domain against the account's web domain (a cross-field
 * comparison; free mail is no evidence), and the rules route a strong match of a strategic account
 * to the account's owner ({@code route matched_owner}); a weak match goes to review, never decides.
 */
public final class NamedAccountRouting {

  /** The rules, compiled against the lead row enriched with the match. */
  static final String RULES = """
      policy first
      owner: route matched_owner when matched_tier == "strategic" and match_band == "strong"
        because "named strategic account: its owner"
      standard: route "territory-ae" when matched_tier == "standard" and match_band == "strong"
      weak: route matched_owner when match_band == "weak" because "the stage turns a weak match's decision into a review"
      inbound: route "inbound-sdr" when match_band == "none"
      """;

  /** The web-form leads: company, email, website. */
  static final List<List<String>> LEADS = List.of(
      List.of("Acme Incorporated", "jane.roe@acme.com", "acme.com"),
      List.of("ACME", "ops@acme.com", ""),
      List.of("Globex Corp", "k.tanaka@gmail.com", "https://www.globex.com/contact"),
      List.of("Globex", "k.tanaka@gmail.com", ""),
      List.of("Initech Europe", "peter@initech.de", ""),
      List.of("Tyrell Systems", "", "www.tyrell.nl"),
      List.of("Cyberdyne Robotics", "sarah@cyberdyne.ai", "cyberdyne.ai"));

  /** One lead's match and route. */
  public record Routed(String lead, @Nullable String account, double probability, String outcome) {}

  private NamedAccountRouting() {}

  /** The fields: company names, web domains, and the lead's email domain against the account's web domain. */
  static final List<MatchField> FIELDS = List.of(
      MatchField.of("company", FieldType.COMPANY),
      MatchField.of("domain", FieldType.DOMAIN),
      MatchField.cross("email_domain", FieldType.DOMAIN, "email", "domain"));

  /**
   * A Fellegi-Sunter model with m and u probabilities per level (exact, similar..., different,
   * missing) typical of these field types; with a real CRM table, estimate them by EM instead
   * ({@code Matcher.trainUnsupervised}) or count them from labelled pairs.
   */
  static Matcher matcher() {
    double[] domainM = {0.85, 0.08, 0.03, 0.04, 1};
    double[] domainU = {0.0005, 0.001, 0.01, 0.9885, 1};
    return Matcher.of(MatchModel.fellegiSunter(FIELDS,
        new double[][] {{0.55, 0.2, 0.12, 0.06, 0.07, 1}, domainM, domainM},
        new double[][] {{0.001, 0.002, 0.01, 0.03, 0.957, 1}, domainU, domainU},
        0.01)).withId("named-accounts");
  }

  /** The bundled account list. */
  static List<MatchRecord> accounts() {
    try (InputStream in = Objects.requireNonNull(NamedAccountRouting.class.getResourceAsStream("named-accounts.csv"));
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String[] header = r.readLine().split(",");
      List<MatchRecord> out = new ArrayList<>();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] cells = line.split(",", -1);
        Map<String, String> values = new HashMap<>();
        for (int i = 1; i < header.length; i++) {
          values.put(header[i], cells[i]);
        }
        out.add(new MatchRecord(cells[0], values));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Matches and routes the sample leads, printing each to {@code out}. */
  public static List<Routed> run(PrintStream out) {
    FeatureSchema leads = FeatureSchema.builder().category("company").category("email").category("website").build();
    MatchIndex index = MatchIndex.build(matcher(), accounts());
    List<String> attributes = List.of("company", "tier", "owner");
    RuleSet rules = RuleSet.loader(AccountMatchStage.enrichedSchema(leads, attributes)).parse("named-accounts.rules", RULES);
    AccountMatchStage.Builder b = AccountMatchStage.builder(leads, index)
        .field("company", "company").field("email", "email").field("domain", "website");
    attributes.forEach(b::attribute);
    AccountMatchStage stage = b.build(rules);

    out.println("Named accounts: " + index.size() + " accounts, leads matched by name, web domain and email domain");
    List<Routed> routed = new ArrayList<>();
    for (List<String> lead : LEADS) {
      Map<String, Object> values = new HashMap<>();
      values.put("company", lead.get(0));
      if (!lead.get(1).isEmpty()) {
        values.put("email", lead.get(1));
      }
      if (!lead.get(2).isEmpty()) {
        values.put("website", lead.get(2));
      }
      Features row = Features.of(leads, values);
      Candidate match = stage.match(row).orElse(null);
      String outcome = describe(stage.evaluate(row));
      String label = String.join(", ", lead.stream().filter(s -> !s.isEmpty()).toList());
      if (match == null) {
        out.printf("  %-55s no account -> %s%n", label, outcome);
      } else {
        out.printf("  %-55s %s %s (p=%.3f: %s) -> %s%n", label, match.account().id(), match.account().value("company"),
            match.probability(), String.join("; ", match.result().reasons(3)), outcome);
      }
      routed.add(new Routed(label, match == null ? null : match.account().id(), match == null ? 0 : match.probability(), outcome));
    }
    return routed;
  }

  private static String describe(RuleOutcome o) {
    if (o instanceof RuleOutcome.Decide d) {
      return d.action().describe();
    }
    if (o instanceof RuleOutcome.Adjust a && !a.reviewFlags().isEmpty()) {
      return "review: " + String.join("; ", a.reviewFlags());
    }
    return "no rule decided";
  }
}
