package dev.scoring.report;

import java.util.List;
import java.util.Locale;

/** The two chart shapes of the report, drawn as inline SVG: lines in the unit square, and horizontal bars. */
final class Svg {

  private Svg() {}

  static final String[] COLORS = {"#1f6feb", "#d9480f", "#2b8a3e", "#862e9c", "#495057"};

  /** A series of a line chart; {@code dashed} for references (the diagonal, a baseline). */
  record Series(String name, double[] x, double[] y, String color, boolean dashed, boolean markers) {}

  /** One bar; {@code lower}/{@code upper} NaN when there is no interval. */
  record Bar(String label, double value, double lower, double upper, boolean highlighted) {}

  /** A vertical reference line across a bar chart. */
  record Rule(double value, String label) {}

  private static final int W = 560;
  private static final int H = 380;

  /** Lines over [0, 1] x [0, 1], with axis titles and a legend. */
  static String lines(String id, String title, String xTitle, String yTitle, List<Series> series) {
    int left = 56;
    int top = 16;
    int right = 16;
    int bottom = 48 + 18 * ((series.size() + 1) / 2);
    double pw = W - left - right;
    double ph = H - top - bottom;
    StringBuilder s = open(id, title, W, H);
    for (int i = 0; i <= 5; i++) {
      double v = i / 5.0;
      double x = left + v * pw;
      double y = top + (1 - v) * ph;
      s.append(fmt("<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", (double) left, y, left + pw, y));
      s.append(fmt("<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", x, (double) top, x, top + ph));
      s.append(fmt("<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>", left - 6.0, y + 4, v));
      s.append(fmt("<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%.1f</text>", x, top + ph + 16, v));
    }
    s.append(fmt("<rect class=\"frame\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\"/>", left, top, pw, ph));
    s.append(fmt("<text class=\"axis\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>", left + pw / 2, top + ph + 34, Html.escape(xTitle)));
    s.append(fmt("<text class=\"axis\" transform=\"translate(14 %.1f) rotate(-90)\" text-anchor=\"middle\">%s</text>", top + ph / 2,
        Html.escape(yTitle)));
    for (Series ser : series) {
      StringBuilder d = new StringBuilder();
      for (int i = 0; i < ser.x().length; i++) {
        if (!Double.isFinite(ser.x()[i]) || !Double.isFinite(ser.y()[i])) {
          continue;
        }
        d.append(d.length() == 0 ? "M" : "L").append(fmt("%.1f %.1f", left + clamp(ser.x()[i]) * pw, top + (1 - clamp(ser.y()[i])) * ph));
      }
      if (d.length() > 0) {
        s.append(fmt("<path class=\"series\" d=\"%s\" stroke=\"%s\"%s><title>%s</title></path>", d, ser.color(),
            ser.dashed() ? " stroke-dasharray=\"5 4\"" : "", Html.escape(ser.name())));
      }
      if (ser.markers()) {
        for (int i = 0; i < ser.x().length; i++) {
          if (Double.isFinite(ser.x()[i]) && Double.isFinite(ser.y()[i])) {
            s.append(fmt("<circle class=\"marker\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>%s: (%.3f, %.3f)</title></circle>",
                left + clamp(ser.x()[i]) * pw, top + (1 - clamp(ser.y()[i])) * ph, ser.color(), Html.escape(ser.name()), ser.x()[i], ser.y()[i]));
          }
        }
      }
    }
    for (int i = 0; i < series.size(); i++) {
      Series ser = series.get(i);
      double lx = left + (i % 2) * (pw / 2);
      double ly = H - bottom + 52 + 18 * (i / 2);
      s.append(fmt("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2.5\"%s/>", lx, ly - 4, lx + 22, ly - 4,
          ser.color(), ser.dashed() ? " stroke-dasharray=\"5 4\"" : ""));
      s.append(fmt("<text class=\"legend\" x=\"%.1f\" y=\"%.1f\">%s</text>", lx + 28, ly, Html.escape(ser.name())));
    }
    return s.append("</svg>").toString();
  }

