package dev.scoring.rules;

import dev.scoring.api.Contribution;
import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.FiredRule;
import dev.scoring.api.ModelException;
import dev.scoring.api.ModelSource;
import dev.scoring.api.Scorer;
import dev.scoring.api.Action;
import dev.scoring.decision.RuleOutcome;
import dev.scoring.decision.RuleStage;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A compiled, immutable, thread-safe set of rules bound to a {@link FeatureSchema}: routing rules,
 * point scorecards and governance flags in groups, each with a {@link HitPolicy}.
 *
 * <p>Load one from rule text or a CSV decision table with a {@link Loader}
 * ({@link #loader(FeatureSchema)}), or build one in Java with {@link #builder(FeatureSchema)}; the
 * grammar is in the module README. Loading checks everything against the schema and throws a
 * {@link RuleFileException} listing every problem with its file, line and column.
 *
 * <pre>{@code
 * RuleSet rules = RuleSet.loader(schema).load(Path.of("routing.rules"));
 * RuleOutcome outcome = rules.evaluate(row);               // a DecisionPipeline rule stage
 * RuleEvaluation e = rules.evaluate(row, reused);          // allocation-free: points, decision, fired rules
 * Scorer scorecard = rules.toScorer("lead-scorecard");     // the points as a Score, with explanations
 * }</pre>
 *
 * <p>Evaluation: every group runs in file order. A {@code first} group fires its first matching
 * rule, a {@code priority} group its highest-priority matching rule, {@code collect-sum} and
 * {@code all} groups every matching rule. The points are the base plus the points of every
 * fired scorecard line; the decision is the first route, auto or negative action that fired; flags
 * and reviews collect. A missing value makes every comparison, range, set and text test on it
 * false; {@code is missing} tests for it; {@code not} negates the whole condition.
 *
 * <p>As a {@link RuleStage}: a decision gives {@link RuleOutcome.Decide} with the flags that fired
 * too (the pipeline holds it for review in its review queue, one reason per flag); points or flags give {@link RuleOutcome.Adjust} with
 * the total points (base included) and the flags; nothing gives {@link RuleOutcome#pass()}. That
 * path allocates the outcome when a rule fires; {@link #evaluate(Features, RuleEvaluation)} never
 * allocates.
 */
public final class RuleSet implements RuleStage {

  private final FeatureSchema schema;
  private final String sourceName;
  private final Program program;
  private final List<RuleProblem> warnings;
  private final Clock clock;
  private final String digest;
  private final ThreadLocal<RuleEvaluation> scratch;

  RuleSet(FeatureSchema schema, String sourceName, Program program, List<RuleProblem> warnings, Clock clock,
      String digest) {
    this.schema = schema;
    this.sourceName = sourceName;
    this.program = program;
    this.warnings = List.copyOf(warnings);
    this.clock = clock;
    this.digest = digest;
    this.scratch = ThreadLocal.withInitial(this::newEvaluation);
  }

  /** A loader of rule files and decision tables for rows of {@code schema}. */
  public static Loader loader(FeatureSchema schema) {
    return new Loader(schema);
  }

  /** Starts building a rule set in Java for rows of {@code schema}. */
  public static RuleSetBuilder builder(FeatureSchema schema) {
    return new RuleSetBuilder(schema);
  }

  /**
   * The rule set behind a scorer of type {@code rules}, e.g. one loaded through the registry, to use
   * as a pipeline stage as well: {@code RuleSet rules = RuleSet.from(Scorers.load(spec));}
   *
   * @throws IllegalArgumentException if {@code scorer} was not made by this module
   */
  public static RuleSet from(Scorer scorer) {
    if (scorer instanceof RulesScorer r) {
      return r.ruleSet();
    }
    throw new IllegalArgumentException("scorer '" + scorer.provenance().scorerId() + "' of type "
        + scorer.provenance().type() + " is not a rule set");
  }

  /** The schema the rules are bound to. */
  public FeatureSchema schema() {
    return schema;
  }

  /** The rule set's name ({@code ruleset NAME}; {@code "rules"} if the file does not name it). */
  public String name() {
    return program.ast.name();
  }

  /** The version the file declares ({@code "unversioned"} if none). */
  public String version() {
    return program.ast.version();
  }

  /**
   * {@code "NAME VERSION (sha256:...)"}: the rule set's name, declared version and digest, named in
   * the reasons (and audit record) of every decision these rules make in a pipeline.
   */
  @Override
  public Optional<String> rulesVersion() {
    return Optional.of(name() + " " + version() + " (" + digest + ")");
  }

  /** Where the rules came from, as given to the loader. */
  public String sourceName() {
    return sourceName;
  }

  /** {@code "sha256:..."} of the rule file's bytes (of the canonical text for built rule sets). */
  public String digest() {
    return digest;
  }

  /** The scorecard's base points. */
  public double base() {
    return program.base;
  }

  /** The rule names, in file order. */
  public List<String> ruleNames() {
    List<String> names = new ArrayList<>(program.rules.length);
    for (Ast.Rule r : program.rules) {
      names.add(r.name());
    }
    return names;
  }

  /**
   * Warnings found at load time: rules that can never fire because an earlier rule always fires
   * first, and a note if the rules could not be compiled to bytecode.
   */
  public List<RuleProblem> warnings() {
    return warnings;
  }

  /** Whether a rule reads the clock ({@code days_since}). */
  public boolean usesClock() {
    return program.usesClock;
  }

  /** The rules as canonical rule text, which loads back to an equal rule set. */
  public String toText() {
    return Printer.print(program.ast);
  }

  /** This rule set evaluated by walking the node tree (no generated code), for tests. */
  RuleSet treeOnly() {
    return new RuleSet(schema, sourceName, program.treeOnly(), warnings, clock, digest);
  }

  boolean generated() {
    return program.generated();
  }

  Ast.File ast() {
    return program.ast;
  }

  /** A new reusable evaluation result for {@link #evaluate(Features, RuleEvaluation)}. */
  public RuleEvaluation newEvaluation() {
    return new RuleEvaluation(program.rules.length);
  }

  /**
   * Evaluates every group on {@code row} into {@code into}, allocating nothing.
   *
   * @return {@code into}
   * @throws dev.scoring.api.RecordException if the row is bound to another schema
   */
  public RuleEvaluation evaluate(Features row, RuleEvaluation into) {
    row.requireSchema(schema);
    into.reset(program);
    program.run(row, program.usesClock ? clock.millis() : 0L, into);
    into.resolve(row);
    return into;
  }

  /**
   * The points alone: the base plus every fired scorecard line; allocates nothing.
   *
   * @throws dev.scoring.api.RecordException if the row is bound to another schema
   */
  public double points(Features row) {
    row.requireSchema(schema);
    return program.points(row, program.usesClock ? clock.millis() : 0L);
  }

  /**
   * Evaluates the rules as a pipeline stage: {@link RuleOutcome.Decide} for a decision,
   * {@link RuleOutcome.Adjust} for points (base included) and flags, {@link RuleOutcome#pass()} when
   * nothing fired and the base is 0.
   */
  @Override
  public RuleOutcome evaluate(Features row) {
    RuleEvaluation e = evaluate(row, scratch.get());
    Action decision = e.decision();
    if (decision != null) {
      return new RuleOutcome.Decide(decision, e.flags(), e.firedRules());
    }
    if (e.firedCount() == 0 && e.points() == 0.0) {
      return RuleOutcome.pass();
    }
    return new RuleOutcome.Adjust(e.points(), e.flags(), e.firedRules());
  }

  /**
   * Explains the points: the base as the bias, one contribution per fired scorecard line (named
   * after the rule, weighing its points, observed as its reason or condition), and every fired rule.
   */
  public Explanation explain(Features row, String scorerId) {
    RuleEvaluation e = evaluate(row, newEvaluation());
    List<Contribution> contributions = new ArrayList<>();
    List<FiredRule> fired = e.firedRules();
    for (int i = 0; i < e.firedCount(); i++) {
      int id = e.firedId(i);
      if (program.kind[id] == Program.POINTS) {
        Ast.Rule r = program.rules[id];
        contributions.add(new Contribution(r.name(), program.points[id],
            r.because() != null ? r.because() : Printer.expr(r.when())));
      }
    }
    return new Explanation(scorerId, program.base, contributions, fired);
  }

  /** These rules as a {@link Scorer} of type {@code rules}: the points are the score. */
  public Scorer toScorer(String id) {
    return new RulesScorer(this, id);
  }

  @Override
  public String toString() {
    return "RuleSet[" + name() + " " + version() + ", " + program.rules.length + " rules, " + sourceName + "]";
  }

  /**
   * Loads rule files and decision tables into rule sets bound to one schema. Configure, then load;
   * a loader is not thread-safe, the rule sets it makes are.
   */
  public static final class Loader {
    /** The largest rule file or table accepted: 16 MiB. */
    public static final long MAX_BYTES = 16L << 20;

    private final FeatureSchema schema;
    private Clock clock = Clock.systemUTC();
    private @Nullable Path listDirectory;
    private boolean bytecode = true;

    private Loader(FeatureSchema schema) {
      this.schema = Objects.requireNonNull(schema, "schema");
    }

    /** The clock {@code days_since} reads (default: the UTC system clock). */
    public Loader clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Whether to compile the rules to JVM bytecode (default {@code true}; the fast path). With
     * {@code false} the rules are evaluated by walking their compiled node tree, several times
     * slower but with no generated classes; results are identical either way.
     */
    public Loader bytecode(boolean enabled) {
      this.bytecode = enabled;
      return this;
    }

    /**
     * Where {@code list NAME from "file"} reads its files for {@link #parse(String, String)}
     * (default: none, so such lists fail; {@link #load(Path)} uses the rule file's directory).
     */
    public Loader listDirectory(Path directory) {
      this.listDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Parses and compiles rule text; {@code name} stands for the file in messages.
     *
     * @throws RuleFileException for a syntax error (the first) or schema errors (all of them)
     */
    public RuleSet parse(String name, String text) {
      return compile(name, text, listDirectory, ModelSource.digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Loads a rule file (UTF-8); list files are read from its directory.
     *
     * @throws ModelException if it cannot be read; {@link RuleFileException} if it is not valid
     */
    public RuleSet load(Path file) {
      byte[] bytes = ModelSource.path(file).read(MAX_BYTES);
      Path dir = listDirectory != null ? listDirectory : file.toAbsolutePath().getParent();
      return compile(file.toString(), decode(file.toString(), bytes), dir, ModelSource.digest(bytes));
    }

    /**
     * Loads rules from any model source; a file source reads list files from its directory.
     *
     * @throws ModelException if it cannot be read; {@link RuleFileException} if it is not valid
     */
    public RuleSet load(ModelSource source) {
      if (source.path().isPresent()) {
        return load(source.path().get());
      }
      byte[] bytes = source.read(MAX_BYTES);
      return compile(source.name(), decode(source.name(), bytes), listDirectory, ModelSource.digest(bytes));
    }

    /**
     * Compiles a CSV decision table (format in the module README): one column per condition, the
     * last column the outcome, {@code -} for any value; the rules go in one group with {@code policy}.
     *
     * @throws RuleFileException listing every problem, by line and column of the CSV text
     */
    public RuleSet table(String name, String csv, HitPolicy policy) {
      Parser.Parsed parsed = DecisionTable.parse(name, csv, policy, schema);
      return finish(name, parsed, ModelSource.digest(csv.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Loads a CSV decision table from a file (UTF-8).
     *
     * @throws ModelException if it cannot be read; {@link RuleFileException} if it is not valid
     */
    public RuleSet loadTable(Path csv, HitPolicy policy) {
      byte[] bytes = ModelSource.path(csv).read(MAX_BYTES);
      Parser.Parsed parsed = DecisionTable.parse(csv.toString(), decode(csv.toString(), bytes), policy, schema);
      return finish(csv.toString(), parsed, ModelSource.digest(bytes));
    }

    private RuleSet compile(String name, String text, @Nullable Path dir, String digest) {
      Parser.Parsed parsed = Parser.parseFile(name, text, dir == null ? null : listFiles(dir));
      return finish(name, parsed, digest);
    }

    RuleSet finish(String name, Parser.Parsed parsed, String digest) {
      Program program = Compiler.compile(name, parsed, schema, bytecode);
      List<RuleProblem> warnings = new ArrayList<>(Shadowing.warnings(name, parsed, schema));
      if (program.codegenFailure != null) {
        warnings.add(new RuleProblem(name, 1, 1, "the rules run on the node tree (slower, same results): "
            + program.codegenFailure));
      }
      return new RuleSet(schema, name, program, warnings, clock, digest);
    }

    private static Parser.ListResolver listFiles(Path dir) {
      return (source, file, at) -> {
        Path p = dir.resolve(source);
        byte[] bytes;
        try {
          bytes = ModelSource.path(p).read(MAX_BYTES);
        } catch (ModelException e) {
          throw new RuleFileException(List.of(new RuleProblem(file, at.line(), at.column(),
              "cannot read list file '" + source + "' (" + p + "): " + e.getMessage())));
        }
        List<String> values = new ArrayList<>();
        for (String line : decode(p.toString(), bytes).split("\r?\n")) {
          String v = line.strip();
          if (!v.isEmpty() && !v.startsWith("#")) {
            values.add(v);
          }
        }
        return values;
      };
    }

    static String decode(String name, byte[] bytes) {
      try {
        return StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
      } catch (CharacterCodingException e) {
        throw new ModelException(name + " is not valid UTF-8 text: " + e.getMessage(), e);
      }
    }
  }

}
