package dev.scoring.rules;

import org.jspecify.annotations.Nullable;
import dev.scoring.api.Feature;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.FeatureType;
import dev.scoring.rules.Ast.Expr;
import dev.scoring.rules.Parser.Pos;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a CSV decision table into the parse tree of a one-group rule file. The CSV reader is a
 * small RFC 4180 reader (quoted fields, doubled quotes, CRLF or LF) that keeps each cell's line
 * and column for messages.
 */
final class DecisionTable {

  private static final Set<String> OUTCOMES = Set.of("route", "points", "flag", "review", "auto", "negative");

  private DecisionTable() {}

  /** A cell and where it starts. */
  record Cell(String text, int line, int column, boolean quoted) {}

  static Parser.Parsed parse(String file, String csv, HitPolicy policy, FeatureSchema schema) {
    List<List<Cell>> rows = read(file, csv);
    List<RuleProblem> problems = new ArrayList<>();
    if (rows.isEmpty()) {
      throw new RuleFileException(List.of(new RuleProblem(file, 1, 1,
          "empty decision table: expected a header row of condition columns and an outcome column")));
    }
    List<Cell> header = rows.get(0);
    int n = header.size();
    Cell outcomeCell = header.get(n - 1);
    String outcomeKind = outcomeCell.text().strip().toLowerCase(Locale.ROOT);
    if (n < 2 && OUTCOMES.contains(outcomeKind)) {
      problems.add(problem(file, outcomeCell, "a decision table needs at least one condition column before the outcome column"));
    }
    if (!OUTCOMES.contains(outcomeKind)) {
      problems.add(problem(file, outcomeCell, "the last column must be the outcome: expected route, points, flag, "
          + "review, auto or negative but found '" + outcomeCell.text() + "'"));
    }
    int ruleColumn = -1;
    int priorityColumn = -1;
    int becauseColumn = -1;
    Feature[] features = new Feature[n];
    for (int c = 0; c < n - 1; c++) {
      Cell h = header.get(c);
      String name = h.text().strip();
      switch (name) {
        case "rule" -> ruleColumn = c;
        case "priority" -> priorityColumn = c;
        case "because" -> becauseColumn = c;
        default -> {
          if (name.length() > 2 && name.startsWith("`") && name.endsWith("`")) {
            name = name.substring(1, name.length() - 1);
          }
          Optional<Feature> f = schema.find(name);
          if (f.isEmpty()) {
            problems.add(problem(file, h, "unknown feature '" + name + "' in the header: the schema has " + schema.names()
                + " (columns rule, priority and because are special)"));
          } else {
            features[c] = f.get();
          }
        }
      }
    }
    if (priorityColumn >= 0 && policy != HitPolicy.PRIORITY) {
      problems.add(problem(file, header.get(priorityColumn), "a priority column needs policy priority, not "
          + policy.keyword()));
    }
    if (policy == HitPolicy.COLLECT_SUM && !outcomeKind.equals("points") && OUTCOMES.contains(outcomeKind)) {
      problems.add(problem(file, outcomeCell, "a collect-sum table must add points: expected a 'points' outcome column"));
    }
    Map<Object, Pos> positions = new IdentityHashMap<>();
    List<Ast.Rule> rules = new ArrayList<>();
    for (int r = 1; r < rows.size(); r++) {
      List<Cell> row = rows.get(r);
      Cell first = row.get(0);
      if (row.size() != n) {
        problems.add(problem(file, first, "row has " + row.size() + " cells: expected " + n + " like the header"));
        continue;
      }
      Expr when = null;
      String name = "row" + first.line();
      int priority = 0;
      String because = null;
      for (int c = 0; c < n - 1; c++) {
        Cell cell = row.get(c);
        String text = cell.text().strip();
        if (c == ruleColumn) {
          if (!text.isEmpty()) {
            name = text;
          }
        } else if (c == priorityColumn) {
          try {
            priority = text.isEmpty() ? 0 : Integer.parseInt(text);
          } catch (NumberFormatException e) {
            problems.add(problem(file, cell, "priority '" + text + "' is not an integer"));
          }
        } else if (c == becauseColumn) {
          because = text.isEmpty() ? null : text;
        } else if (features[c] != null) {
          if (text.isEmpty()) {
            problems.add(problem(file, cell, "empty cell in column '" + features[c].name() + "': write - for any value"));
          } else if (!text.equals("-")) {
            Expr cond = condition(file, cell, text, features[c], positions, problems);
            if (cond != null) {
              when = when == null ? cond : put(positions, cell, new Ast.And(when, cond));
            }
          }
        }
      }
      Cell out = row.get(n - 1);
      Ast.Outcome outcome = outcome(file, out, outcomeKind, problems);
      if (outcome == null) {
        continue;
      }
      put(positions, out, outcome);
      if (when == null) {
        when = put(positions, first, new Ast.Bool(true));
      }
      rules.add(put(positions, first, new Ast.Rule(name, outcome, when, priority, because)));
    }
    if (!problems.isEmpty()) {
      throw new RuleFileException(problems);
    }
    String base = baseName(file);
    Ast.Group group = put(positions, header.get(0), new Ast.Group(base, policy, rules));
    return new Parser.Parsed(new Ast.File(base, "unversioned", 0, List.of(), List.of(group)), positions);
  }

