package dev.scoring.examples.modulehost;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ModelSource;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerRegistry;
import dev.scoring.api.ScorerSpec;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A host app that runs as a named module: it lists the scorer providers the module system bound
 * and scores a lead with a scorecard, through the API alone.
 */
public final class ModuleHost {

  /** The host's lead schema. */
  public static final FeatureSchema SCHEMA = FeatureSchema.builder()
      .number("company_size").category("email_domain").build();

  private static final String SCORECARD = """
      ruleset scorecard version "1"
      base 50
      group card policy collect-sum
        big: +30 when company_size > 500 because "large company"
        free: -20 when email_domain ends with "gmail.com" ignoring case because "free mail"
      """;

  private ModuleHost() {}

  /** Each scorer type the registry finds, with the name of the module its provider lives in ("unnamed" on the class path). */
  public static Map<String, String> providerModules() {
    ScorerRegistry registry = ScorerRegistry.discover(ModuleHost.class.getClassLoader());
    Map<String, String> out = new TreeMap<>();
    for (String type : registry.types()) {
      Module m = registry.provider(type).getClass().getModule();
      out.put(type, m.isNamed() ? m.getName() : "unnamed");
    }
    return out;
  }

  /** Scores one lead with the scorecard, loaded by type through the registry. */
  public static Score score(double companySize, String emailDomain) {
    ScorerSpec spec = ScorerSpec.builder("rules").id("card").schema(SCHEMA)
        .source(ModelSource.bytes("card.rules", SCORECARD.getBytes(StandardCharsets.UTF_8))).build();
    try (Scorer scorer = ScorerRegistry.discover(ModuleHost.class.getClassLoader()).load(spec)) {
      return scorer.score(Features.of(SCHEMA, Map.of("company_size", companySize, "email_domain", emailDomain)));
    }
  }

  /** Prints the providers and one score. */
  public static void main(String[] args) {
    System.out.println(providerModules());
    System.out.println(score(800, "example.com"));
  }
}
