package dev.scoring.rules;

import org.jspecify.annotations.Nullable;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.ModelSource;
import dev.scoring.rules.Ast.Expr;
import dev.scoring.rules.Parser.Pos;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Builds a {@link RuleSet} in Java: the same groups, rules, lists and hit policies as a rule file.
 * Conditions are written in the rule language's expression syntax and checked against the schema
 * at {@link #build()}, which reports every problem at once ({@link RuleFileException}; a problem's
 * line is the number of the rule in the order added, its column a position in the condition).
 *
 * <pre>{@code
 * RuleSet rules = RuleSet.builder(schema)
 *     .name("lead_routing").version("7").base(50)
 *     .list("strategic", "acc-001", "acc-002")
 *     .group("named_accounts", HitPolicy.FIRST)
 *     .route("strategic", "account_id in strategic", "strategic-ae")
 *     .group("scorecard", HitPolicy.COLLECT_SUM)
 *     .points("big", 10, "company_size > 500", "large company")
 *     .points("freemail", -20, "email_domain ends with \"gmail.com\" ignoring case", "free mail domain")
 *     .group("governance", HitPolicy.ALL)
 *     .review("close_date", "stage == \"Negotiation\" and close_date is missing", "missing close date")
 *     .build();
 * }</pre>
 *
 * Rules added before any {@link #group(String, HitPolicy)} go to a group {@code main} with policy
 * {@code all}. Not thread-safe; {@link #build()} may be called again, later changes do not affect
 * built rule sets.
 */
public final class RuleSetBuilder {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

  private final FeatureSchema schema;
  private String name = "rules";
  private String version = "unversioned";
  private double base;
  private Clock clock = Clock.systemUTC();
  private boolean bytecode = true;
  private final List<ListSpec> lists = new ArrayList<>();
  private final List<GroupSpec> groups = new ArrayList<>();

  private record ListSpec(String name, List<Object> values) {}

  private record RuleSpec(String name, Ast.Outcome outcome, String condition, int priority, @Nullable String because) {}

  private static final class GroupSpec {
    final String name;
    final HitPolicy policy;
    final List<RuleSpec> rules = new ArrayList<>();

    GroupSpec(String name, HitPolicy policy) {
      this.name = name;
      this.policy = policy;
    }
  }

  RuleSetBuilder(FeatureSchema schema) {
    this.schema = Objects.requireNonNull(schema, "schema");
  }

  private static String checkName(String name, String what) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(what + " '" + name + "' is not valid: use a letter or '_' then letters, digits, "
          + "'_', '.', '-'");
    }
    return name;
  }

  private static String checkText(String text, String what) {
    if (text.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return text;
  }

  /** The rule set's name (default {@code rules}). @throws IllegalArgumentException if not a valid name */
  public RuleSetBuilder name(String name) {
    this.name = checkName(name, "rule set name");
    return this;
  }

  /** The version recorded in scores and audits (default {@code unversioned}). @throws IllegalArgumentException if blank */
  public RuleSetBuilder version(String version) {
    this.version = checkText(version, "version");
    return this;
  }

  /** The scorecard's base points (default 0). @throws IllegalArgumentException if not finite */
  public RuleSetBuilder base(double base) {
    if (!Double.isFinite(base)) {
      throw new IllegalArgumentException("base must be finite: " + base);
    }
    this.base = base;
    return this;
  }

  /** The clock {@code days_since} reads (default: the UTC system clock). */
  public RuleSetBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** Whether to compile the rules to JVM bytecode (default {@code true}); see {@link RuleSet.Loader#bytecode(boolean)}. */
  public RuleSetBuilder bytecode(boolean enabled) {
    this.bytecode = enabled;
    return this;
  }

  /** A named list of strings for {@code in NAME} (e.g. named accounts). @throws IllegalArgumentException if empty or badly named */
  public RuleSetBuilder list(String name, String... values) {
    return list(name, List.of(values));
  }

  /** A named list of strings from a collection (e.g. account ids read by the host). */
  public RuleSetBuilder list(String name, java.util.Collection<String> values) {
    checkName(name, "list name");
    if (values.isEmpty()) {
      throw new IllegalArgumentException("list '" + name + "' is empty");
    }
    lists.add(new ListSpec(name, List.copyOf(values)));
    return this;
  }

  /** A named list of numbers for {@code in NAME}. @throws IllegalArgumentException if empty, not finite or badly named */
  public RuleSetBuilder numberList(String name, double... values) {
    checkName(name, "list name");
    if (values.length == 0) {
      throw new IllegalArgumentException("list '" + name + "' is empty");
    }
    List<Object> v = new ArrayList<>();
    for (double d : values) {
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("list '" + name + "' has a value that is not finite: " + d);
      }
      v.add(d);
    }
    lists.add(new ListSpec(name, v));
    return this;
  }

  /** Starts a group; the rules added next belong to it. @throws IllegalArgumentException if badly named */
  public RuleSetBuilder group(String name, HitPolicy policy) {
    groups.add(new GroupSpec(checkName(name, "group name"), Objects.requireNonNull(policy, "policy")));
    return this;
  }

  private RuleSetBuilder add(String name, Ast.Outcome outcome, String condition, @Nullable String because) {
    checkName(name, "rule name");
    Objects.requireNonNull(condition, "condition");
    if (groups.isEmpty()) {
      groups.add(new GroupSpec("main", HitPolicy.ALL));
    }
    groups.get(groups.size() - 1).rules.add(new RuleSpec(name, outcome, condition, 0, because));
    return this;
  }

  /** A scorecard line: {@code points} when {@code condition} holds. */
  public RuleSetBuilder points(String name, double points, String condition) {
    if (!Double.isFinite(points)) {
      throw new IllegalArgumentException("points of rule '" + name + "' must be finite: " + points);
    }
    return add(name, new Ast.Points(points), condition, null);
  }

  /** A scorecard line with the reason people read. */
  public RuleSetBuilder points(String name, double points, String condition, String because) {
    points(name, points, condition);
    return because(checkText(because, "reason"));
  }

  /**
   * Route to the team named by the string feature {@code teamFeature} (e.g. {@code matched_owner})
   * when {@code condition} holds and the feature has a value (a decision).
   */
  public RuleSetBuilder routeTo(String name, String condition, String teamFeature) {
    return add(name, new Ast.RouteTo(checkText(teamFeature, "teamFeature")), condition, null);
  }

  /** Route to {@code team} when {@code condition} holds (a decision). */
  public RuleSetBuilder route(String name, String condition, String team) {
    return add(name, new Ast.Route(checkText(team, "team")), condition, null);
  }

  /** Raise {@code flag} (the record goes to review) when {@code condition} holds. */
  public RuleSetBuilder flag(String name, String condition, String flag) {
    return add(name, new Ast.Flag(checkText(flag, "flag")), condition, null);
  }

  /** Send to review with {@code reason} when {@code condition} holds. */
  public RuleSetBuilder review(String name, String condition, String reason) {
    return add(name, new Ast.Review(checkText(reason, "reason")), condition, null);
  }

  /** Decide the automatic action {@code action} when {@code condition} holds. */
  public RuleSetBuilder auto(String name, String condition, String action) {
    return add(name, new Ast.Auto(checkText(action, "action")), condition, null);
  }

  /** Propose the negative action {@code action} (never automatic) when {@code condition} holds. */
  public RuleSetBuilder negative(String name, String condition, String action) {
    return add(name, new Ast.Negative(checkText(action, "action")), condition, null);
  }

  private RuleSpec last(String what) {
    if (groups.isEmpty() || groups.get(groups.size() - 1).rules.isEmpty()) {
      throw new IllegalStateException(what + " applies to the last rule added, and there is none in this group");
    }
    return groups.get(groups.size() - 1).rules.get(groups.get(groups.size() - 1).rules.size() - 1);
  }

  private void replaceLast(RuleSpec r) {
    List<RuleSpec> rules = groups.get(groups.size() - 1).rules;
    rules.set(rules.size() - 1, r);
  }

  /**
   * Sets the priority of the last rule added (its group must have policy {@code priority}).
   *
   * @throws IllegalStateException if no rule was added to the current group
   */
  public RuleSetBuilder priority(int priority) {
    RuleSpec r = last("priority");
    replaceLast(new RuleSpec(r.name(), r.outcome(), r.condition(), priority, r.because()));
    return this;
  }

  /**
   * Sets the reason text of the last rule added.
   *
   * @throws IllegalStateException if no rule was added to the current group
   */
  public RuleSetBuilder because(String reason) {
    RuleSpec r = last("because");
    replaceLast(new RuleSpec(r.name(), r.outcome(), r.condition(), r.priority(), checkText(reason, "reason")));
    return this;
  }

  /**
   * Checks every condition against the schema and compiles the rule set.
   *
   * @throws RuleFileException listing every problem (syntax errors in conditions and schema errors)
   */
  public RuleSet build() {
    String file = "builder:" + name;
    Map<Object, Pos> positions = new IdentityHashMap<>();
    List<RuleProblem> problems = new ArrayList<>();
    List<Ast.ListDef> listDefs = new ArrayList<>();
    for (ListSpec l : lists) {
      List<Expr> values = new ArrayList<>();
      for (Object v : l.values()) {
        values.add(v instanceof String s ? new Ast.Str(s) : new Ast.Num((Double) v));
      }
      listDefs.add(new Ast.ListDef(l.name(), values, null));
    }
    List<Ast.Group> groupDefs = new ArrayList<>();
    int number = 0;
    for (GroupSpec g : groups) {
      List<Ast.Rule> rules = new ArrayList<>();
      for (RuleSpec r : g.rules) {
        number++;
        Map<Object, Pos> local = new IdentityHashMap<>();
        Expr when;
        try {
          when = Parser.parseCondition(file, r.condition(), local);
        } catch (RuleFileException e) {
          for (RuleProblem p : e.problems()) {
            problems.add(new RuleProblem(file, number, p.column(), "rule '" + r.name() + "': " + p.message()));
          }
          continue;
        }
        for (Map.Entry<Object, Pos> e : local.entrySet()) {
          positions.put(e.getKey(), new Pos(number, e.getValue().column()));
        }
        Ast.Rule rule = new Ast.Rule(r.name(), r.outcome(), when, r.priority(), r.because());
        positions.put(rule, new Pos(number, 1));
        rules.add(rule);
      }
      groupDefs.add(new Ast.Group(g.name, g.policy, rules));
    }
    if (!problems.isEmpty()) {
      throw new RuleFileException(problems);
    }
    Ast.File ast = new Ast.File(name, version, base, listDefs, groupDefs);
    String digest = ModelSource.digest(Printer.print(ast).getBytes(StandardCharsets.UTF_8));
    return RuleSet.loader(schema).clock(clock).bytecode(bytecode)
        .finish(file, new Parser.Parsed(ast, positions), digest);
  }
}
