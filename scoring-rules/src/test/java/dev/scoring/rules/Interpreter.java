package dev.scoring.rules;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.FeatureType;
import dev.scoring.api.Features;
import dev.scoring.rules.Ast.Expr;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A straightforward interpreter of the parse tree, written from the documented semantics without
 * the compiler: values are boxed objects, {@code null} is missing, names are looked up per use.
 * The properties check the compiled form against it.
 */
final class Interpreter {

  /** What the rules did to one row. */
  record Result(double points, List<String> fired, String decision, List<String> flags) {}

  private final Ast.File file;
  private final FeatureSchema schema;
  private final long now;

  Interpreter(Ast.File file, FeatureSchema schema, long now) {
    this.file = file;
    this.schema = schema;
    this.now = now;
  }

  Result run(Features row) {
    double points = file.base();
    List<String> fired = new ArrayList<>();
    String decision = null;
    List<String> flags = new ArrayList<>();
    for (Ast.Group g : file.groups()) {
      List<Ast.Rule> order = new ArrayList<>(g.rules());
      if (g.policy() == HitPolicy.PRIORITY) {
        order.sort(Comparator.comparingInt((Ast.Rule x) -> x.priority()).reversed());
      }
      for (Ast.Rule rule : order) {
        if (!Boolean.TRUE.equals(eval(rule.when(), row))) {
          continue;
        }
        fired.add(rule.name());
        Ast.Outcome o = rule.outcome();
        if (o instanceof Ast.Points p) {
          points += p.points();
        } else if (o instanceof Ast.Flag f) {
          flags.add(f.name());
        } else if (o instanceof Ast.Review rv) {
          flags.add(rv.reason());
        } else if (decision == null) {
          decision = rule.name();
        }
        if (g.policy() == HitPolicy.FIRST || g.policy() == HitPolicy.PRIORITY) {
          break;
        }
      }
    }
    return new Result(points, fired, decision, flags);
  }

  private Object feature(String name, Features row) {
    int i = schema.feature(name).index();
    FeatureType t = schema.feature(name).type();
    if (row.isMissing(i)) {
      return null;
    }
    return switch (t) {
      case NUMBER, TIMESTAMP -> row.number(i);
      case BOOLEAN -> row.number(i) == 1.0;
      case CATEGORY, TEXT -> row.string(i);
    };
  }

  private static Double fin(double v) {
    return Double.isFinite(v) ? v : null;
  }

  Object eval(Expr e, Features row) {
    if (e instanceof Ast.Num n) {
      return n.value();
    } else if (e instanceof Ast.Str s) {
      return s.value();
    } else if (e instanceof Ast.Bool b) {
      return b.value();
    } else if (e instanceof Ast.Ref r) {
      return feature(r.name(), row);
    } else if (e instanceof Ast.DaysSince d) {
      Object t = feature(d.feature(), row);
      return t == null ? null : (now - (Double) t) / 86_400_000.0;
    } else if (e instanceof Ast.Neg n) {
      Object v = eval(n.operand(), row);
      return v == null ? null : -(Double) v;
    } else if (e instanceof Ast.Arith a) {
      Object l = eval(a.left(), row);
      Object r = eval(a.right(), row);
      if (l == null || r == null) {
        return null;
      }
      double x = (Double) l;
      double y = (Double) r;
      return switch (a.op()) {
        case ADD -> fin(x + y);
        case SUB -> fin(x - y);
        case MUL -> fin(x * y);
        case DIV -> fin(x / y);
      };
    } else if (e instanceof Ast.Cmp c) {
      Object l = eval(c.left(), row);
      Object r = eval(c.right(), row);
      if (l == null || r == null) {
        return false;
      }
      if (l instanceof Boolean lb) {
        l = lb ? 1.0 : 0.0;
        r = ((Boolean) r) ? 1.0 : 0.0;
      }
      if (l instanceof String) {
        return c.op() == Ast.CmpOp.EQ ? l.equals(r) : !l.equals(r);
      }
      boolean eq = ((Double) l).doubleValue() == ((Double) r).doubleValue();
      double x = (Double) l;
      double y = (Double) r;
      return switch (c.op()) {
        case EQ -> eq;
        case NE -> !eq;
        case LT -> x < y;
        case LE -> x <= y;
        case GT -> x > y;
        case GE -> x >= y;
      };
    } else if (e instanceof Ast.Between b) {
      Object v = eval(b.value(), row);
      Object lo = eval(b.low(), row);
      Object hi = eval(b.high(), row);
      return v != null && lo != null && hi != null && (Double) v >= (Double) lo && (Double) v <= (Double) hi;
    } else if (e instanceof Ast.In in) {
      return member(eval(in.value(), row), in.items(), in.negated(), row);
    } else if (e instanceof Ast.InList in) {
      Ast.ListDef def = file.lists().stream().filter(l -> l.name().equals(in.list())).findFirst().orElseThrow();
      return member(eval(in.value(), row), def.values(), in.negated(), row);
    } else if (e instanceof Ast.StrTest t) {
      Object v = eval(t.value(), row);
      if (v == null) {
        return false;
      }
      String s = (String) v;
      String x = t.text();
      if (t.ignoreCase()) {
        s = s.toLowerCase(Locale.ROOT);
        x = x.toLowerCase(Locale.ROOT);
      }
      return switch (t.op()) {
        case CONTAINS -> s.contains(x);
        case STARTS -> s.startsWith(x);
        case ENDS -> s.endsWith(x);
      };
    } else if (e instanceof Ast.IsMissing m) {
      return (eval(m.value(), row) == null) != m.negated();
    } else if (e instanceof Ast.Not n) {
      return !Boolean.TRUE.equals(eval(n.operand(), row));
    } else if (e instanceof Ast.And a) {
      return Boolean.TRUE.equals(eval(a.left(), row)) && Boolean.TRUE.equals(eval(a.right(), row));
    } else {
      Ast.Or o = (Ast.Or) e;
      return Boolean.TRUE.equals(eval(o.left(), row)) || Boolean.TRUE.equals(eval(o.right(), row));
    }
  }

  private Object member(Object v, List<Expr> items, boolean negated, Features row) {
    if (v == null) {
      return false;
    }
    boolean found = false;
    for (Expr item : items) {
      Object x = eval(item, row);
      if (x instanceof Boolean b) {
        x = b ? 1.0 : 0.0;
      }
      Object y = v instanceof Boolean b ? (Object) (b ? 1.0 : 0.0) : v;
      if (y instanceof Double d && x instanceof Double dx ? d.doubleValue() == dx.doubleValue() : Objects.equals(y, x)) {
        found = true;
      }
    }
    return found != negated;
  }
}
