package dev.scoring.rules;

import dev.scoring.api.ModelException;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerSpec;
import dev.scoring.api.ScorerProvider;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * Provides scorers of type {@code rules}: a rule file (or CSV decision table) compiled against the
 * spec's schema; the score is the scorecard's points and explanations list the fired rules.
 *
 * <p>Options:
 * <ul>
 *   <li>{@code format}: {@code rules} (default) or {@code csv} for a decision table;
 *   <li>{@code policy}: the hit policy of a decision table: {@code first} (default), {@code priority},
 *       {@code collect-sum} or {@code all};
 *   <li>{@code clock}: {@code system} (default) or an ISO-8601 instant such as
 *       {@code 2026-01-15T00:00:00Z} for a fixed clock (tests, replays);
 *   <li>{@code bytecode}: {@code true} (default) to compile the rules to JVM bytecode, {@code false}
 *       to walk the compiled node tree (no generated classes; slower, same results);
 *   <li>the common options of {@link ScorerSpec}: {@code version} (default: the file's
 *       {@code version}), {@code missing} ({@code model} only: a test on a missing value is false),
 *       {@code max-bytes} (default 16 MiB).
 * </ul>
 * List files ({@code list NAME from "file"}) are read relative to a file source's directory.
 */
public final class RulesScorerProvider implements ScorerProvider {

  static final String TYPE = "rules";

  /** A provider; {@link java.util.ServiceLoader} calls it. */
  public RulesScorerProvider() {}

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Scorer create(ScorerSpec spec) {
    spec.requireKnownOptions(Set.of("format", "policy", "clock", "bytecode"));
    spec.missing("model");
    if (spec.option(ScorerSpec.MAX_BYTES).isPresent()) {
      spec.readSource();
    }
    RuleSet.Loader loader = RuleSet.loader(spec.schema()).clock(clock(spec)).bytecode(spec.booleanOption("bytecode", true));
    String format = spec.option("format", "rules").trim();
    RuleSet rules;
    switch (format) {
      case "rules" -> {
        if (spec.option("policy").isPresent()) {
          throw new ModelException("scorer '" + spec.id() + "': option 'policy' is for format csv; a rule file "
              + "declares its policies itself");
        }
        rules = loader.load(spec.source());
      }
      case "csv" -> {
        HitPolicy policy;
        try {
          policy = HitPolicy.ofKeyword(spec.option("policy", "first"));
        } catch (IllegalArgumentException e) {
          throw new ModelException("scorer '" + spec.id() + "': option 'policy': " + e.getMessage(), e);
        }
        rules = spec.source().path().isPresent()
            ? loader.loadTable(spec.source().path().get(), policy)
            : loader.table(spec.source().name(), RuleSet.Loader.decode(spec.source().name(),
                spec.source().read(RuleSet.Loader.MAX_BYTES)), policy);
      }
      default -> throw new ModelException("scorer '" + spec.id() + "': option 'format' must be rules or csv, got '"
          + format + "'");
    }
    return new RulesScorer(rules, spec.id(), spec.version(rules.version()));
  }

  private static Clock clock(ScorerSpec spec) {
    String c = spec.option("clock", "system").trim();
    if (c.equals("system")) {
      return Clock.systemUTC();
    }
    try {
      return Clock.fixed(Instant.parse(c), ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new ModelException("scorer '" + spec.id() + "': option 'clock' must be 'system' or an ISO-8601 instant "
          + "like 2026-01-15T00:00:00Z, got '" + c + "'", e);
    }
  }
}
