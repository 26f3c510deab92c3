package dev.scoring.rules;

import dev.scoring.api.Features;
import java.util.Arrays;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The compiled form of conditions: small final node classes bound to schema positions. Nothing
 * here allocates, boxes or looks a name up; a missing number is NaN, a missing string null, and
 * every comparison, range, set or text test on a missing value is false.
 */
final class Nodes {

  private Nodes() {}

  static final double MILLIS_PER_DAY = 86_400_000.0;

  /** A condition. */
  abstract static class Cond {
    abstract boolean test(Features r, long now);
  }

  /** A number (NaN when missing). */
  abstract static class Num {
    abstract double eval(Features r, long now);
  }

  /** A string (null when missing). */
  abstract static class Str {
    abstract @Nullable String eval(Features r);
  }

  // ---- numbers

  static final class NumFeature extends Num {
    final int index;

    NumFeature(int index) {
      this.index = index;
    }

    @Override
    double eval(Features r, long now) {
      return r.number(index);
    }
  }

  static final class NumConst extends Num {
    final double value;

    NumConst(double value) {
      this.value = value;
    }

    @Override
    double eval(Features r, long now) {
      return value;
    }
  }

  static final class DaysSince extends Num {
    final int index;

    DaysSince(int index) {
      this.index = index;
    }

    @Override
    double eval(Features r, long now) {
      double t = r.number(index);
      return t != t ? Double.NaN : (now - t) / MILLIS_PER_DAY;
    }
  }

  static final class Neg extends Num {
    final Num operand;

    Neg(Num operand) {
      this.operand = operand;
    }

    @Override
    double eval(Features r, long now) {
      return -operand.eval(r, now);
    }
  }

  /** Non-finite results (overflow, division by zero) are missing. */
  static double finite(double v) {
    return v - v == 0.0 ? v : Double.NaN;
  }

  static final class Add extends Num {
    final Num left;
    final Num right;

    Add(Num left, Num right) {
      this.left = left;
      this.right = right;
    }

    @Override
    double eval(Features r, long now) {
      return finite(left.eval(r, now) + right.eval(r, now));
    }
  }

  static final class Sub extends Num {
    final Num left;
    final Num right;

    Sub(Num left, Num right) {
      this.left = left;
      this.right = right;
    }

    @Override
    double eval(Features r, long now) {
      return finite(left.eval(r, now) - right.eval(r, now));
    }
  }

  static final class Mul extends Num {
    final Num left;
    final Num right;

    Mul(Num left, Num right) {
      this.left = left;
      this.right = right;
    }

    @Override
    double eval(Features r, long now) {
      return finite(left.eval(r, now) * right.eval(r, now));
    }
  }

  static final class Div extends Num {
    final Num left;
    final Num right;

    Div(Num left, Num right) {
      this.left = left;
      this.right = right;
    }

    @Override
    double eval(Features r, long now) {
      return finite(left.eval(r, now) / right.eval(r, now));
    }
  }

  /** A condition as a number: 1 or 0 (never missing). */
  static final class CondAsNum extends Num {
    final Cond cond;

    CondAsNum(Cond cond) {
      this.cond = cond;
    }

    @Override
    double eval(Features r, long now) {
      return cond.test(r, now) ? 1.0 : 0.0;
    }
  }

  // ---- strings

  static final class StrFeature extends Str {
    final int index;

    StrFeature(int index) {
      this.index = index;
    }

    @Override
    @Nullable String eval(Features r) {
      return r.string(index);
    }
  }

  static final class StrConst extends Str {
    final String value;

    StrConst(String value) {
      this.value = value;
    }

    @Override
    String eval(Features r) {
      return value;
    }
  }

  // ---- conditions

  static final class Const extends Cond {
    static final Const TRUE = new Const(true);
    static final Const FALSE = new Const(false);
    final boolean value;

    private Const(boolean value) {
      this.value = value;
    }

    @Override
    boolean test(Features r, long now) {
      return value;
    }
  }

  /** A boolean feature as a condition: true only when present and true. */
  static final class BoolFeature extends Cond {
    final int index;

    BoolFeature(int index) {
      this.index = index;
    }

    @Override
    boolean test(Features r, long now) {
      return r.number(index) == 1.0;
    }
  }

