package dev.scoring.rules;

import dev.scoring.api.Feature;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.FeatureType;
import dev.scoring.rules.Ast.Expr;
import dev.scoring.rules.Parser.Pos;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Checks a parse tree against a schema, collecting every problem, and compiles it into a
 * {@link Program} of {@link Nodes} bound to schema positions.
 */
final class Compiler {

  /** The type of an expression. ERROR stands for an operand already reported, to avoid cascades. */
  enum Type {
    NUMBER("a number"), STRING("a string"), BOOLEAN("a boolean"), TIMESTAMP("a timestamp"), ERROR("?");

    final String article;

    Type(String article) {
      this.article = article;
    }
  }

  private final String file;
  private final FeatureSchema schema;
  private final Map<Object, Pos> positions;
  private final List<RuleProblem> problems = new ArrayList<>();
  private final Map<String, Ast.ListDef> lists = new HashMap<>();
  private final Map<String, Type> listTypes = new HashMap<>();
  private final Map<Expr, Type> types = new java.util.IdentityHashMap<>();
  private boolean usesClock;
  private boolean bytecode = true;

  private Compiler(String file, FeatureSchema schema, Map<Object, Pos> positions) {
    this.file = file;
    this.schema = schema;
    this.positions = positions;
  }

  /**
   * Checks and compiles {@code parsed}.
   *
   * @throws RuleFileException listing every problem found
   */
  static Program compile(String file, Parser.Parsed parsed, FeatureSchema schema, boolean bytecode) {
    Compiler c = new Compiler(file, schema, parsed.positions());
    c.bytecode = bytecode;
    return c.run(parsed.file());
  }

  private void problem(@Nullable Object node, String message) {
    Pos p = node == null ? null : positions.get(node);
    problems.add(new RuleProblem(file, p == null ? 1 : p.line(), p == null ? 1 : p.column(), message));
  }

  private Program run(Ast.File f) {
    for (Ast.ListDef l : f.lists()) {
      if (lists.putIfAbsent(l.name(), l) != null) {
        problem(l, "duplicate list '" + l.name() + "': each list needs its own name");
        continue;
      }
      Type t = null;
      boolean mixed = false;
      for (Expr v : l.values()) {
        Type vt = literalType(v);
        if (t == null) {
          t = vt;
        } else if (t != vt) {
          mixed = true;
        }
      }
      if (mixed) {
        problem(l, "list '" + l.name() + "' mixes strings, numbers and booleans: expected values of one type");
        t = Type.ERROR;
      }
      listTypes.put(l.name(), t == null ? Type.ERROR : t);
      if (l.values().isEmpty()) {
        problem(l, "list '" + l.name() + "' is empty: expected at least one value");
      }
    }
    Set<String> groupNames = new HashSet<>();
    Set<String> ruleNames = new HashSet<>();
    int ruleCount = 0;
    for (Ast.Group g : f.groups()) {
      if (!groupNames.add(g.name())) {
        problem(g, "duplicate group '" + g.name() + "': each group needs its own name");
      }
      for (Ast.Rule r : g.rules()) {
        ruleCount++;
        if (!ruleNames.add(r.name())) {
          problem(r, "duplicate rule name '" + r.name() + "': rule names must be unique in a rule set");
        }
        if (g.policy() == HitPolicy.COLLECT_SUM && !(r.outcome() instanceof Ast.Points)) {
          problem(r, "rule '" + r.name() + "' in collect-sum group '" + g.name()
              + "' must add points (like +10), not " + Printer.outcome(r.outcome()));
        }
        if (r.priority() != 0 && g.policy() != HitPolicy.PRIORITY) {
          problem(r, "rule '" + r.name() + "' has a priority but group '" + g.name() + "' has policy "
              + g.policy().keyword() + ": expected 'policy priority' or no priority");
        }
        if (r.outcome() instanceof Ast.RouteTo to) {
          feature(r.when(), to.feature()).ifPresent(ft -> {
            if (!ft.type().isString()) {
              problem(r, "rule '" + r.name() + "' routes to feature '" + to.feature() + "', which is "
                  + ft.type().name().toLowerCase(java.util.Locale.ROOT) + ": expected a category or text feature naming the team");
            }
          });
        }
        if (r.outcome() instanceof Ast.Points p && !Double.isFinite(p.points())) {
          problem(r, "rule '" + r.name() + "': points must be finite");
        }
        Type t = type(r.when());
        if (t != Type.BOOLEAN && t != Type.ERROR) {
          problem(r.when(), "the condition of rule '" + r.name() + "' is " + t.article + ": expected a condition "
              + "(a comparison, a boolean feature, 'and', 'or', 'not')");
        }
      }
    }
    if (!problems.isEmpty()) {
      problems.sort(Comparator.comparingInt(RuleProblem::line).thenComparingInt(RuleProblem::column));
      throw new RuleFileException(problems);
    }
    return build(f, ruleCount);
  }