  private static <T> T put(Map<Object, Pos> positions, Cell at, T node) {
    positions.put(node, new Pos(at.line(), at.column()));
    return node;
  }

  private static RuleProblem problem(String file, Cell at, String message) {
    return new RuleProblem(file, at.line(), at.column(), message);
  }

  private static String baseName(String file) {
    String s = file.replace('\\', '/');
    s = s.substring(s.lastIndexOf('/') + 1);
    int dot = s.lastIndexOf('.');
    if (dot > 0) {
      s = s.substring(0, dot);
    }
    s = s.replaceAll("[^A-Za-z0-9_]", "_");
    return s.isEmpty() || !Lexer.isIdentStart(s.charAt(0)) ? "table" + (s.isEmpty() ? "" : "_" + s) : s;
  }

  private static final List<String> OPERATOR_STARTS = List.of(
      "==", "!=", "<", ">", "in ", "in(", "not ", "between ", "is ", "contains ", "starts ", "ends ");

  /** A condition cell: an operator and operand ({@code >= 500}, {@code in ("CA","US")}) or a bare value meaning {@code ==}. */
  private static @Nullable Expr condition(String file, Cell cell, String text, Feature f, Map<Object, Pos> positions,
      List<RuleProblem> problems) {
    String subject = f.type() == FeatureType.TIMESTAMP ? "days_since(" + Printer.name(f.name()) + ")" : Printer.name(f.name());
    boolean operator = false;
    for (String op : OPERATOR_STARTS) {
      if (text.startsWith(op)) {
        operator = true;
        break;
      }
    }
    if (f.type() == FeatureType.TIMESTAMP && text.startsWith("is ")) {
      subject = Printer.name(f.name());
    }
    String source;
    if (operator) {
      source = subject + " " + text;
    } else if (f.type().isString() && !text.startsWith("\"")) {
      source = subject + " == " + Printer.string(text);
    } else {
      source = subject + " == " + text;
    }
    Map<Object, Pos> local = new IdentityHashMap<>();
    try {
      Expr e = Parser.parseCondition(file, source, local);
      for (Object node : local.keySet()) {
        positions.put(node, new Pos(cell.line(), cell.column()));
      }
      return e;
    } catch (RuleFileException e) {
      for (RuleProblem p : e.problems()) {
        problems.add(new RuleProblem(file, cell.line(), cell.column(), "in cell " + Printer.string(text) + " of column '"
            + f.name() + "' (read as: " + source + "), at " + p.column() + ": " + p.message()));
      }
      return null;
    }
  }

