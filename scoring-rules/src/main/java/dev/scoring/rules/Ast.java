package dev.scoring.rules;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The parse tree of a rule file: plain records without source positions, so that two trees are
 * equal when they mean the same rules (the printer/parser round trip relies on it). The parser
 * keeps positions on the side, by identity.
 */
final class Ast {

  private Ast() {}

  /** An expression. */
  sealed interface Expr permits Num, Str, Bool, Ref, DaysSince, Neg, Arith, Cmp, Between, In, InList, StrTest, IsMissing, Not, And, Or {}

  /** A number literal. */
  record Num(double value) implements Expr {}

  /** A string literal. */
  record Str(String value) implements Expr {}

  /** {@code true} or {@code false}. */
  record Bool(boolean value) implements Expr {}

  /** A feature reference. */
  record Ref(String name) implements Expr {}

  /** {@code days_since(feature)}: days (fractional) from a timestamp feature to the clock's now. */
  record DaysSince(String feature) implements Expr {}

  /** Unary minus. */
  record Neg(Expr operand) implements Expr {}

  /** {@code + - * /} on numbers. */
  record Arith(Expr left, ArithOp op, Expr right) implements Expr {}

  /** A comparison. */
  record Cmp(Expr left, CmpOp op, Expr right) implements Expr {}

  /** {@code value between low and high}, both ends included. */
  record Between(Expr value, Expr low, Expr high) implements Expr {}

  /** {@code value [not] in (literal, ...)}. */
  record In(Expr value, List<Expr> items, boolean negated) implements Expr {
    In {
      items = List.copyOf(items);
    }
  }

  /** {@code value [not] in list_name}. */
  record InList(Expr value, String list, boolean negated) implements Expr {}

  /** {@code contains}, {@code starts with}, {@code ends with}, optionally {@code ignoring case}. */
  record StrTest(Expr value, StrOp op, String text, boolean ignoreCase) implements Expr {}

  /** {@code value is [not] missing}. */
  record IsMissing(Expr value, boolean negated) implements Expr {}

  /** {@code not condition}. */
  record Not(Expr operand) implements Expr {}

  /** {@code left and right}. */
  record And(Expr left, Expr right) implements Expr {}

  /** {@code left or right}. */
  record Or(Expr left, Expr right) implements Expr {}

  enum ArithOp {
    ADD("+"), SUB("-"), MUL("*"), DIV("/");

    final String symbol;

    ArithOp(String symbol) {
      this.symbol = symbol;
    }
  }

  enum CmpOp {
    EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

    final String symbol;

    CmpOp(String symbol) {
      this.symbol = symbol;
    }
  }

  enum StrOp {
    CONTAINS("contains"), STARTS("starts with"), ENDS("ends with");

    final String words;

    StrOp(String words) {
      this.words = words;
    }
  }

  /** What a rule does when it fires. */
  sealed interface Outcome permits Points, Route, RouteTo, Flag, Review, Auto, Negative {}

  /** A scorecard line: add points. */
  record Points(double points) implements Outcome {}

  /** Route to a team and decide. */
  record Route(String team) implements Outcome {}

  /**
   * Route to the team named by a string feature of the row (e.g. {@code matched_owner}) and decide;
   * the rule fires only when the feature has a value.
   */
  record RouteTo(String feature) implements Outcome {}

  /** Raise a flag: the record goes to review (the pipeline goes on). */
  record Flag(String name) implements Outcome {}

  /** Send to review with a reason (the pipeline goes on, the record is reviewed). */
  record Review(String reason) implements Outcome {}

  /** Decide an automatic action. */
  record Auto(String action) implements Outcome {}

  /** Decide a negative action (never automatic: the guardrails send it to review). */
  record Negative(String action) implements Outcome {}

  /**
   * One rule.
   *
   * @param name unique in its file
   * @param outcome what it does
   * @param when its condition
   * @param priority for {@link HitPolicy#PRIORITY} groups (higher wins); 0 by default
   * @param because the reason text people read, or null
   */
  record Rule(String name, Outcome outcome, Expr when, int priority, @Nullable String because) {
    /** When the rule fires: {@link #when}, and for {@code route FEATURE} also that the feature has a value. */
    Expr condition() {
      return outcome instanceof RouteTo to ? new And(when, new IsMissing(new Ref(to.feature()), true)) : when;
    }
  }

  /** A group of rules under one hit policy. */
  record Group(String name, HitPolicy policy, List<Rule> rules) {
    Group {
      rules = List.copyOf(rules);
    }
  }

  /**
   * A named list of literals, inline or read from a file ({@code source}, one value per line).
   *
   * @param source the file it was read from (relative to the rule file), or null for an inline list
   */
  record ListDef(String name, List<Expr> values, @Nullable String source) {
    ListDef {
      values = List.copyOf(values);
    }
  }

  /** A whole rule file. */
  record File(String name, String version, double base, List<ListDef> lists, List<Group> groups) {
    File {
      lists = List.copyOf(lists);
      groups = List.copyOf(groups);
    }
  }
}
