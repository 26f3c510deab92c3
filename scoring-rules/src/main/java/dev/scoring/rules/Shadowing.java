package dev.scoring.rules;

import org.jspecify.annotations.Nullable;
import dev.scoring.api.FeatureSchema;
import dev.scoring.rules.Ast.Expr;
import dev.scoring.rules.Parser.Pos;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds rules of {@code first} and {@code priority} groups that can never fire because an earlier
 * rule (in evaluation order) matches whenever they do, and rules whose condition is {@code false}.
 *
 * <p>Sound but incomplete: it proves {@code later ⇒ earlier} by structure (equal conditions,
 * {@code and}/{@code or}, a constant {@code true}), by number ranges on one feature
 * ({@code x > 5} implies {@code x >= 3}; {@code between} is a closed range) and by string or number
 * sets ({@code x == "CA"} implies {@code x in ("CA","US")}). A warning is always right; silence
 * proves nothing.
 */
final class Shadowing {

  private Shadowing() {}

  static List<RuleProblem> warnings(String file, Parser.Parsed parsed, FeatureSchema schema) {
    List<RuleProblem> warnings = new ArrayList<>();
    for (Ast.Group g : parsed.file().groups()) {
      List<Ast.Rule> order = new ArrayList<>(g.rules());
      if (g.policy() == HitPolicy.PRIORITY) {
        order.sort(Comparator.comparingInt((Ast.Rule r) -> -r.priority()));
      }
      boolean firstOnly = g.policy() == HitPolicy.FIRST || g.policy() == HitPolicy.PRIORITY;
      for (int j = 0; j < order.size(); j++) {
        Ast.Rule later = order.get(j);
        Pos at = parsed.positions().get(later);
        int line = at == null ? 1 : at.line();
        int column = at == null ? 1 : at.column();
        if (later.when() instanceof Ast.Bool b && !b.value()) {
          warnings.add(new RuleProblem(file, line, column, "rule '" + later.name() + "' in group '" + g.name()
              + "' can never fire: its condition is false"));
          continue;
        }
        if (!firstOnly) {
          continue;
        }
        for (int i = 0; i < j; i++) {
          Ast.Rule earlier = order.get(i);
          if (implies(later.condition(), earlier.condition())) {
            warnings.add(new RuleProblem(file, line, column, "rule '" + later.name() + "' in group '" + g.name()
                + "' can never fire: the earlier rule '" + earlier.name() + "' matches whenever it does ("
                + g.policy().keyword() + " policy)"));
            break;
          }
        }
      }
    }
    return warnings;
  }

  /** Whether {@code a} matching proves that {@code b} matches (false when unknown). */
  static boolean implies(Expr a, Expr b) {
    if (a.equals(b)) {
      return true;
    }
    if (b instanceof Ast.Bool bb && bb.value()) {
      return true;
    }
    if (a instanceof Ast.Bool ab && !ab.value()) {
      return true;
    }
    if (b instanceof Ast.And and) {
      return implies(a, and.left()) && implies(a, and.right());
    }
    if (a instanceof Ast.Or or) {
      return implies(or.left(), b) && implies(or.right(), b);
    }
    if (b instanceof Ast.Or or && (implies(a, or.left()) || implies(a, or.right()))) {
      return true;
    }
    if (a instanceof Ast.And and) {
      return implies(and.left(), b) || implies(and.right(), b);
    }
    return atomImplies(a, b);
  }

  /** A range of a number feature: {@code lo < x < hi} with inclusive ends as flagged. */
  private record Range(String feature, double lo, boolean loIn, double hi, boolean hiIn) {
    boolean within(Range o) {
      boolean loOk = lo > o.lo || (lo == o.lo && (o.loIn || !loIn));
      boolean hiOk = hi < o.hi || (hi == o.hi && (o.hiIn || !hiIn));
      return feature.equals(o.feature) && loOk && hiOk;
    }
  }

  private record ValueSet(String feature, Set<Object> values) {}

  private static boolean atomImplies(Expr a, Expr b) {
    Range ra = range(a);
    Range rb = range(b);
    if (ra != null && rb != null) {
      return ra.within(rb);
    }
    ValueSet sa = set(a);
    ValueSet sb = set(b);
    if (sa != null && sb != null) {
      return sa.feature().equals(sb.feature()) && sb.values().containsAll(sa.values());
    }
    return false;
  }

  private static @Nullable Range range(Expr e) {
    double inf = Double.POSITIVE_INFINITY;
    if (e instanceof Ast.Between b && b.value() instanceof Ast.Ref r && b.low() instanceof Ast.Num lo
        && b.high() instanceof Ast.Num hi) {
      return new Range(r.name(), lo.value(), true, hi.value(), true);
    }
    if (!(e instanceof Ast.Cmp c)) {
      return null;
    }
    String f;
    double v;
    Ast.CmpOp op = c.op();
    if (c.left() instanceof Ast.Ref r && c.right() instanceof Ast.Num n) {
      f = r.name();
      v = n.value();
    } else if (c.right() instanceof Ast.Ref r && c.left() instanceof Ast.Num n) {
      f = r.name();
      v = n.value();
      op = switch (op) {
        case LT -> Ast.CmpOp.GT;
        case LE -> Ast.CmpOp.GE;
        case GT -> Ast.CmpOp.LT;
        case GE -> Ast.CmpOp.LE;
        default -> op;
      };
    } else {
      return null;
    }
    return switch (op) {
      case EQ -> new Range(f, v, true, v, true);
      case LT -> new Range(f, -inf, false, v, false);
      case LE -> new Range(f, -inf, false, v, true);
      case GT -> new Range(f, v, false, inf, false);
      case GE -> new Range(f, v, true, inf, false);
      case NE -> null;
    };
  }

  private static @Nullable ValueSet set(Expr e) {
    if (e instanceof Ast.In in && !in.negated() && in.value() instanceof Ast.Ref r) {
      Set<Object> values = new HashSet<>();
      for (Expr item : in.items()) {
        values.add(literal(item));
      }
      return new ValueSet(r.name(), values);
    }
    if (e instanceof Ast.Cmp c && c.op() == Ast.CmpOp.EQ) {
      if (c.left() instanceof Ast.Ref r && isLiteral(c.right())) {
        return new ValueSet(r.name(), Set.of(literal(c.right())));
      }
      if (c.right() instanceof Ast.Ref r && isLiteral(c.left())) {
        return new ValueSet(r.name(), Set.of(literal(c.left())));
      }
    }
    return null;
  }

  private static boolean isLiteral(Expr e) {
    return e instanceof Ast.Num || e instanceof Ast.Str || e instanceof Ast.Bool;
  }

  private static Object literal(Expr e) {
    if (e instanceof Ast.Num n) {
      return n.value() == 0.0 ? 0.0 : n.value();
    } else if (e instanceof Ast.Str s) {
      return s.value();
    }
    return ((Ast.Bool) e).value() ? 1.0 : 0.0;
  }
}