  /** Horizontal bars from 0, with optional intervals (whiskers) and reference lines. */
  static String bars(String id, String title, String valueTitle, List<Bar> bars, List<Rule> rules) {
    int labelWidth = 170;
    int right = 24;
    int top = 12;
    int row = 22;
    int bottom = 44;
    int height = top + bottom + row * Math.max(1, bars.size());
    double max = 0;
    for (Bar b : bars) {
      max = Math.max(max, finite(b.value()));
      max = Math.max(max, finite(b.upper()));
    }
    for (Rule r : rules) {
      max = Math.max(max, r.value());
    }
    max = niceCeiling(max);
    double pw = W - labelWidth - right;
    StringBuilder s = open(id, title, W, height);
    double axisY = top + row * Math.max(1, bars.size());
    for (int i = 0; i <= 4; i++) {
      double v = max * i / 4;
      double x = labelWidth + pw * i / 4;
      s.append(fmt("<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\"/>", x, top, x, axisY));
      s.append(fmt("<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>", x, axisY + 16, tick(v)));
    }
    s.append(fmt("<text class=\"axis\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>", labelWidth + pw / 2, axisY + 34,
        Html.escape(valueTitle)));
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      double y = top + row * i;
      String label = b.label().length() > 26 ? b.label().substring(0, 25) + "…" : b.label();
      s.append(fmt("<text class=\"label\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", labelWidth - 8, y + 15, Html.escape(label)));
      double w = Math.max(1, pw * finite(b.value()) / max);
      s.append(fmt("<rect class=\"bar%s\" x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\"><title>%s: %s</title></rect>",
          b.highlighted() ? " highlighted" : "", labelWidth, y + 4, w, row - 8, Html.escape(b.label()), Html.number(b.value())));
      if (Double.isFinite(b.lower()) && Double.isFinite(b.upper())) {
        double x1 = labelWidth + pw * b.lower() / max;
        double x2 = labelWidth + pw * Math.min(b.upper(), max) / max;
        double cy = y + row / 2.0;
        s.append(fmt("<path class=\"whisker\" d=\"M%.1f %.1fL%.1f %.1fM%.1f %.1fL%.1f %.1fM%.1f %.1fL%.1f %.1f\"/>", x1, cy, x2, cy, x1, cy - 5, x1,
            cy + 5, x2, cy - 5, x2, cy + 5));
      }
    }
    for (Rule r : rules) {
      double x = labelWidth + pw * r.value() / max;
      s.append(fmt("<line class=\"rule\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\"/>", x, top - 4, x, axisY));
      s.append(fmt("<text class=\"rule-label\" x=\"%.1f\" y=\"%d\">%s</text>", x + 3, top + 2, Html.escape(r.label())));
    }
    return s.append("</svg>").toString();
  }

  private static StringBuilder open(String id, String title, int width, int height) {
    StringBuilder s = new StringBuilder(4096);
    s.append(fmt("<svg class=\"chart\" id=\"%s\" role=\"img\" aria-labelledby=\"%s-title\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
        + "xmlns=\"http://www.w3.org/2000/svg\"><title id=\"%s-title\">%s</title>", id, id, width, height, width, height, id, Html.escape(title)));
    return s;
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }

  private static double finite(double v) {
    return Double.isFinite(v) ? v : 0;
  }

  /** 1, 2, 2.5 or 5 times a power of ten, at least {@code v} (1 for nothing to show). */
  static double niceCeiling(double v) {
    if (!(v > 0)) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * p >= v * (1 - 1e-12)) {
        return m * p;
      }
    }
    return 10 * p;
  }

  private static String tick(double v) {
    if (v == Math.rint(v) && Math.abs(v) >= 1) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  static String color(int i) {
    return COLORS[i % COLORS.length];
  }
}