  private Program build(Ast.File f, int ruleCount) {
    Ast.Rule[] rules = new Ast.Rule[ruleCount];
    Program.GroupCode[] groups = new Program.GroupCode[f.groups().size()];
    int id = 0;
    for (int gi = 0; gi < groups.length; gi++) {
      Ast.Group g = f.groups().get(gi);
      int n = g.rules().size();
      Integer[] order = new Integer[n];
      for (int k = 0; k < n; k++) {
        order[k] = k;
        rules[id + k] = g.rules().get(k);
      }
      if (g.policy() == HitPolicy.PRIORITY) {
        java.util.Arrays.sort(order, Comparator.comparingInt((Integer k) -> -g.rules().get(k).priority()));
      }
      Nodes.Cond[] conds = new Nodes.Cond[n];
      int[] ids = new int[n];
      for (int k = 0; k < n; k++) {
        Ast.Rule rule = g.rules().get(order[k]);
        conds[k] = cond(rule.condition());
        ids[k] = id + order[k];
      }
      boolean firstOnly = g.policy() == HitPolicy.FIRST || g.policy() == HitPolicy.PRIORITY;
      groups[gi] = new Program.GroupCode(g.name(), g.policy(), firstOnly, conds, ids);
      id += n;
    }
    int[] routeFeatures = new int[ruleCount];
    for (int i = 0; i < ruleCount; i++) {
      routeFeatures[i] = rules[i].outcome() instanceof Ast.RouteTo to ? index(to.feature()) : -1;
    }
    return new Program(f, rules, groups, usesClock, bytecode, routeFeatures);
  }

  // ---- types

  private static Type literalType(Expr e) {
    if (e instanceof Ast.Num) {
      return Type.NUMBER;
    } else if (e instanceof Ast.Str) {
      return Type.STRING;
    } else {
      return Type.BOOLEAN;
    }
  }

  private Optional<Feature> feature(Expr at, String name) {
    Optional<Feature> f = schema.find(name);
    if (f.isEmpty()) {
      problem(at, "unknown feature '" + name + "': the schema has " + schema.names());
    }
    return f;
  }

  private static Type of(FeatureType t) {
    return switch (t) {
      case NUMBER -> Type.NUMBER;
      case BOOLEAN -> Type.BOOLEAN;
      case TIMESTAMP -> Type.TIMESTAMP;
      case CATEGORY, TEXT -> Type.STRING;
    };
  }

  private String describe(Expr e, Type t) {
    if (e instanceof Ast.Ref r) {
      Optional<Feature> f = schema.find(r.name());
      if (f.isPresent()) {
        return "feature '" + r.name() + "' (" + f.get().type().name().toLowerCase(java.util.Locale.ROOT) + ")";
      }
    }
    if (e instanceof Ast.Str || e instanceof Ast.Num || e instanceof Ast.Bool) {
      return (t == Type.STRING ? "string " : t == Type.NUMBER ? "number " : "") + Printer.expr(e);
    }
    return t.article + " (" + abbreviate(Printer.expr(e)) + ")";
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }

  Type type(Expr e) {
    Type t = typeOf(e);
    types.put(e, t);
    return t;
  }