  static final class Not extends Cond {
    final Cond operand;

    Not(Cond operand) {
      this.operand = operand;
    }

    @Override
    boolean test(Features r, long now) {
      return !operand.test(r, now);
    }
  }

  static final class And extends Cond {
    final Cond left;
    final Cond right;

    And(Cond left, Cond right) {
      this.left = left;
      this.right = right;
    }

    @Override
    boolean test(Features r, long now) {
      return left.test(r, now) && right.test(r, now);
    }
  }

  static final class Or extends Cond {
    final Cond left;
    final Cond right;

    Or(Cond left, Cond right) {
      this.left = left;
      this.right = right;
    }

    @Override
    boolean test(Features r, long now) {
      return left.test(r, now) || right.test(r, now);
    }
  }

  // feature <op> constant: the common case gets one class per operator, no switch.

  static final class FeatGt extends Cond {
    final int index;
    final double value;

    FeatGt(int index, double value) {
      this.index = index;
      this.value = value;
    }

    @Override
    boolean test(Features r, long now) {
      return r.number(index) > value;
    }
  }

  static final class FeatGe extends Cond {
    final int index;
    final double value;

    FeatGe(int index, double value) {
      this.index = index;
      this.value = value;
    }

    @Override
    boolean test(Features r, long now) {
      return r.number(index) >= value;
    }
  }

  static final class FeatLt extends Cond {
    final int index;
    final double value;

    FeatLt(int index, double value) {
      this.index = index;
      this.value = value;
    }

    @Override
    boolean test(Features r, long now) {
      return r.number(index) < value;
    }
  }

  static final class FeatLe extends Cond {
    final int index;
    final double value;

    FeatLe(int index, double value) {
      this.index = index;
      this.value = value;
    }

    @Override
    boolean test(Features r, long now) {
      return r.number(index) <= value;
    }
  }

  static final class FeatEq extends Cond {
    final int index;
    final double value;

    FeatEq(int index, double value) {
      this.index = index;
      this.value = value;
    }

    @Override
    boolean test(Features r, long now) {
      return r.number(index) == value;
    }
  }

  static final class FeatNe extends Cond {
    final int index;
    final double value;

    FeatNe(int index, double value) {
      this.index = index;
      this.value = value;
    }

    @Override
    boolean test(Features r, long now) {
      double v = r.number(index);
      return v == v && v != value;
    }
  }

  static final class FeatBetween extends Cond {
    final int index;
    final double low;
    final double high;

    FeatBetween(int index, double low, double high) {
      this.index = index;
      this.low = low;
      this.high = high;
    }

    @Override
    boolean test(Features r, long now) {
      double v = r.number(index);
      return v >= low && v <= high;
    }
  }

  static final class FeatMissing extends Cond {
    final int index;
    final boolean negated;

    FeatMissing(int index, boolean negated) {
      this.index = index;
      this.negated = negated;
    }

    @Override
    boolean test(Features r, long now) {
      return r.isMissing(index) != negated;
    }
  }

  static final int EQ = 0, NE = 1, LT = 2, LE = 3, GT = 4, GE = 5;

  /** Any two numbers; false if either is missing. */
  static final class NumCmp extends Cond {
    final Num left;
    final int op;
    final Num right;

    NumCmp(Num left, int op, Num right) {
      this.left = left;
      this.op = op;
      this.right = right;
    }

    @Override
    boolean test(Features r, long now) {
      double a = left.eval(r, now);
      double b = right.eval(r, now);
      if (a != a || b != b) {
        return false;
      }
      return switch (op) {
        case EQ -> a == b;
        case NE -> a != b;
        case LT -> a < b;
        case LE -> a <= b;
        case GT -> a > b;
        default -> a >= b;
      };
    }
  }

  static final class NumBetween extends Cond {
    final Num value;
    final Num low;
    final Num high;

    NumBetween(Num value, Num low, Num high) {
      this.value = value;
      this.low = low;
      this.high = high;
    }

    @Override
    boolean test(Features r, long now) {
      double v = value.eval(r, now);
      return v >= low.eval(r, now) && v <= high.eval(r, now);
    }
  }

  static final class NumMissing extends Cond {
    final Num value;
    final boolean negated;

    NumMissing(Num value, boolean negated) {
      this.value = value;
      this.negated = negated;
    }

