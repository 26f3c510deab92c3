package dev.scoring.rules;

import dev.scoring.rules.Ast.Expr;
import dev.scoring.rules.Lexer.Kind;
import dev.scoring.rules.Lexer.Token;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A recursive-descent parser of the rule text format (grammar in the module README). Stops at the
 * first syntax error with a {@link RuleFileException} naming the file, line, column, what was
 * found and what was expected. Nesting is limited to {@link #MAX_DEPTH} so no input can overflow
 * the stack; every step consumes a token, so parsing is linear in the input.
 */
final class Parser {

  /** The deepest nesting of parentheses and unary operators accepted. */
  static final int MAX_DEPTH = 64;

  /** Words with a meaning in the grammar: write a feature or rule named like one in backquotes. */
  static final Set<String> KEYWORDS = Set.of(
      "ruleset", "version", "base", "list", "from", "group", "policy", "priority", "when", "then", "because",
      "route", "flag", "review", "auto", "negative", "and", "or", "not", "in", "between", "is", "missing",
      "contains", "starts", "ends", "with", "ignoring", "case", "true", "false", "days_since");

  /** A source position. */
  record Pos(int line, int column) {}

  /** Resolves {@code list NAME from "file"} to the file's values. */
  @FunctionalInterface
  interface ListResolver {
    /** The values of the list file; throws {@link RuleFileException} naming {@code at} if it cannot be read. */
    List<String> read(String source, String file, Pos at);
  }

  /** A parse tree and where each of its nodes was written. */
  record Parsed(Ast.File file, Map<Object, Pos> positions) {}

  private final String file;
  private final List<Token> tokens;
  private final @Nullable ListResolver lists;
  private final Map<Object, Pos> positions = new IdentityHashMap<>();
  private int at;
  private int depth;

  private Parser(String file, List<Token> tokens, @Nullable ListResolver lists) {
    this.file = file;
    this.tokens = tokens;
    this.lists = lists;
  }

  /** Parses a whole rule file. */
  static Parsed parseFile(String file, String text, @Nullable ListResolver lists) {
    Parser p = new Parser(file, Lexer.tokenize(file, text), lists);
    Ast.File f = p.file();
    return new Parsed(f, p.positions);
  }

  /** Parses one condition (the Java builder and decision tables use it); the positions map receives node positions. */
  static Expr parseCondition(String file, String text, Map<Object, Pos> positions) {
    Parser p = new Parser(file, Lexer.tokenize(file, text), null);
    Expr e = p.expr();
    p.expectEnd("'and', 'or' or the end of the condition");
    positions.putAll(p.positions);
    return e;
  }

  // ---- tokens

  private Token peek() {
    return tokens.get(at);
  }

  private Token peek(int ahead) {
    return tokens.get(Math.min(at + ahead, tokens.size() - 1));
  }

  private Token advance() {
    Token t = tokens.get(at);
    if (t.kind() != Kind.EOF) {
      at++;
    }
    return t;
  }

  private boolean accept(String word) {
    if (peek().is(word)) {
      advance();
      return true;
    }
    return false;
  }

  private Token expect(String word, String expected) {
    if (!peek().is(word)) {
      throw error(peek(), expected);
    }
    return advance();
  }

  private void expectEnd(String expected) {
    if (peek().kind() != Kind.EOF) {
      throw error(peek(), expected);
    }
  }

  private RuleFileException error(Token t, String expected) {
    return new RuleFileException(List.of(new RuleProblem(file, t.line(), t.column(),
        "expected " + expected + " but found " + t.describe())));
  }

  private <T> T at(Token t, T node) {
    positions.put(node, new Pos(t.line(), t.column()));
    return node;
  }

  private boolean isName(Token t) {
    return t.kind() == Kind.IDENT && (t.quoted() || !KEYWORDS.contains(t.text()));
  }

  private String name(String expected) {
    Token t = peek();
    if (!isName(t)) {
      throw error(t, expected);
    }
    advance();
    return t.text();
  }

  private String string(String expected) {
    Token t = peek();
    if (t.kind() != Kind.STRING) {
      throw error(t, expected);
    }
    advance();
    return t.text();
  }

  private double signedNumber(String expected) {
    boolean negative = false;
    if (peek().is("-") || peek().is("+")) {
      negative = advance().text().equals("-");
    }
    Token t = peek();
    if (t.kind() != Kind.NUMBER) {
      throw error(t, expected);
    }
    advance();
    return negative ? -t.number() : t.number();
  }

  // ---- file level

  private Ast.File file() {
    String name = "rules";
    String version = "unversioned";
    double base = 0;
    boolean sawBase = false;
    HitPolicy implicitPolicy = HitPolicy.ALL;
    List<Ast.ListDef> listDefs = new ArrayList<>();
    List<Ast.Group> groups = new ArrayList<>();
    String groupName = "main";
    HitPolicy groupPolicy = null;
    Token groupToken = peek();
    List<Ast.Rule> rules = new ArrayList<>();
    if (accept("ruleset")) {
      name = name("a rule set name after 'ruleset'");
      if (accept("version")) {
        version = string("a version string after 'version', e.g. \"3\"");
        if (version.isBlank()) {
          throw error(tokens.get(at - 1), "a non-blank version string");
        }
      }
    }
    while (peek().kind() != Kind.EOF) {
      Token t = peek();
      if (t.is("base")) {
        advance();
        if (sawBase) {
          throw error(t, "one 'base' per file (it was already set)");
        }
        base = signedNumber("a number after 'base', e.g. base 50");
        sawBase = true;
      } else if (t.is("policy")) {
        advance();
        if (groupPolicy != null || !groups.isEmpty() || !rules.isEmpty()) {
          throw error(t, "'policy' before the first rule (or 'policy' after a group name)");
        }
        implicitPolicy = policy();
      } else if (t.is("list")) {
        advance();
        listDefs.add(listDef(t));
      } else if (t.is("group")) {
        advance();
        if (groupPolicy != null || !rules.isEmpty()) {
          groups.add(at(groupToken, new Ast.Group(groupName, groupPolicy == null ? implicitPolicy : groupPolicy, rules)));
        }
        groupToken = t;
        groupName = name("a group name after 'group'");
        expect("policy", "'policy' and a hit policy after the group name, e.g. group routing policy first");
        groupPolicy = policy();
        rules = new ArrayList<>();
      } else {
        rules.add(rule(groupName, rules.size() + 1));
      }
    }
    if (groupPolicy != null || !rules.isEmpty()) {
      groups.add(at(groupToken, new Ast.Group(groupName, groupPolicy == null ? implicitPolicy : groupPolicy, rules)));
    }
    return new Ast.File(name, version, base, listDefs, groups);
  }

  private HitPolicy policy() {
    Token t = peek();
    String expected = "a hit policy: first, priority, collect-sum or all";
    if (t.is("priority")) {
      advance();
      return HitPolicy.PRIORITY;
    }
    if (t.kind() != Kind.IDENT || t.quoted()) {
      throw error(t, expected);
    }
    switch (t.text()) {
      case "first" -> {
        advance();
        return HitPolicy.FIRST;
      }
      case "all" -> {
        advance();
        return HitPolicy.ALL;
      }
      case "collect_sum" -> {
        advance();
        return HitPolicy.COLLECT_SUM;
      }
      case "collect" -> {
        advance();
        expect("-", "'-sum' after 'collect' (collect-sum)");
        Token sum = peek();
        if (sum.kind() != Kind.IDENT || !sum.text().equals("sum")) {
          throw error(sum, "'sum' after 'collect-'");
        }
        advance();
        return HitPolicy.COLLECT_SUM;
      }
      default -> throw error(t, expected);
    }
  }

  private Ast.ListDef listDef(Token start) {
    String name = name("a list name after 'list'");
    if (accept("from")) {
      Token src = peek();
      String source = string("a file name string after 'from', e.g. list strategic from \"accounts.txt\"");
      if (lists == null) {
        throw new RuleFileException(List.of(new RuleProblem(file, src.line(), src.column(),
            "list files cannot be read here: load the rules from a file, or give the list inline")));
      }
      List<Expr> values = new ArrayList<>();
      for (String v : lists.read(source, file, new Pos(src.line(), src.column()))) {
        values.add(at(src, new Ast.Str(v)));
      }
      return at(start, new Ast.ListDef(name, values, source));
    }
    expect("=", "'=' and a list in parentheses, or 'from' and a file name, after the list name");
    return at(start, new Ast.ListDef(name, literalList(), null));
  }

  private List<Expr> literalList() {
    expect("(", "'(' to open a list of values");
    List<Expr> items = new ArrayList<>();
    do {
      items.add(literal());
    } while (accept(","));
    expect(")", "',' or ')' in a list of values");
    return items;
  }

  private Expr literal() {
    Token t = peek();
    if (t.kind() == Kind.STRING) {
      advance();
      return at(t, new Ast.Str(t.text()));
    }
    if (t.kind() == Kind.NUMBER || t.is("-") || t.is("+")) {
      return at(t, new Ast.Num(signedNumber("a number after the sign")));
    }
    if (t.is("true") || t.is("false")) {
      advance();
      return at(t, new Ast.Bool(t.text().equals("true")));
    }
    throw error(t, "a literal value (a string, number, true or false)");
  }

  private Ast.Rule rule(String group, int index) {
    Token start = peek();
    String name = group + "-" + index;
    if (isName(start) && peek(1).is(":")) {
      name = advance().text();
      advance();
    }
    int priority = 0;
    if (accept("priority")) {
      Token p = peek();
      double v = signedNumber("an integer priority after 'priority', e.g. priority 10");
      if (v != Math.rint(v) || Math.abs(v) > 1_000_000_000) {
        throw error(p, "an integer priority between -1000000000 and 1000000000");
      }
      priority = (int) v;
    }
    Ast.Outcome outcome;
    Expr when;
    if (accept("when")) {
      when = expr();
      expect("then", "'then' and an outcome after the condition (or 'and', 'or', an operator)");
      outcome = outcome("an outcome after 'then': route \"team\", flag \"name\", review \"reason\", auto \"action\", "
          + "negative \"action\" or points like +10");
    } else {
      outcome = outcome("a rule: 'when', an outcome (route \"team\", flag, review, auto, negative, points like +10), "
          + "or a declaration (ruleset, base, policy, list, group)");
      expect("when", "'when' and a condition after the outcome");
      when = expr();
    }
    String because = null;
    if (accept("because")) {
      because = string("a reason string after 'because'");
    }
    return at(start, new Ast.Rule(name, outcome, when, priority, because));
  }

  private Ast.Outcome outcome(String expected) {
    Token t = peek();
    if (t.kind() == Kind.NUMBER || t.is("+") || t.is("-")) {
      return at(t, new Ast.Points(signedNumber("a number of points after the sign, e.g. +10")));
    }
    if (t.kind() == Kind.IDENT && !t.quoted()) {
      String what = switch (t.text()) {
        case "route" -> "a team string or a feature after 'route', e.g. route \"strategic-ae\" or route matched_owner";
        case "flag" -> "a flag string after 'flag', e.g. flag \"stale\"";
        case "review" -> "a reason string after 'review', e.g. review \"missing close date\"";
        case "auto" -> "an action string after 'auto'";
        case "negative" -> "an action string after 'negative', e.g. negative \"disqualify\"";
        default -> null;
      };
      if (what != null) {
        advance();
        Token s = peek();
        if (t.text().equals("route") && isName(s)) {
          advance();
          return at(t, new Ast.RouteTo(s.text()));
        }
        String v = string(what);
        if (v.isBlank()) {
          throw error(s, "a non-blank string: " + what);
        }
        return at(t, switch (t.text()) {
          case "route" -> new Ast.Route(v);
          case "flag" -> new Ast.Flag(v);
          case "review" -> new Ast.Review(v);
          case "auto" -> new Ast.Auto(v);
          default -> new Ast.Negative(v);
        });
      }
    }
    throw error(t, expected);
  }

  // ---- expressions

  private void enter(Token t) {
    if (++depth > MAX_DEPTH) {
      throw new RuleFileException(List.of(new RuleProblem(file, t.line(), t.column(),
          "expression nested deeper than " + MAX_DEPTH + " levels: expected a simpler condition")));
    }
  }

  Expr expr() {
    Token t = peek();
    enter(t);
    Expr left = and();
    while (peek().is("or")) {
      Token op = advance();
      left = at(op, new Ast.Or(left, and()));
    }
    depth--;
    return left;
  }

  private Expr and() {
    Expr left = not();
    while (peek().is("and")) {
      Token op = advance();
      left = at(op, new Ast.And(left, not()));
    }
    return left;
  }

  private Expr not() {
    Token t = peek();
    if (t.is("not")) {
      advance();
      enter(t);
      Expr operand = not();
      depth--;
      return at(t, new Ast.Not(operand));
    }
    return comparison();
  }

  private Expr comparison() {
    Expr left = sum();
    Token t = peek();
    for (Ast.CmpOp op : Ast.CmpOp.values()) {
      if (t.is(op.symbol)) {
        advance();
        return at(t, new Ast.Cmp(left, op, sum()));
      }
    }
    if (t.is("between")) {
      advance();
      Expr low = sum();
      expect("and", "'and' between the two bounds of 'between'");
      return at(t, new Ast.Between(left, low, sum()));
    }
    if (t.is("in")) {
      advance();
      return in(t, left, false);
    }
    if (t.is("not")) {
      if (peek(1).is("in")) {
        advance();
        advance();
        return in(t, left, true);
      }
      throw error(peek(1), "'in' after 'not' in a comparison (value not in (...))");
    }
    if (t.is("is")) {
      advance();
      boolean negated = accept("not");
      expect("missing", negated ? "'missing' after 'is not'" : "'missing' or 'not missing' after 'is'");
      return at(t, new Ast.IsMissing(left, negated));
    }
    Ast.StrOp op = null;
    if (t.is("contains")) {
      advance();
      op = Ast.StrOp.CONTAINS;
    } else if (t.is("starts") || t.is("ends")) {
      advance();
      expect("with", "'with' after '" + t.text() + "'");
      op = t.text().equals("starts") ? Ast.StrOp.STARTS : Ast.StrOp.ENDS;
    }
    if (op != null) {
      String s = string("a string after '" + op.words + "'");
      boolean ignoreCase = false;
      if (accept("ignoring")) {
        expect("case", "'case' after 'ignoring'");
        ignoreCase = true;
      }
      return at(t, new Ast.StrTest(left, op, s, ignoreCase));
    }
    return left;
  }

  private Expr in(Token t, Expr left, boolean negated) {
    if (isName(peek())) {
      return at(t, new Ast.InList(left, advance().text(), negated));
    }
    return at(t, new Ast.In(left, literalList(), negated));
  }

  private Expr sum() {
    Expr left = product();
    while (true) {
      Token t = peek();
      if (t.lineStart() && (t.is("+") || t.is("-"))) {
        return left; // a sign at the start of a line begins the next scorecard line
      }
      if (t.is("+")) {
        advance();
        left = at(t, new Ast.Arith(left, Ast.ArithOp.ADD, product()));
      } else if (t.is("-")) {
        advance();
        left = at(t, new Ast.Arith(left, Ast.ArithOp.SUB, product()));
      } else {
        return left;
      }
    }
  }

  private Expr product() {
    Expr left = unary();
    while (true) {
      Token t = peek();
      if (t.is("*")) {
        advance();
        left = at(t, new Ast.Arith(left, Ast.ArithOp.MUL, unary()));
      } else if (t.is("/")) {
        advance();
        left = at(t, new Ast.Arith(left, Ast.ArithOp.DIV, unary()));
      } else {
        return left;
      }
    }
  }

  private Expr unary() {
    Token t = peek();
    if (t.is("-")) {
      advance();
      if (peek().kind() == Kind.NUMBER) {
        return at(t, new Ast.Num(-advance().number()));
      }
      enter(t);
      Expr operand = unary();
      depth--;
      return at(t, new Ast.Neg(operand));
    }
    return primary();
  }

  private Expr primary() {
    Token t = peek();
    switch (t.kind()) {
      case NUMBER -> {
        advance();
        return at(t, new Ast.Num(t.number()));
      }
      case STRING -> {
        advance();
        return at(t, new Ast.Str(t.text()));
      }
      default -> { }
    }
    if (t.is("true") || t.is("false")) {
      advance();
      return at(t, new Ast.Bool(t.text().equals("true")));
    }
    if (t.is("days_since")) {
      advance();
      expect("(", "'(' after days_since");
      String feature = name("a timestamp feature name in days_since(...)");
      expect(")", "')' to close days_since(...)");
      return at(t, new Ast.DaysSince(feature));
    }
    if (t.is("(")) {
      advance();
      Expr e = expr();
      expect(")", "')' or an operator");
      return e;
    }
    if (isName(t)) {
      advance();
      return at(t, new Ast.Ref(t.text()));
    }
    throw error(t, "a value: a feature name, number, string, true, false, days_since(...), '(' or 'not'");
  }
}
