package dev.scoring.report;

import java.util.List;
import java.util.Locale;

/** Escaping and the small pieces of markup the report repeats. */
final class Html {

  private Html() {}

  static String escape(String text) {
    StringBuilder b = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** A number for people: 4 significant digits, an en dash for NaN. */
  static String number(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "∞" : "−∞";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    double a = Math.abs(v);
    if (a >= 1000) {
      return String.format(Locale.ROOT, "%,.1f", v);
    }
    if (a >= 0.001) {
      return String.format(Locale.ROOT, "%.4f", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }

  static String percent(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }

  /** A table with a caption, a header row and body rows (cells are escaped). */
  static String table(String caption, List<String> header, List<List<String>> rows) {
    StringBuilder s = new StringBuilder(1024);
    s.append("<table><caption>").append(escape(caption)).append("</caption><thead><tr>");
    for (String h : header) {
      s.append("<th scope=\"col\">").append(escape(h)).append("</th>");
    }
    s.append("</tr></thead><tbody>");
    for (List<String> r : rows) {
      s.append("<tr>");
      for (int i = 0; i < r.size(); i++) {
        s.append(i == 0 ? "<th scope=\"row\">" : "<td>").append(escape(r.get(i))).append(i == 0 ? "</th>" : "</td>");
      }
      s.append("</tr>");
    }
    return s.append("</tbody></table>").toString();
  }
}
