package dev.scoring.rules;

import dev.scoring.api.Features;
import dev.scoring.api.FiredRule;
import dev.scoring.api.Action;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The result of evaluating a {@link RuleSet} on one record, written into a reusable object so that
 * a hot loop allocates nothing: the points (base plus every fired scorecard line), the rules that
 * fired in order, the first decision, and the review flags.
 *
 * <p>Make one with {@link RuleSet#newEvaluation()} and pass it to
 * {@link RuleSet#evaluate(dev.scoring.api.Features, RuleEvaluation)} row after row. Mutable and not
 * thread-safe: give each thread its own. The accessors that return lists allocate; the indexed
 * ones do not.
 */
public final class RuleEvaluation {

  private @Nullable Program program;
  private int[] fired;
  private int firedCount;
  private double points;
  private int decidedBy = -1;
  /** The decision of a {@code route FEATURE} rule, made from the row; null otherwise. */
  private @Nullable Action routed;
  private int flagCount;

  RuleEvaluation(int capacity) {
    this.fired = new int[Math.max(capacity, 4)];
  }

  void reset(Program p) {
    if (fired.length < p.rules.length) {
      fired = new int[p.rules.length];
    }
    program = p;
    firedCount = 0;
    points = p.base;
    decidedBy = -1;
    flagCount = 0;
    routed = null;
  }

  /** After a run: a {@code route FEATURE} decision takes the team from the row (the rule fired, so it has a value). */
  void resolve(Features row) {
    if (decidedBy >= 0 && program().routeFeatures[decidedBy] >= 0) {
      String team = row.string(program().routeFeatures[decidedBy]);
      routed = Action.route(java.util.Objects.requireNonNull(team, "route feature"));
    }
  }

  void fire(int rule, int kind, double rulePoints) {
    fired[firedCount++] = rule;
    points += rulePoints;
    if (kind == Program.DECIDE) {
      if (decidedBy < 0) {
        decidedBy = rule;
      }
    } else if (kind == Program.FLAG) {
      flagCount++;
    }
  }

  private Program program() {
    Program p = program;
    if (p == null) {
      throw new IllegalStateException("nothing evaluated yet");
    }
    return p;
  }

  /** The score: the rule set's base plus the points of every scorecard line that fired. */
  public double points() {
    return points;
  }

  /** How many rules fired. */
  public int firedCount() {
    return firedCount;
  }

  /** The {@code i}-th rule that fired (in firing order), without allocating. */
  public FiredRule fired(int i) {
    if (i < 0 || i >= firedCount) {
      throw new IndexOutOfBoundsException("fired rule " + i + " of " + firedCount);
    }
    return program().fired[fired[i]];
  }

  int firedId(int i) {
    return fired[i];
  }

  /** Whether a rule decided (route, auto or negative action). */
  public boolean decided() {
    return decidedBy >= 0;
  }

  /**
   * The first decision that fired, or {@code null}; preallocated, so it does not allocate (except
   * for a {@code route FEATURE} rule, whose team comes from the row).
   */
  public @Nullable Action decision() {
    return decidedBy < 0 ? null : routed != null ? routed : program().actions[decidedBy];
  }

  /** The name of the rule that decided, or {@code null}. */
  public @Nullable String decidedBy() {
    return decidedBy < 0 ? null : program().rules[decidedBy].name();
  }

  /** How many flag and review rules fired. */
  public int flagCount() {
    return flagCount;
  }

  /** The rules that fired, in order (an unmodifiable list, made for this call). */
  public List<FiredRule> firedRules() {
    if (firedCount == 0) {
      return List.of();
    }
    FiredRule[] rules = new FiredRule[firedCount];
    for (int i = 0; i < firedCount; i++) {
      rules[i] = fired(i);
    }
    return List.of(rules);
  }

  /** The flags and review reasons raised, in order (an unmodifiable list, made for this call). */
  public List<String> flags() {
    Program p = program;
    int n = 0;
    for (int i = 0; p != null && i < firedCount; i++) {
      n += p.flags[fired[i]] != null ? 1 : 0;
    }
    if (p == null || n == 0) {
      return List.of();
    }
    String[] flags = new String[n];
    for (int i = 0, k = 0; i < firedCount; i++) {
      String f = p.flags[fired[i]];
      if (f != null) {
        flags[k++] = f;
      }
    }
    return List.of(flags);
  }

  @Override
  public String toString() {
    return "RuleEvaluation[points=" + points + ", decision=" + (decision() != null ? java.util.Objects.requireNonNull(decision()).describe() : "none")
        + ", flags=" + flags() + ", fired=" + (program == null ? "[]" : firedNames()) + "]";
  }

  private List<String> firedNames() {
    List<String> names = new ArrayList<>(firedCount);
    for (int i = 0; i < firedCount; i++) {
      names.add(fired(i).name());
    }
    return names;
  }
}
