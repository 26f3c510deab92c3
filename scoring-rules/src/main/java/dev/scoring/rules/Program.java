package dev.scoring.rules;

import dev.scoring.api.Features;
import dev.scoring.api.FiredRule;
import dev.scoring.api.Action;
import org.jspecify.annotations.Nullable;

/**
 * A compiled rule set: per group, the conditions in evaluation order; per rule (in file order),
 * its outcome, preallocated so that evaluation allocates nothing.
 */
final class Program {

  static final int POINTS = 0;
  static final int DECIDE = 1;
  static final int FLAG = 2;

  /** One group's code: conditions in evaluation order and the ids of their rules. */
  record GroupCode(String name, HitPolicy policy, boolean firstOnly, Nodes.Cond[] conds, int[] ruleIds) {}

  final Ast.File ast;
  final Ast.Rule[] rules;
  final GroupCode[] groups;
  final boolean usesClock;
  final double base;
  final int[] kind;
  final double[] points;
  final @Nullable Action[] actions;
  /** Per rule: the index of the feature naming the team it routes to ({@code route FEATURE}), else -1. */
  final int[] routeFeatures;
  final @Nullable String[] flags;
  final FiredRule[] fired;
  /** Per group: whether any of its rules adds points (other groups cannot change the points). */
  private final boolean[] scoring;
  /** The rules as bytecode, or null to walk the node tree (generation failed or was not wanted). */
  private final Codegen.@Nullable Code code;
  /** Why bytecode was wanted but not generated, or null. */
  final @Nullable String codegenFailure;

  Program(Ast.File ast, Ast.Rule[] rules, GroupCode[] groups, boolean usesClock, boolean generate, int[] routeFeatures) {
    this.ast = ast;
    this.routeFeatures = routeFeatures;
    this.rules = rules;
    this.groups = groups;
    this.usesClock = usesClock;
    this.base = ast.base();
    int n = rules.length;
    this.kind = new int[n];
    this.points = new double[n];
    this.actions = new Action[n];
    this.flags = new String[n];
    this.fired = new FiredRule[n];
    for (int i = 0; i < n; i++) {
      Ast.Rule r = rules[i];
      Ast.Outcome o = r.outcome();
      if (o instanceof Ast.Points p) {
        kind[i] = POINTS;
        points[i] = p.points();
      } else if (o instanceof Ast.Route route) {
        kind[i] = DECIDE;
        actions[i] = Action.route(route.team());
      } else if (o instanceof Ast.RouteTo) {
        kind[i] = DECIDE; // the action is made from the row's value when the rule decides
      } else if (o instanceof Ast.Auto a) {
        kind[i] = DECIDE;
        actions[i] = Action.auto(a.action());
      } else if (o instanceof Ast.Negative neg) {
        kind[i] = DECIDE;
        actions[i] = Action.negative(neg.action());
      } else if (o instanceof Ast.Flag f) {
        kind[i] = FLAG;
        flags[i] = f.name();
      } else {
        kind[i] = FLAG;
        flags[i] = ((Ast.Review) o).reason();
      }
      String outcome = Printer.outcome(o).replace("\"", "");
      fired[i] = new FiredRule(r.name(), Printer.rule(r), r.because() == null ? outcome : outcome + " (" + r.because() + ")");
    }
    this.scoring = new boolean[groups.length];
    for (int g = 0; g < groups.length; g++) {
      for (int id : groups[g].ruleIds()) {
        scoring[g] |= kind[id] == POINTS && points[id] != 0.0;
      }
    }
    Codegen.Result generated = generate ? Codegen.compile(this) : new Codegen.Result(null, null);
    this.code = generated.code();
    this.codegenFailure = generated.failure();
  }

  /** The same program evaluated by walking its node tree, without generated code. */
  Program treeOnly() {
    return new Program(ast, rules, groups, usesClock, false, routeFeatures);
  }

  boolean generated() {
    return code != null;
  }

  boolean scoring(int group) {
    return scoring[group];
  }

  /** Runs every group on {@code row} into {@code out}. */
  void run(Features row, long now, RuleEvaluation out) {
    Codegen.Code c = code;
    if (c != null) {
      c.run(row, now, out);
      return;
    }
    for (GroupCode g : groups) {
      Nodes.Cond[] conds = g.conds;
      int[] ids = g.ruleIds;
      if (g.firstOnly) {
        for (int k = 0; k < conds.length; k++) {
          if (conds[k].test(row, now)) {
            out.fire(ids[k], kind[ids[k]], points[ids[k]]);
            break;
          }
        }
      } else {
        for (int k = 0; k < conds.length; k++) {
          if (conds[k].test(row, now)) {
            out.fire(ids[k], kind[ids[k]], points[ids[k]]);
          }
        }
      }
    }
  }

  /** The base plus the points of the rules that fire, without recording anything. */
  double points(Features row, long now) {
    Codegen.Code c = code;
    if (c != null) {
      return c.points(row, now);
    }
    double sum = base;
    for (int gi = 0; gi < groups.length; gi++) {
      if (!scoring[gi]) {
        continue;
      }
      GroupCode g = groups[gi];
      Nodes.Cond[] conds = g.conds;
      int[] ids = g.ruleIds;
      if (g.firstOnly) {
        for (int k = 0; k < conds.length; k++) {
          if (conds[k].test(row, now)) {
            sum += points[ids[k]];
            break;
          }
        }
      } else {
        for (int k = 0; k < conds.length; k++) {
          if (conds[k].test(row, now)) {
            sum += points[ids[k]];
          }
        }
      }
    }
    return sum;
  }
}