  private Type typeOf(Expr e) {
    if (e instanceof Ast.Num) {
      return Type.NUMBER;
    } else if (e instanceof Ast.Str) {
      return Type.STRING;
    } else if (e instanceof Ast.Bool) {
      return Type.BOOLEAN;
    } else if (e instanceof Ast.Ref r) {
      return feature(e, r.name()).map(f -> of(f.type())).orElse(Type.ERROR);
    } else if (e instanceof Ast.DaysSince d) {
      Optional<Feature> f = feature(e, d.feature());
      if (f.isPresent() && f.get().type() != FeatureType.TIMESTAMP) {
        problem(e, "days_since(" + d.feature() + ") needs a timestamp feature but '" + d.feature() + "' is "
            + f.get().type().name().toLowerCase(java.util.Locale.ROOT));
        return Type.ERROR;
      }
      return f.isPresent() ? Type.NUMBER : Type.ERROR;
    } else if (e instanceof Ast.Neg n) {
      return numeric(e, "-", n.operand());
    } else if (e instanceof Ast.Arith a) {
      Type l = numeric(e, a.op().symbol, a.left());
      Type r = numeric(e, a.op().symbol, a.right());
      return l == Type.ERROR || r == Type.ERROR ? Type.ERROR : Type.NUMBER;
    } else if (e instanceof Ast.Cmp c) {
      return compare(c);
    } else if (e instanceof Ast.Between b) {
      Type v = numeric(e, "between", b.value());
      Type l = numeric(e, "between", b.low());
      Type h = numeric(e, "between", b.high());
      return v == Type.ERROR || l == Type.ERROR || h == Type.ERROR ? Type.ERROR : Type.BOOLEAN;
    } else if (e instanceof Ast.In in) {
      Type v = type(in.value());
      if (v == Type.ERROR) {
        return Type.ERROR;
      }
      if (v == Type.TIMESTAMP) {
        problem(e, timestampMessage(in.value()));
        return Type.ERROR;
      }
      boolean ok = true;
      for (Expr item : in.items()) {
        Type it = literalType(item);
        if (it != v) {
          problem(item, "cannot test " + describe(in.value(), v) + " against " + describe(item, it)
              + " in a list: expected " + v.article);
          ok = false;
        }
      }
      return ok ? Type.BOOLEAN : Type.ERROR;
    } else if (e instanceof Ast.InList in) {
      Type v = type(in.value());
      Type lt = listTypes.get(in.list());
      if (lt == null) {
        problem(e, "unknown list '" + in.list() + "': define it first with list " + in.list() + " = (...) or from \"file\"; "
            + "known lists: " + new java.util.TreeSet<>(lists.keySet()));
        return Type.ERROR;
      }
      if (v == Type.ERROR || lt == Type.ERROR) {
        return Type.ERROR;
      }
      if (v != lt) {
        problem(e, "cannot test " + describe(in.value(), v) + " against list '" + in.list() + "' of " + plural(lt)
            + ": expected " + v.article + " list");
        return Type.ERROR;
      }
      return Type.BOOLEAN;
    } else if (e instanceof Ast.StrTest t) {
      Type v = type(t.value());
      if (v != Type.STRING && v != Type.ERROR) {
        problem(e, "'" + t.op().words + "' needs a string but " + describe(t.value(), v) + " is not one");
        return Type.ERROR;
      }
      return v == Type.ERROR ? Type.ERROR : Type.BOOLEAN;
    } else if (e instanceof Ast.IsMissing m) {
      return type(m.value()) == Type.ERROR ? Type.ERROR : Type.BOOLEAN;
    } else if (e instanceof Ast.Not n) {
      return logical("not", n.operand());
    } else if (e instanceof Ast.And a) {
      Type l = logical("and", a.left());
      Type r = logical("and", a.right());
      return l == Type.ERROR || r == Type.ERROR ? Type.ERROR : Type.BOOLEAN;
    } else {
      Ast.Or o = (Ast.Or) e;
      Type l = logical("or", o.left());
      Type r = logical("or", o.right());
      return l == Type.ERROR || r == Type.ERROR ? Type.ERROR : Type.BOOLEAN;
    }
  }

  private static String plural(Type t) {
    return switch (t) {
      case NUMBER -> "numbers";
      case STRING -> "strings";
      case BOOLEAN -> "booleans";
      default -> "values";
    };
  }

  private String timestampMessage(Expr e) {
    return describe(e, Type.TIMESTAMP) + " is a timestamp: use days_since(" + (e instanceof Ast.Ref r ? r.name() : "...")
        + ") or 'is missing'";
  }

  private Type numeric(Expr parent, String op, Expr operand) {
    Type t = type(operand);
    if (t == Type.NUMBER || t == Type.ERROR) {
      return t;
    }
    if (t == Type.TIMESTAMP) {
      problem(operand, timestampMessage(operand));
    } else {
      problem(operand, "'" + op + "' needs a number but " + describe(operand, t) + " is " + t.article);
    }
    return Type.ERROR;
  }