    @Override
    boolean test(Features r, long now) {
      double v = value.eval(r, now);
      return (v != v) != negated;
    }
  }

  /** {@code number [not] in (...)}: false when missing, either way. */
  static final class NumIn extends Cond {
    final Num value;
    final double[] sorted;
    final boolean negated;

    NumIn(Num value, double[] values, boolean negated) {
      this.value = value;
      this.sorted = values.clone();
      Arrays.sort(sorted);
      this.negated = negated;
    }

    @Override
    boolean test(Features r, long now) {
      double v = value.eval(r, now);
      if (v != v) {
        return false;
      }
      boolean found = false;
      double[] s = sorted;
      if (s.length <= 8) {
        for (double d : s) {
          if (d == v) {
            found = true;
            break;
          }
        }
      } else {
        int lo = 0;
        int hi = s.length - 1;
        while (lo <= hi) {
          int mid = (lo + hi) >>> 1;
          if (s[mid] < v) {
            lo = mid + 1;
          } else if (s[mid] > v) {
            hi = mid - 1;
          } else {
            found = true;
            break;
          }
        }
      }
      return found != negated;
    }
  }

  static final class StrEqConst extends Cond {
    final Str value;
    final String constant;
    final boolean negated;

    StrEqConst(Str value, String constant, boolean negated) {
      this.value = value;
      this.constant = constant;
      this.negated = negated;
    }

    @Override
    boolean test(Features r, long now) {
      String s = value.eval(r);
      return s != null && constant.equals(s) != negated;
    }
  }

  static final class StrCmp extends Cond {
    final Str left;
    final Str right;
    final boolean negated;

    StrCmp(Str left, Str right, boolean negated) {
      this.left = left;
      this.right = right;
      this.negated = negated;
    }

    @Override
    boolean test(Features r, long now) {
      String a = left.eval(r);
      String b = right.eval(r);
      return a != null && b != null && a.equals(b) != negated;
    }
  }

  static final class StrMissing extends Cond {
    final Str value;
    final boolean negated;

    StrMissing(Str value, boolean negated) {
      this.value = value;
      this.negated = negated;
    }

    @Override
    boolean test(Features r, long now) {
      return (value.eval(r) == null) != negated;
    }
  }

  /** {@code string [not] in (...)}: a linear scan for small sets, a hash set (no allocation on lookup) for large. */
  static final class StrIn extends Cond {
    final Str value;
    final String[] small;
    final @Nullable Set<String> large;
    final boolean negated;

    StrIn(Str value, String[] values, boolean negated) {
      this.value = value;
      this.negated = negated;
      if (values.length <= 8) {
        this.small = values.clone();
        this.large = null;
      } else {
        this.small = new String[0];
        this.large = Set.of(Arrays.stream(values).distinct().toArray(String[]::new));
      }
    }

    @Override
    boolean test(Features r, long now) {
      String s = value.eval(r);
      if (s == null) {
        return false;
      }
      boolean found = false;
      Set<String> set = large;
      if (set != null) {
        found = set.contains(s);
      } else {
        for (String c : small) {
          if (c.equals(s)) {
            found = true;
            break;
          }
        }
      }
      return found != negated;
    }
  }

  static final int CONTAINS = 0, STARTS = 1, ENDS = 2;

  static final class StrTest extends Cond {
    final Str value;
    final int op;
    final String text;
    final boolean ignoreCase;

    StrTest(Str value, int op, String text, boolean ignoreCase) {
      this.value = value;
      this.op = op;
      this.text = text;
      this.ignoreCase = ignoreCase;
    }

    @Override
    boolean test(Features r, long now) {
      String s = value.eval(r);
      if (s == null) {
        return false;
      }
      int n = text.length();
      return switch (op) {
        case STARTS -> s.regionMatches(ignoreCase, 0, text, 0, n);
        case ENDS -> s.length() >= n && s.regionMatches(ignoreCase, s.length() - n, text, 0, n);
        default -> {
          if (!ignoreCase) {
            yield s.contains(text);
          }
          for (int i = 0, last = s.length() - n; i <= last; i++) {
            if (s.regionMatches(true, i, text, 0, n)) {
              yield true;
            }
          }
          yield false;
        }
      };
    }
  }
}
