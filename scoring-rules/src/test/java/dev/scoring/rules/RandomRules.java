package dev.scoring.rules;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.MutableFeatures;
import dev.scoring.rules.Ast.Expr;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random, type-correct rule files over a fixed schema, and random rows with missing values, for the properties. */
final class RandomRules {

  static final FeatureSchema SCHEMA = FeatureSchema.builder()
      .number("n1").number("n2").number("size.log")
      .category("country").category("segment").text("email")
      .bool("inbound").timestamp("changed").build();

  static final long NOW = 1_800_000_000_000L;

  private static final String[] NUMBERS = {"n1", "n2", "size.log"};
  private static final String[] STRINGS = {"country", "segment", "email"};
  private static final String[] WORDS = {"CA", "US", "ca", "SMB", "Ent", "x@gmail.com", "X@GMAIL.COM", "", "a\"b", "é"};
  private static final double[] CONSTANTS = {0, 1, 2, 2.5, -3, 10, 0.5, 100, -0.0};

  private final Random r;
  /** Wild mode (round trip only): any names, any strings and numbers, priorities anywhere. */
  private final boolean wild;

  RandomRules(long seed, boolean wild) {
    this.r = new Random(seed);
    this.wild = wild;
  }

  private <T> T pick(T[] a) {
    return a[r.nextInt(a.length)];
  }

  private double constant() {
    if (wild && r.nextInt(4) == 0) {
      return switch (r.nextInt(4)) {
        case 0 -> r.nextDouble() * 1e9 - 5e8;
        case 1 -> Double.longBitsToDouble(r.nextLong() & 0x7fefffffffffffffL) * (r.nextBoolean() ? 1 : -1);
        case 2 -> r.nextInt(2000) - 1000;
        default -> 1e-7 * r.nextInt(100);
      };
    }
    return CONSTANTS[r.nextInt(CONSTANTS.length)];
  }

  private String word() {
    if (wild && r.nextInt(3) == 0) {
      StringBuilder sb = new StringBuilder();
      for (int i = r.nextInt(8); i > 0; i--) {
        sb.append((char) (r.nextInt(3) == 0 ? r.nextInt(0x3000) : ' ' + r.nextInt(95)));
      }
      return sb.toString();
    }
    return pick(WORDS);
  }

  private String text() {
    String w = word();
    return w.isBlank() ? "t" + w : w;
  }

  String name() {
    if (wild && r.nextInt(3) == 0) {
      String[] odd = {"when", "and", "route", "my-rule", "a.b", "_", "x1", "group", "Priority"};
      return pick(odd);
    }
    StringBuilder sb = new StringBuilder().append((char) ('a' + r.nextInt(26)));
    for (int i = r.nextInt(6); i > 0; i--) {
      sb.append("abcxyz_019.-".charAt(r.nextInt(12)));
    }
    return sb.toString();
  }

  Expr num(int depth) {
    int k = r.nextInt(depth <= 0 ? 3 : 7);
    return switch (k) {
      case 0, 1 -> new Ast.Ref(wild && r.nextInt(4) == 0 ? name() : pick(NUMBERS));
      case 2 -> new Ast.Num(constant());
      case 3 -> new Ast.DaysSince(wild && r.nextInt(4) == 0 ? name() : "changed");
      case 4 -> new Ast.Neg(num(depth - 1));
      default -> new Ast.Arith(num(depth - 1), pick(Ast.ArithOp.values()), num(depth - 1));
    };
  }

  Expr str() {
    return r.nextInt(3) == 0 ? new Ast.Str(word()) : new Ast.Ref(pick(STRINGS));
  }

  Expr cond(int depth) {
    int k = r.nextInt(depth <= 0 ? 9 : 13);
    switch (k) {
      case 0:
        return new Ast.Cmp(num(depth - 1), pick(Ast.CmpOp.values()), num(depth - 1));
      case 1:
        return new Ast.Cmp(new Ast.Ref(pick(NUMBERS)), pick(Ast.CmpOp.values()), new Ast.Num(constant()));
      case 2:
        return new Ast.Cmp(str(), r.nextBoolean() ? Ast.CmpOp.EQ : Ast.CmpOp.NE, str());
      case 3:
        return new Ast.Between(num(depth - 1), num(0), num(0));
      case 4: {
        List<Expr> items = new ArrayList<>();
        boolean strings = r.nextBoolean();
        for (int i = 1 + r.nextInt(r.nextInt(4) == 0 ? 12 : 3); i > 0; i--) {
          items.add(strings ? new Ast.Str(word()) : new Ast.Num(constant()));
        }
        return new Ast.In(strings ? str() : num(depth - 1), items, r.nextBoolean());
      }
      case 5:
        return new Ast.InList(r.nextBoolean() ? new Ast.Ref(pick(STRINGS)) : new Ast.Ref(pick(NUMBERS)),
            r.nextBoolean() ? "words" : "codes", r.nextBoolean());
      case 6:
        return new Ast.StrTest(str(), pick(Ast.StrOp.values()), word(), r.nextBoolean());
      case 7: {
        Expr v = switch (r.nextInt(4)) {
          case 0 -> new Ast.Ref(pick(NUMBERS));
          case 1 -> new Ast.Ref(pick(STRINGS));
          case 2 -> new Ast.Ref(r.nextBoolean() ? "inbound" : "changed");
          default -> num(depth - 1);
        };
        return new Ast.IsMissing(v, r.nextBoolean());
      }
      case 8:
        return r.nextInt(3) == 0 ? new Ast.Bool(r.nextBoolean()) : new Ast.Ref("inbound");
      case 9:
        return new Ast.Not(cond(depth - 1));
      case 10:
        return new Ast.And(cond(depth - 1), cond(depth - 1));
      case 11:
        return new Ast.Or(cond(depth - 1), cond(depth - 1));
      default:
        return new Ast.Cmp(cond(depth - 1), r.nextBoolean() ? Ast.CmpOp.EQ : Ast.CmpOp.NE,
            r.nextBoolean() ? new Ast.Bool(r.nextBoolean()) : new Ast.Ref("inbound"));
    }
  }