  private Type logical(String op, Expr operand) {
    Type t = type(operand);
    if (t == Type.BOOLEAN || t == Type.ERROR) {
      return t;
    }
    problem(operand, "'" + op + "' needs a condition but " + describe(operand, t) + " is " + t.article);
    return Type.ERROR;
  }

  private Type compare(Ast.Cmp c) {
    Type l = type(c.left());
    Type r = type(c.right());
    if (l == Type.ERROR || r == Type.ERROR) {
      return Type.ERROR;
    }
    if (l == Type.TIMESTAMP || r == Type.TIMESTAMP) {
      Expr ts = l == Type.TIMESTAMP ? c.left() : c.right();
      problem(ts, timestampMessage(ts));
      return Type.ERROR;
    }
    if (l != r) {
      Expr feature = c.left() instanceof Ast.Ref ? c.left() : c.right();
      Expr other = feature == c.left() ? c.right() : c.left();
      Type ft = feature == c.left() ? l : r;
      Type ot = feature == c.left() ? r : l;
      String msg;
      if (feature instanceof Ast.Ref && other instanceof Ast.Str) {
        msg = "string literal " + Printer.expr(other) + " for " + describe(feature, ft) + ": expected " + ft.article
            + (ft == Type.NUMBER ? " like 500, without quotes" : "");
      } else {
        msg = "cannot compare " + describe(feature, ft) + " with " + describe(other, ot) + " using '" + c.op().symbol
            + "': expected " + ft.article;
      }
      problem(feature instanceof Ast.Ref ? feature : c, msg);
      return Type.ERROR;
    }
    if ((l == Type.STRING || l == Type.BOOLEAN) && c.op() != Ast.CmpOp.EQ && c.op() != Ast.CmpOp.NE) {
      problem(c, "'" + c.op().symbol + "' does not apply to " + plural(l) + " (" + describe(c.left(), l)
          + "): expected == or != ");
      return Type.ERROR;
    }
    return Type.BOOLEAN;
  }

  // ---- compilation (only after a clean check)

  private Type typed(Expr e) {
    Type t = types.get(e);
    return t != null ? t : type(e);
  }

  private int index(String feature) {
    return schema.feature(feature).index();
  }

  Nodes.Cond cond(Expr e) {
    if (e instanceof Ast.Bool b) {
      return b.value() ? Nodes.Const.TRUE : Nodes.Const.FALSE;
    } else if (e instanceof Ast.Ref r) {
      return new Nodes.BoolFeature(index(r.name()));
    } else if (e instanceof Ast.Not n) {
      return new Nodes.Not(cond(n.operand()));
    } else if (e instanceof Ast.And a) {
      return new Nodes.And(cond(a.left()), cond(a.right()));
    } else if (e instanceof Ast.Or o) {
      return new Nodes.Or(cond(o.left()), cond(o.right()));
    } else if (e instanceof Ast.Cmp c) {
      return compareNode(c);
    } else if (e instanceof Ast.Between b) {
      if (b.value() instanceof Ast.Ref r && b.low() instanceof Ast.Num lo && b.high() instanceof Ast.Num hi) {
        return new Nodes.FeatBetween(index(r.name()), lo.value(), hi.value());
      }
      return new Nodes.NumBetween(num(b.value()), num(b.low()), num(b.high()));
    } else if (e instanceof Ast.In in) {
      return inNode(in.value(), in.items(), in.negated());
    } else if (e instanceof Ast.InList in) {
      return inNode(in.value(), java.util.Objects.requireNonNull(lists.get(in.list()), in.list()).values(), in.negated());
    } else if (e instanceof Ast.StrTest t) {
      int op = switch (t.op()) {
        case CONTAINS -> Nodes.CONTAINS;
        case STARTS -> Nodes.STARTS;
        case ENDS -> Nodes.ENDS;
      };
      return new Nodes.StrTest(str(t.value()), op, t.text(), t.ignoreCase());
    } else if (e instanceof Ast.IsMissing m) {
      if (m.value() instanceof Ast.Ref r) {
        return new Nodes.FeatMissing(index(r.name()), m.negated());
      }
      if (m.value() instanceof Ast.DaysSince d) {
        return new Nodes.FeatMissing(index(d.feature()), m.negated());
      }
      return typed(m.value()) == Type.STRING
          ? new Nodes.StrMissing(str(m.value()), m.negated())
          : new Nodes.NumMissing(num(m.value()), m.negated());
    }
    throw new IllegalStateException("not a condition: " + e);
  }

