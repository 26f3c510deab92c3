package dev.scoring.rules;

import dev.scoring.rules.Ast.Expr;
import java.util.regex.Pattern;

/** Prints a parse tree as canonical rule text that parses back to an equal tree. */
final class Printer {

  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

  private Printer() {}

  static String print(Ast.File f) {
    StringBuilder sb = new StringBuilder();
    sb.append("ruleset ").append(name(f.name())).append(" version ").append(string(f.version())).append('\n');
    sb.append("base ").append(number(f.base())).append('\n');
    for (Ast.ListDef l : f.lists()) {
      sb.append("list ").append(name(l.name()));
      if (l.source() != null) {
        sb.append(" from ").append(string(l.source()));
      } else {
        sb.append(" = (");
        for (int i = 0; i < l.values().size(); i++) {
          sb.append(i == 0 ? "" : ", ").append(expr(l.values().get(i)));
        }
        sb.append(')');
      }
      sb.append('\n');
    }
    for (Ast.Group g : f.groups()) {
      sb.append('\n').append("group ").append(name(g.name())).append(" policy ").append(g.policy().keyword()).append('\n');
      for (Ast.Rule r : g.rules()) {
        sb.append("  ").append(rule(r)).append('\n');
      }
    }
    return sb.toString();
  }

  /** One rule as a line: {@code name: [priority n] outcome when condition [because "..."]}. */
  static String rule(Ast.Rule r) {
    StringBuilder sb = new StringBuilder();
    sb.append(name(r.name())).append(": ");
    if (r.priority() != 0) {
      sb.append("priority ").append(r.priority()).append(' ');
    }
    sb.append(outcome(r.outcome())).append(" when ").append(expr(r.when()));
    if (r.because() != null) {
      sb.append(" because ").append(string(r.because()));
    }
    return sb.toString();
  }

  static String outcome(Ast.Outcome o) {
    if (o instanceof Ast.Points p) {
      return (p.points() >= 0 && !isNegativeZero(p.points()) ? "+" : "") + number(p.points());
    } else if (o instanceof Ast.Route r) {
      return "route " + string(r.team());
    } else if (o instanceof Ast.RouteTo r) {
      return "route " + name(r.feature());
    } else if (o instanceof Ast.Flag f) {
      return "flag " + string(f.name());
    } else if (o instanceof Ast.Review r) {
      return "review " + string(r.reason());
    } else if (o instanceof Ast.Auto a) {
      return "auto " + string(a.action());
    } else {
      return "negative " + string(((Ast.Negative) o).action());
    }
  }

  static String expr(Expr e) {
    if (e instanceof Ast.Num n) {
      return number(n.value());
    } else if (e instanceof Ast.Str s) {
      return string(s.value());
    } else if (e instanceof Ast.Bool b) {
      return b.value() ? "true" : "false";
    } else if (e instanceof Ast.Ref r) {
      return name(r.name());
    } else if (e instanceof Ast.DaysSince d) {
      return "days_since(" + name(d.feature()) + ")";
    } else if (e instanceof Ast.Neg n) {
      return "-(" + expr(n.operand()) + ")";
    } else if (e instanceof Ast.Arith a) {
      return sub(a.left()) + " " + a.op().symbol + " " + sub(a.right());
    } else if (e instanceof Ast.Cmp c) {
      return sub(c.left()) + " " + c.op().symbol + " " + sub(c.right());
    } else if (e instanceof Ast.Between b) {
      return sub(b.value()) + " between " + sub(b.low()) + " and " + sub(b.high());
    } else if (e instanceof Ast.In in) {
      StringBuilder sb = new StringBuilder(sub(in.value())).append(in.negated() ? " not in (" : " in (");
      for (int i = 0; i < in.items().size(); i++) {
        sb.append(i == 0 ? "" : ", ").append(expr(in.items().get(i)));
      }
      return sb.append(')').toString();
    } else if (e instanceof Ast.InList in) {
      return sub(in.value()) + (in.negated() ? " not in " : " in ") + name(in.list());
    } else if (e instanceof Ast.StrTest t) {
      return sub(t.value()) + " " + t.op().words + " " + string(t.text()) + (t.ignoreCase() ? " ignoring case" : "");
    } else if (e instanceof Ast.IsMissing m) {
      return sub(m.value()) + (m.negated() ? " is not missing" : " is missing");
    } else if (e instanceof Ast.Not n) {
      return "not " + sub(n.operand());
    } else if (e instanceof Ast.And a) {
      return sub(a.left()) + " and " + sub(a.right());
    } else {
      Ast.Or o = (Ast.Or) e;
      return sub(o.left()) + " or " + sub(o.right());
    }
  }

  /** An operand: atoms as they are, anything compound in parentheses. */
  private static String sub(Expr e) {
    boolean atom = e instanceof Ast.Num || e instanceof Ast.Str || e instanceof Ast.Bool || e instanceof Ast.Ref
        || e instanceof Ast.DaysSince || e instanceof Ast.Neg;
    return atom ? expr(e) : "(" + expr(e) + ")";
  }

  static String name(String name) {
    if (PLAIN_NAME.matcher(name).matches() && !Parser.KEYWORDS.contains(name)) {
      return name;
    }
    return "`" + name + "`";
  }

  static String number(double v) {
    if (isNegativeZero(v)) {
      return "-0.0";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  private static boolean isNegativeZero(double v) {
    return Double.doubleToRawLongBits(v) == Long.MIN_VALUE;
  }

  static String string(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