  private static Ast.@Nullable Outcome outcome(String file, Cell cell, String kind, List<RuleProblem> problems) {
    String text = cell.text().strip();
    if (!OUTCOMES.contains(kind)) {
      return null;
    }
    if (text.isEmpty() || text.equals("-")) {
      problems.add(problem(file, cell, "empty outcome: expected " + (kind.equals("points") ? "a number of points" : "a "
          + kind + " value")));
      return null;
    }
    switch (kind) {
      case "points" -> {
        try {
          double v = Double.parseDouble(text);
          if (Double.isFinite(v)) {
            return new Ast.Points(v);
          }
        } catch (NumberFormatException e) {
          // reported below
        }
        problems.add(problem(file, cell, "points '" + text + "' is not a finite number"));
        return null;
      }
      case "route" -> {
        return new Ast.Route(text);
      }
      case "flag" -> {
        return new Ast.Flag(text);
      }
      case "review" -> {
        return new Ast.Review(text);
      }
      case "auto" -> {
        return new Ast.Auto(text);
      }
      default -> {
        return new Ast.Negative(text);
      }
    }
  }

  /**
   * Reads CSV text: comma-separated cells, optionally quoted with {@code "} ({@code ""} for a quote
   * inside), rows ended by LF or CRLF; blank lines and lines starting with {@code #} are skipped.
   *
   * @throws RuleFileException for an unterminated quote or text after a closing quote
   */
  static List<List<Cell>> read(String file, String csv) {
    List<List<Cell>> rows = new ArrayList<>();
    int i = 0;
    int line = 1;
    int lineStart = 0;
    int len = csv.length();
    if (len > 0 && csv.charAt(0) == '\uFEFF') {
      i = 1;
      lineStart = 1;
    }
    while (i < len) {
      // skip blank and comment lines
      int eol = csv.indexOf('\n', i);
      int end = eol < 0 ? len : eol;
      String whole = csv.substring(i, end).strip();
      if (whole.isEmpty() || whole.startsWith("#")) {
        i = end + 1;
        line++;
        lineStart = i;
        continue;
      }
      List<Cell> row = new ArrayList<>();
      while (true) {
        int column = i - lineStart + 1;
        int cellLine = line;
        StringBuilder sb = new StringBuilder();
        boolean quoted = false;
        int p = i;
        while (p < len && (csv.charAt(p) == ' ' || csv.charAt(p) == '\t')) {
          p++;
        }
        if (p < len && csv.charAt(p) == '"') {
          quoted = true;
          p++;
          while (true) {
            if (p >= len) {
              throw new RuleFileException(List.of(new RuleProblem(file, cellLine, column,
                  "unterminated quoted cell: expected a closing \"")));
            }
            char c = csv.charAt(p++);
            if (c == '"') {
              if (p < len && csv.charAt(p) == '"') {
                sb.append('"');
                p++;
              } else {
                break;
              }
            } else {
              if (c == '\n') {
                line++;
                lineStart = p;
              }
              sb.append(c);
            }
          }
          while (p < len && (csv.charAt(p) == ' ' || csv.charAt(p) == '\t' || csv.charAt(p) == '\r')) {
            p++;
          }
          if (p < len && csv.charAt(p) != ',' && csv.charAt(p) != '\n') {
            throw new RuleFileException(List.of(new RuleProblem(file, line, p - lineStart + 1,
                "unexpected text after a closing quote: expected ',' or the end of the line")));
          }
        } else {
          p = i;
          while (p < len && csv.charAt(p) != ',' && csv.charAt(p) != '\n') {
            sb.append(csv.charAt(p++));
          }
          if (sb.length() > 0 && sb.charAt(sb.length() - 1) == '\r') {
            sb.setLength(sb.length() - 1);
          }
        }
        row.add(new Cell(sb.toString(), cellLine, column, quoted));
        if (p < len && csv.charAt(p) == ',') {
          i = p + 1;
          continue;
        }
        i = p + 1;
        line++;
        lineStart = i;
        break;
      }
      rows.add(row);
    }
    return rows;
  }
}