  private Nodes.Cond inNode(Expr value, List<Expr> items, boolean negated) {
    if (typed(value) == Type.STRING) {
      String[] s = new String[items.size()];
      for (int i = 0; i < s.length; i++) {
        s[i] = ((Ast.Str) items.get(i)).value();
      }
      return new Nodes.StrIn(str(value), s, negated);
    }
    double[] d = new double[items.size()];
    for (int i = 0; i < d.length; i++) {
      Expr item = items.get(i);
      d[i] = item instanceof Ast.Num n ? n.value() : ((Ast.Bool) item).value() ? 1.0 : 0.0;
    }
    return new Nodes.NumIn(num(value), d, negated);
  }

  private static Ast.CmpOp flip(Ast.CmpOp op) {
    return switch (op) {
      case LT -> Ast.CmpOp.GT;
      case LE -> Ast.CmpOp.GE;
      case GT -> Ast.CmpOp.LT;
      case GE -> Ast.CmpOp.LE;
      default -> op;
    };
  }

  private Nodes.Cond compareNode(Ast.Cmp c) {
    Type t = typed(c.left());
    if (t == Type.STRING) {
      boolean ne = c.op() == Ast.CmpOp.NE;
      if (c.right() instanceof Ast.Str s) {
        return new Nodes.StrEqConst(str(c.left()), s.value(), ne);
      }
      if (c.left() instanceof Ast.Str s) {
        return new Nodes.StrEqConst(str(c.right()), s.value(), ne);
      }
      return new Nodes.StrCmp(str(c.left()), str(c.right()), ne);
    }
    if (t == Type.NUMBER) {
      Expr l = c.left();
      Expr r = c.right();
      Ast.CmpOp op = c.op();
      if (l instanceof Ast.Num && r instanceof Ast.Ref) {
        Expr tmp = l;
        l = r;
        r = tmp;
        op = flip(op);
      }
      if (l instanceof Ast.Ref ref && r instanceof Ast.Num n) {
        int i = index(ref.name());
        double v = n.value();
        return switch (op) {
          case EQ -> new Nodes.FeatEq(i, v);
          case NE -> new Nodes.FeatNe(i, v);
          case LT -> new Nodes.FeatLt(i, v);
          case LE -> new Nodes.FeatLe(i, v);
          case GT -> new Nodes.FeatGt(i, v);
          case GE -> new Nodes.FeatGe(i, v);
        };
      }
    }
    int op = switch (c.op()) {
      case EQ -> Nodes.EQ;
      case NE -> Nodes.NE;
      case LT -> Nodes.LT;
      case LE -> Nodes.LE;
      case GT -> Nodes.GT;
      case GE -> Nodes.GE;
    };
    return new Nodes.NumCmp(num(c.left()), op, num(c.right()));
  }

  Nodes.Num num(Expr e) {
    if (e instanceof Ast.Num n) {
      return new Nodes.NumConst(n.value());
    } else if (e instanceof Ast.Bool b) {
      return new Nodes.NumConst(b.value() ? 1.0 : 0.0);
    } else if (e instanceof Ast.Ref r) {
      return new Nodes.NumFeature(index(r.name()));
    } else if (e instanceof Ast.DaysSince d) {
      usesClock = true;
      return new Nodes.DaysSince(index(d.feature()));
    } else if (e instanceof Ast.Neg n) {
      return new Nodes.Neg(num(n.operand()));
    } else if (e instanceof Ast.Arith a) {
      Nodes.Num l = num(a.left());
      Nodes.Num r = num(a.right());
      return switch (a.op()) {
        case ADD -> new Nodes.Add(l, r);
        case SUB -> new Nodes.Sub(l, r);
        case MUL -> new Nodes.Mul(l, r);
        case DIV -> new Nodes.Div(l, r);
      };
    }
    return new Nodes.CondAsNum(cond(e));
  }

  Nodes.Str str(Expr e) {
    if (e instanceof Ast.Str s) {
      return new Nodes.StrConst(s.value());
    } else if (e instanceof Ast.Ref r) {
      return new Nodes.StrFeature(index(r.name()));
    }
    throw new IllegalStateException("not a string: " + e);
  }
}
