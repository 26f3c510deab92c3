package dev.scoring.rules;

import java.util.ArrayList;
import java.util.List;

/** Splits rule text into tokens; reports the first lexical error as a {@link RuleFileException}. */
final class Lexer {

  enum Kind { IDENT, NUMBER, STRING, SYMBOL, EOF }

  /**
   * One token.
   *
   * @param quoted for an identifier: written in backquotes, so never a keyword
   */
  record Token(Kind kind, String text, double number, boolean quoted, int line, int column, boolean lineStart) {
    boolean is(String keywordOrSymbol) {
      return (kind == Kind.SYMBOL || (kind == Kind.IDENT && !quoted)) && text.equals(keywordOrSymbol);
    }

    String describe() {
      return switch (kind) {
        case EOF -> "the end of the text";
        case STRING -> "string \"" + abbreviate(text) + "\"";
        case NUMBER -> "number " + text;
        case IDENT -> quoted ? "name `" + abbreviate(text) + "`" : "'" + abbreviate(text) + "'";
        case SYMBOL -> "'" + text + "'";
      };
    }

    private static String abbreviate(String s) {
      return s.length() <= 30 ? s : s.substring(0, 27) + "...";
    }
  }

  private final String file;
  private final String text;
  private int pos;
  private int line = 1;
  private int lineStart;
  private int lastTokenLine;
  private boolean first;

  Lexer(String file, String text) {
    this.file = file;
    this.text = text;
  }

  static List<Token> tokenize(String file, String text) {
    return new Lexer(file, text).all();
  }

  private List<Token> all() {
    List<Token> tokens = new ArrayList<>();
    while (true) {
      Token t = next();
      tokens.add(t);
      if (t.kind() == Kind.EOF) {
        return tokens;
      }
    }
  }

  private RuleFileException error(int atLine, int atColumn, String message) {
    return new RuleFileException(List.of(new RuleProblem(file, atLine, atColumn, message)));
  }

  private Token next() {
    skipSpaceAndComments();
    int col = pos - lineStart + 1;
    first = line != lastTokenLine;
    lastTokenLine = line;
    if (pos >= text.length()) {
      return new Token(Kind.EOF, "", 0, false, line, col, true);
    }
    char c = text.charAt(pos);
    if (isIdentStart(c)) {
      int start = pos;
      while (pos < text.length() && isIdentPart(text.charAt(pos))) {
        pos++;
      }
      return new Token(Kind.IDENT, text.substring(start, pos), 0, false, line, col, first);
    }
    if (c == '`') {
      int start = ++pos;
      while (pos < text.length() && text.charAt(pos) != '`' && text.charAt(pos) != '\n') {
        pos++;
      }
      if (pos >= text.length() || text.charAt(pos) != '`') {
        throw error(line, col, "unterminated `name`: expected a closing backquote on the same line");
      }
      String name = text.substring(start, pos++);
      if (name.isEmpty()) {
        throw error(line, col, "empty `name`: expected a name between the backquotes");
      }
      return new Token(Kind.IDENT, name, 0, true, line, col, first);
    }
    if (c >= '0' && c <= '9' || (c == '.' && pos + 1 < text.length() && isDigit(text.charAt(pos + 1)))) {
      return number(col);
    }
    if (c == '"' || c == '\'') {
      return string(c, col);
    }
    String two = pos + 1 < text.length() ? text.substring(pos, pos + 2) : "";
    if (two.equals("==") || two.equals("!=") || two.equals("<=") || two.equals(">=")) {
      pos += 2;
      return new Token(Kind.SYMBOL, two, 0, false, line, col, first);
    }
    if ("<>()+-*/,:=".indexOf(c) >= 0) {
      pos++;
      return new Token(Kind.SYMBOL, String.valueOf(c), 0, false, line, col, first);
    }
    throw error(line, col, "unexpected character " + show(c) + ": expected a name, number, string, operator or '#' comment");
  }

  private static String show(char c) {
    if (c < 0x20 || c == 0x7f || Character.isWhitespace(c) || Character.isSurrogate(c)) {
      return String.format("U+%04X", (int) c);
    }
    return "'" + c + "'";
  }

  private Token number(int col) {
    int start = pos;
    while (pos < text.length() && isDigit(text.charAt(pos))) {
      pos++;
    }
    if (pos < text.length() && text.charAt(pos) == '.') {
      pos++;
      if (pos >= text.length() || !isDigit(text.charAt(pos))) {
        throw error(line, col, "malformed number '" + text.substring(start, pos) + "': expected digits after the '.'");
      }
      while (pos < text.length() && isDigit(text.charAt(pos))) {
        pos++;
      }
    }
    if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      pos++;
      if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
        pos++;
      }
      if (pos >= text.length() || !isDigit(text.charAt(pos))) {
        throw error(line, col, "malformed number '" + text.substring(start, pos) + "': expected exponent digits");
      }
      while (pos < text.length() && isDigit(text.charAt(pos))) {
        pos++;
      }
    }
    if (pos < text.length() && isIdentStart(text.charAt(pos))) {
      throw error(line, col, "malformed number '" + text.substring(start, pos + 1) + "': expected a space or operator after a number");
    }
    String s = text.substring(start, pos);
    double v = Double.parseDouble(s);
    if (!Double.isFinite(v)) {
      throw error(line, col, "number " + s + " is too large: expected a finite number");
    }
    return new Token(Kind.NUMBER, s, v, false, line, col, first);
  }

  private Token string(char quote, int col) {
    StringBuilder sb = new StringBuilder();
    pos++;
    while (true) {
      if (pos >= text.length() || text.charAt(pos) == '\n' || text.charAt(pos) == '\r') {
        throw error(line, col, "unterminated string: expected a closing " + quote + " on the same line");
      }
      char c = text.charAt(pos++);
      if (c == quote) {
        return new Token(Kind.STRING, sb.toString(), 0, false, line, col, first);
      }
      if (c == '\\') {
        if (pos >= text.length()) {
          throw error(line, col, "unterminated string: expected a closing " + quote + " on the same line");
        }
        char e = text.charAt(pos++);
        switch (e) {
          case '\\', '"', '\'' -> sb.append(e);
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case 'r' -> sb.append('\r');
          case 'u' -> {
            if (pos + 4 > text.length()) {
              throw error(line, pos - lineStart - 1, "malformed \\u escape: expected 4 hex digits");
            }
            int cp = 0;
            for (int i = 0; i < 4; i++) {
              int d = Character.digit(text.charAt(pos + i), 16);
              if (d < 0) {
                throw error(line, pos - lineStart - 1, "malformed \\u escape: expected 4 hex digits");
              }
              cp = cp * 16 + d;
            }
            pos += 4;
            sb.append((char) cp);
          }
          default -> throw error(line, pos - lineStart - 1,
              "unknown escape \\" + e + " in a string: expected one of \\\\ \\\" \\' \\n \\t \\r \\uXXXX");
        }
      } else {
        sb.append(c);
      }
    }
  }

  private void skipSpaceAndComments() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\n') {
        pos++;
        line++;
        lineStart = pos;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\uFEFF') {
        pos++;
      } else if (c == '#') {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          pos++;
        }
      } else {
        return;
      }
    }
  }

  static boolean isIdentStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  static boolean isIdentPart(char c) {
    return isIdentStart(c) || isDigit(c) || c == '.';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