  /**
   * Typed lists fit the InList uses above: "words" holds strings and "codes" numbers, so a rule
   * testing a number against "words" is a type error; callers that need valid files pass valid=true,
   * which maps such tests to the list of the right type.
   */
  Ast.File file(boolean valid) {
    List<Ast.ListDef> lists = new ArrayList<>();
    lists.add(new Ast.ListDef("words", List.of(new Ast.Str("CA"), new Ast.Str("SMB"), new Ast.Str(word())), null));
    lists.add(new Ast.ListDef("codes", List.of(new Ast.Num(1), new Ast.Num(2.5), new Ast.Num(constant())), null));
    List<Ast.Group> groups = new ArrayList<>();
    int ruleNo = 0;
    for (int g = r.nextInt(4); g > 0; g--) {
      HitPolicy policy = pick(HitPolicy.values());
      List<Ast.Rule> rules = new ArrayList<>();
      for (int i = r.nextInt(6); i > 0; i--) {
        Ast.Outcome o;
        int kind = policy == HitPolicy.COLLECT_SUM && !wild ? 0 : r.nextInt(7);
        o = switch (kind) {
          case 0, 1 -> new Ast.Points(wild ? constant() : r.nextInt(41) - 20);
          case 2 -> new Ast.Route(text());
          case 3 -> new Ast.Flag(text());
          case 4 -> new Ast.Review(text());
          case 5 -> new Ast.Auto(text());
          default -> new Ast.Negative(text());
        };
        int priority = policy == HitPolicy.PRIORITY || wild ? r.nextInt(5) - 2 : 0;
        Expr when = cond(r.nextInt(4));
        if (valid) {
          when = fixLists(when);
        }
        String name = wild ? name() + (ruleNo++) : "r" + (ruleNo++);
        rules.add(new Ast.Rule(name, o, when, priority, r.nextInt(3) == 0 ? text() : null));
      }
      groups.add(new Ast.Group("g" + g + (wild ? name() : ""), policy, rules));
    }
    return new Ast.File(wild ? name() : "random", wild ? text() : "1", wild ? constant() : r.nextInt(11) - 5, lists, groups);
  }

  private static Expr fixLists(Expr e) {
    if (e instanceof Ast.InList in && in.value() instanceof Ast.Ref ref) {
      boolean string = List.of(STRINGS).contains(ref.name());
      return new Ast.InList(in.value(), string ? "words" : "codes", in.negated());
    } else if (e instanceof Ast.Not n) {
      return new Ast.Not(fixLists(n.operand()));
    } else if (e instanceof Ast.And a) {
      return new Ast.And(fixLists(a.left()), fixLists(a.right()));
    } else if (e instanceof Ast.Or o) {
      return new Ast.Or(fixLists(o.left()), fixLists(o.right()));
    } else if (e instanceof Ast.Cmp c) {
      return new Ast.Cmp(fixLists(c.left()), c.op(), fixLists(c.right()));
    }
    return e;
  }

  Features row() {
    MutableFeatures m = Features.mutable(SCHEMA);
    for (int i = 0; i < 3; i++) {
      if (r.nextInt(4) != 0) {
        m.setNumber(i, r.nextInt(3) == 0 ? constant() : CONSTANTS[r.nextInt(CONSTANTS.length)] + r.nextInt(3));
      }
    }
    for (int i = 3; i < 6; i++) {
      if (r.nextInt(4) != 0) {
        m.setString(i, pick(WORDS));
      }
    }
    if (r.nextInt(4) != 0) {
      m.setBool(6, r.nextBoolean());
    }
    if (r.nextInt(4) != 0) {
      m.setEpochMillis(7, NOW - (long) (r.nextInt(40) * 86_400_000.0 + r.nextInt(3) * 3_600_000));
    }
    return m.snapshot();
  }
}
