package dev.scoring.report;

import dev.scoring.evaluation.BinaryMetric;
import dev.scoring.evaluation.BinaryMetrics;
import dev.scoring.evaluation.Calibration;
import dev.scoring.evaluation.ComparisonReport;
import dev.scoring.evaluation.GuardrailSimulation;
import dev.scoring.evaluation.Interval;
import dev.scoring.evaluation.LeakageReport;
import dev.scoring.evaluation.SegmentReport;
import dev.scoring.evaluation.ThresholdTable;
import dev.scoring.monitoring.DriftReport;
import dev.scoring.monitoring.FeatureDrift;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Evaluation and monitoring results as one self-contained HTML page: ROC and precision-recall
 * curves against the rule baseline, a reliability diagram, the threshold or guardrail sweep,
 * per-segment error rates with intervals, PSI per feature, leakage, top reason codes, a model card
 * and free tables (a review queue, explained decisions). Charts are inline SVG with inline CSS and
 * no script, so the file opens offline; each chart has a table of the same numbers beside it.
 * Every part is optional; the page shows what was given, in a fixed order.
 *
 * <pre>{@code
 * ModelReport.builder("Term deposit propensity: held-out 2010")
 *     .modelCard(card)
 *     .scores("logistic", scores, labels).baseline("rule scorecard", ruleScores)
 *     .comparison(BaselineComparison.compare(scores, ruleScores, labels, Bootstrap.defaults()))
 *     .calibration(Calibration.of(scores, labels, 10))
 *     .sweep("review band upper edge", GuardrailSimulation.sweep(edges, policyFor, scores, labels))
 *     .segments("job", segmentReport).drift(driftReport).leakage(leakageReport)
 *     .reasons(reasonCounts)
 *     .build().write(Path.of("report.html"));
 * }</pre>
 *
 * <p>Instances are immutable; {@link #html()} gives the same text for the same inputs.
 */
public final class ModelReport {

  private static final int MAX_CURVE_POINTS = 200;

  private final String html;

  private ModelReport(String html) {
    this.html = html;
  }

  /** A builder for a report with this title. */
  public static Builder builder(String title) {
    return new Builder(title);
  }

  /** The page. */
  public String html() {
    return html;
  }

  /**
   * Writes the page to {@code file} (UTF-8), through a temporary file in the same directory, so the
   * file is the whole page or is left as it was.
   *
   * @throws UncheckedIOException if it cannot be written
   */
  public void write(Path file) {
    Path abs = file.toAbsolutePath();
    try {
      Path dir = abs.getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      Path tmp = abs.resolveSibling("." + abs.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
      try {
        Files.writeString(tmp, html, StandardCharsets.UTF_8);
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + file, e);
    }
  }

  /** Collects the parts of a report; each setter returns this builder (for chaining). */
  public static final class Builder {
    private final String title;
    private final List<String> findings = new ArrayList<>();
    private @Nullable ModelCard card;
    private @Nullable String modelName;
    private double @Nullable [] scores;
    private int @Nullable [] labels;
    private @Nullable String baselineName;
    private double @Nullable [] baselineScores;
    private @Nullable BinaryMetrics metrics;
    private final Map<BinaryMetric, Interval> intervals = new EnumMap<>(BinaryMetric.class);
    private @Nullable ComparisonReport comparison;
    private @Nullable Calibration calibration;
    private @Nullable String sweepParameter;
    private @Nullable List<GuardrailSimulation.SweepPoint> sweep;
    private @Nullable ThresholdTable thresholds;
    private final Map<String, SegmentReport> segments = new LinkedHashMap<>();
    private @Nullable String driftTitle;
    private @Nullable DriftReport drift;
    private @Nullable LeakageReport leakage;
    private final Map<String, Long> reasons = new LinkedHashMap<>();
    private final List<String> tables = new ArrayList<>();

    private Builder(String title) {
      if (title.isBlank()) {
        throw new IllegalArgumentException("the report needs a title");
      }
      this.title = title;
    }

    /** A key finding for the top of the page (one sentence); repeatable. */
    public Builder finding(String sentence) {
      findings.add(sentence);
      return this;
    }

    /** The model card. */
    public Builder modelCard(ModelCard card) {
      this.card = card;
      return this;
    }

    /**
     * The model's scores and the 0/1 labels, for the ROC and precision-recall curves.
     *
     * @throws IllegalArgumentException if the lengths differ, the arrays are empty or a label is not 0 or 1
     */
    public Builder scores(String model, double[] scores, int[] labels) {
      if (scores.length != labels.length || scores.length == 0) {
        throw new IllegalArgumentException("scores and labels must be non-empty and of equal length: " + scores.length + " and " + labels.length);
      }
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] != 0 && labels[i] != 1) {
          throw new IllegalArgumentException("label at row " + i + " is " + labels[i] + "; labels must be 0 or 1");
        }
      }
      this.modelName = model;
      this.scores = scores.clone();
      this.labels = labels.clone();
      return this;
    }

    /**
     * The baseline's (e.g. the rule scorecard's) scores for the same rows, drawn beside the model's.
     *
     * @throws IllegalStateException if {@link #scores} was not given first
     * @throws IllegalArgumentException if the length differs from the model's scores
     */
    public Builder baseline(String name, double[] scores) {
      if (this.scores == null) {
        throw new IllegalStateException("give the model's scores(...) before the baseline");
      }
      if (scores.length != this.scores.length) {
        throw new IllegalArgumentException("the baseline has " + scores.length + " scores, the model " + this.scores.length);
      }
      this.baselineName = name;
      this.baselineScores = scores.clone();
      return this;
    }

    /** The headline metrics and their intervals (e.g. from {@code Bootstrap.intervals}). */
    public Builder metrics(BinaryMetrics metrics, Map<BinaryMetric, Interval> intervals) {
      this.metrics = metrics;
      this.intervals.clear();
      this.intervals.putAll(intervals);
      return this;
    }

    /** The model against the baseline: paired differences and DeLong's test. */
    public Builder comparison(ComparisonReport comparison) {
      this.comparison = comparison;
      return this;
    }

    /** The reliability (calibration) diagram. */
    public Builder calibration(Calibration calibration) {
      this.calibration = calibration;
      return this;
    }

    /** A guardrail sweep: automatic share against automatic precision, one point per parameter value. */
    public Builder sweep(String parameter, List<GuardrailSimulation.SweepPoint> points) {
      this.sweepParameter = parameter;
      this.sweep = List.copyOf(points);
      return this;
    }

    /** The threshold table (automatic above the cut, review below), drawn when no sweep is given. */
    public Builder thresholds(ThresholdTable table) {
      this.thresholds = table;
      return this;
    }

    /** Per-segment error rates for segments by {@code by} (e.g. "job"); repeatable, one chart each. */
    public Builder segments(String by, SegmentReport report) {
      segments.put(by, report);
      return this;
    }

    /** Drift per feature (PSI bars), e.g. training period against a later one. */
    public Builder drift(String title, DriftReport report) {
      this.driftTitle = title;
      this.drift = report;
      return this;
    }

    /** The leakage check: single-feature AUC per feature, flagged ones highlighted. */
    public Builder leakage(LeakageReport report) {
      this.leakage = report;
      return this;
    }

    /** Counts of reason codes (review causes, top contributions); the largest are drawn. */
    public Builder reasons(Map<String, Long> counts) {
      reasons.clear();
      reasons.putAll(counts);
      return this;
    }

    /** A free table (a review queue, explained decisions) in its own section; repeatable. */
    public Builder table(String heading, List<String> header, List<List<String>> rows) {
      for (List<String> r : rows) {
        if (r.size() != header.size()) {
          throw new IllegalArgumentException("table '" + heading + "': a row has " + r.size() + " cells, the header " + header.size());
        }
      }
      tables.add("<section><h2>" + Html.escape(heading) + "</h2>" + Html.table(heading, header, rows) + "</section>");
      return this;
    }

    /** Renders the page. */
    public ModelReport build() {
      StringBuilder b = new StringBuilder(64 * 1024);
      b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
          .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
          .append("<title>").append(Html.escape(title)).append("</title><style>").append(CSS).append("</style></head><body><main>")
          .append("<h1>").append(Html.escape(title)).append("</h1>");
      if (!findings.isEmpty()) {
        b.append("<section class=\"findings\"><h2>Key findings</h2><ul>");
        findings.forEach(f -> b.append("<li>").append(Html.escape(f)).append("</li>"));
        b.append("</ul></section>");
      }
      headline(b);
      if (card != null) {
        modelCard(b, card);
      }
      curves(b);
      if (calibration != null) {
        reliability(b, calibration);
      }
      if (sweep != null) {
        sweep(b);
      } else if (thresholds != null) {
        thresholdChart(b, thresholds);
      }
      int n = 0;
      for (Map.Entry<String, SegmentReport> e : segments.entrySet()) {
        segmentChart(b, "segments-" + (++n), e.getKey(), e.getValue());
      }
      if (drift != null) {
        driftChart(b, drift);
      }
      if (leakage != null) {
        leakageChart(b, leakage);
      }
      if (!reasons.isEmpty()) {
        reasonChart(b);
      }
      tables.forEach(b::append);
      b.append("</main></body></html>\n");
      return new ModelReport(b.toString());
    }

    private void headline(StringBuilder b) {
      List<List<String>> rows = new ArrayList<>();
      if (metrics != null) {
        rows.add(List.of("rows", Html.number(metrics.rows()), ""));
        rows.add(List.of("positives", Html.number(metrics.positives()), Html.percent((double) metrics.positives() / metrics.rows())));
        for (BinaryMetric m : BinaryMetric.values()) {
          double v = metrics.get(m);
          if (!Double.isNaN(v)) {
            Interval i = intervals.get(m);
            rows.add(List.of(m.name().toLowerCase(Locale.ROOT).replace('_', ' '), Html.number(v),
                i == null ? "" : String.format(Locale.ROOT, "%.0f%% interval [%s, %s]", 100 * i.level(), Html.number(i.lower()), Html.number(i.upper()))));
          }
        }
      }
      if (comparison != null) {
        for (ComparisonReport.Difference d : comparison.differences()) {
          if (Double.isNaN(d.difference().estimate())) {
            continue; // e.g. log loss against scorecard points, which are not probabilities
          }
          rows.add(List.of(d.metric().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": model − baseline",
              String.format(Locale.ROOT, "%+.4f", d.difference().estimate()),
              String.format(Locale.ROOT, "model %s, baseline %s, paired %.0f%% interval [%+.4f, %+.4f]", Html.number(d.model()),
                  Html.number(d.baseline()), 100 * d.difference().level(), d.difference().lower(), d.difference().upper())));
        }
        ComparisonReport.DeLongTest t = comparison.delong();
        rows.add(List.of("DeLong's test (ROC AUC)", String.format(Locale.ROOT, "p = %.3g", t.pValue()),
            String.format(Locale.ROOT, "difference %+.4f, z %.2f", t.difference(), t.z())));
      }
      if (!rows.isEmpty()) {
        b.append("<section><h2>Headline metrics</h2>").append(Html.table("Headline metrics", List.of("metric", "value", "detail"), rows))
            .append("</section>");
      }
    }

    private static void modelCard(StringBuilder b, ModelCard card) {
      b.append("<section class=\"card\"><h2>Model card: ").append(Html.escape(card.model())).append("</h2><dl>");
      card.facts().forEach((k, v) -> b.append("<dt>").append(Html.escape(k)).append("</dt><dd>").append(Html.escape(v)).append("</dd>"));
      b.append("</dl>");
      if (!card.limitations().isEmpty()) {
        b.append("<h3>Limitations</h3><ul>");
        card.limitations().forEach(l -> b.append("<li>").append(Html.escape(l)).append("</li>"));
        b.append("</ul>");
      }
      b.append("</section>");
    }

    private void curves(StringBuilder b) {
      double[] s = scores;
      int[] y = labels;
      if (s == null || y == null) {
        return;
      }
      List<String> names = new ArrayList<>(List.of(modelName == null ? "model" : modelName));
      List<double[]> scored = new ArrayList<>(List.of(s));
      double[] base0 = baselineScores;
      if (base0 != null) {
        names.add(baselineName == null ? "baseline" : baselineName);
        scored.add(base0);
      }
      List<Curves> curves = scored.stream().map(v -> Curves.of(v, y, MAX_CURVE_POINTS)).toList();
      List<Svg.Series> roc = new ArrayList<>();
      List<Svg.Series> pr = new ArrayList<>();
      for (int i = 0; i < curves.size(); i++) {
        Curves c = curves.get(i);
        String label = names.get(i) + String.format(Locale.ROOT, " (AUC %.3f)", BinaryMetrics.rocAuc(scored.get(i), y));
        roc.add(new Svg.Series(label, c.falsePositiveRate(), c.truePositiveRate(), Svg.color(i), false, false));
        double[] recall = c.recall();
        double[] precision = c.precision();
        String prLabel = names.get(i) + String.format(Locale.ROOT, " (AP %.3f)", BinaryMetrics.averagePrecision(scored.get(i), y));
        pr.add(new Svg.Series(prLabel, recall, precision, Svg.color(i), false, false));
      }
      roc.add(new Svg.Series("chance", new double[] {0, 1}, new double[] {0, 1}, "#868e96", true, false));
      double base = java.util.Arrays.stream(y).average().orElse(0);
      pr.add(new Svg.Series("chance (positive rate)", new double[] {0, 1}, new double[] {base, base}, "#868e96", true, false));
      List<List<String>> rocRows = new ArrayList<>();
      List<List<String>> prRows = new ArrayList<>();
      for (int i = 0; i < curves.size(); i++) {
        Curves c = curves.get(i);
        int step = Math.max(1, (c.threshold().length - 1) / 10);
        for (int k = 1; k < c.threshold().length; k += step) {
          rocRows.add(List.of(names.get(i), Html.number(c.threshold()[k]), Html.number(c.falsePositiveRate()[k]), Html.number(c.truePositiveRate()[k])));
          prRows.add(List.of(names.get(i), Html.number(c.threshold()[k]), Html.number(c.truePositiveRate()[k]), Html.number(c.precision()[k])));
        }
      }
      figure(b, "roc", "ROC curve", "The true positive rate against the false positive rate over every cut of the score.",
          Svg.lines("roc-chart", "ROC curve", "false positive rate", "true positive rate", roc),
          Html.table("ROC points (about ten per curve)", List.of("scorer", "cut", "false positive rate", "true positive rate"), rocRows));
      figure(b, "pr", "Precision-recall curve", "Precision against recall over every cut of the score.",
          Svg.lines("pr-chart", "Precision-recall curve", "recall", "precision", pr),
          Html.table("Precision-recall points (about ten per curve)", List.of("scorer", "cut", "recall", "precision"), prRows));
    }

    private static void reliability(StringBuilder b, Calibration cal) {
      List<Calibration.Bin> bins = cal.bins().stream().filter(x -> x.count() > 0).toList();
      double[] x = bins.stream().mapToDouble(Calibration.Bin::meanScore).toArray();
      double[] y = bins.stream().mapToDouble(Calibration.Bin::positiveRate).toArray();
      List<List<String>> rows = new ArrayList<>();
      for (Calibration.Bin bin : cal.bins()) {
        rows.add(List.of(String.format(Locale.ROOT, "[%.2f, %.2f)", bin.lower(), bin.upper()), Html.number(bin.count()),
            Html.number(bin.meanScore()), Html.number(bin.positiveRate())));
      }
      figure(b, "reliability", "Reliability diagram",
          String.format(Locale.ROOT, "Observed positive rate against the mean score per bin; on the diagonal is calibrated. "
              + "Expected calibration error %s, maximum %s.", Html.number(cal.expectedCalibrationError()), Html.number(cal.maximumCalibrationError())),
          Svg.lines("reliability-chart", "Reliability diagram", "mean score in bin", "observed positive rate",
              List.of(new Svg.Series("model", x, y, Svg.color(0), false, true),
                  new Svg.Series("perfectly calibrated", new double[] {0, 1}, new double[] {0, 1}, "#868e96", true, false))),
          Html.table("Calibration bins", List.of("bin", "rows", "mean score", "positive rate"), rows));
    }

    private void sweep(StringBuilder b) {
      List<GuardrailSimulation.SweepPoint> points = sweep == null ? List.of() : sweep;
      double[] x = new double[points.size()];
      double[] y = new double[points.size()];
      List<List<String>> rows = new ArrayList<>();
      for (int i = 0; i < points.size(); i++) {
        var r = points.get(i).result();
        x[i] = 1 - r.reviewRate();
        y[i] = r.automaticPrecision();
        rows.add(List.of(Html.number(points.get(i).parameter()), Html.number(r.automatic()), Html.number(r.review()), Html.percent(1 - r.reviewRate()),
            Html.number(r.automaticPrecision())));
      }
      figure(b, "sweep", "Guardrail sweep",
          "Each point is one guardrail policy (" + sweepParameter + "): the share of decisions made automatically against the precision of "
              + "those automatic decisions. Everything else goes to a person.",
          Svg.lines("sweep-chart", "Guardrail sweep", "automatic share", "automatic precision",
              List.of(new Svg.Series("policy (" + sweepParameter + ")", x, y, Svg.color(0), false, true))),
          Html.table("Guardrail sweep", List.of(sweepParameter == null ? "parameter" : sweepParameter, "automatic", "review", "automatic share",
              "automatic precision"), rows));
    }

    private static void thresholdChart(StringBuilder b, ThresholdTable table) {
      List<ThresholdTable.Row> all = table.rows();
      double[] x = all.stream().mapToDouble(r -> 1 - r.reviewRate()).toArray();
      double[] y = all.stream().mapToDouble(ThresholdTable.Row::automaticPrecision).toArray();
      List<List<String>> rows = new ArrayList<>();
      int step = Math.max(1, all.size() / 10);
      for (int i = 0; i < all.size(); i += step) {
        ThresholdTable.Row r = all.get(i);
        rows.add(List.of(Html.number(r.threshold()), Html.number(r.automatic()), Html.percent(r.reviewRate()), Html.number(r.automaticPrecision()),
            Html.number(r.recall())));
      }
      figure(b, "sweep", "Threshold sweep",
          "Automatic above the cut, review below: the automatic share against the precision of the automatic decisions.",
          Svg.lines("sweep-chart", "Threshold sweep", "automatic share", "automatic precision",
              List.of(new Svg.Series("cut", x, y, Svg.color(0), false, false))),
          Html.table("Threshold table (about ten cuts)", List.of("cut", "automatic", "review rate", "automatic precision", "recall"), rows));
    }

    private static void segmentChart(StringBuilder b, String id, String by, SegmentReport report) {
      List<Svg.Bar> bars = new ArrayList<>();
      List<List<String>> rows = new ArrayList<>();
      for (SegmentReport.Segment s : report.segments()) {
        double[] ci = wilson(s.errorRate(), s.rows());
        bars.add(new Svg.Bar(s.name(), s.errorRate(), ci[0], ci[1], s.flagged()));
        rows.add(List.of(s.name(), Html.number(s.rows()), Html.number(s.positives()), Html.number(s.rocAuc()), Html.number(s.errorRate()),
            "[" + Html.number(ci[0]) + ", " + Html.number(ci[1]) + "]", Html.number(s.restErrorRate()), s.flagged() ? "flagged" : ""));
      }
      double overall = report.segments().stream().mapToDouble(s -> s.errorRate() * s.rows()).sum()
          / Math.max(1, report.segments().stream().mapToInt(SegmentReport.Segment::rows).sum());
      figure(b, id, "Error rate by " + by,
          String.format(Locale.ROOT, "Misclassified share at the threshold %s per segment, with a 95%% Wilson interval on the segment's rows. "
              + "Highlighted: differs from the rest by more than %s.", Html.number(report.threshold()), Html.number(report.margin())),
          Svg.bars(id + "-chart", "Error rate by " + by, "error rate", bars, List.of(new Svg.Rule(overall, "all rows"))),
          Html.table("Error rate by " + by, List.of(by, "rows", "positives", "ROC AUC", "error rate", "95% interval", "rest error rate", "flag"),
              rows));
    }

    private void driftChart(StringBuilder b, DriftReport report) {
      String heading = driftTitle == null ? "Drift per feature (PSI)" : "Drift per feature (PSI): " + driftTitle;
      List<Svg.Bar> bars = new ArrayList<>();
      List<List<String>> rows = new ArrayList<>();
      List<FeatureDrift> sorted = new ArrayList<>(report.features());
      sorted.sort((p, q) -> Double.compare(q.psi(), p.psi()));
      for (FeatureDrift f : sorted) {
        bars.add(new Svg.Bar(f.name(), f.psi(), Double.NaN, Double.NaN, f.drifted()));
        rows.add(List.of(f.name(), Html.number(f.psi()), f.psiBand().name().toLowerCase(Locale.ROOT), Html.number(f.jensenShannon()),
            Html.number(f.adjustedPValue()), Html.percent(f.missingRate()), f.drifted() ? "drifted" : ""));
      }
      figure(b, "drift", heading,
          String.format(Locale.ROOT, "Population stability index of each feature, %,d reference rows against %,d rows. "
              + "Below 0.1 is stable, 0.1 to 0.25 a moderate shift, above 0.25 a major one. Highlighted: an alarm threshold was crossed.",
              report.referenceRows(), report.windowRows()),
          Svg.bars("drift-chart", heading, "PSI", bars, List.of(new Svg.Rule(0.1, "0.1"), new Svg.Rule(0.25, "0.25"))),
          Html.table("Drift per feature", List.of("feature", "PSI", "band", "Jensen-Shannon", "adjusted p", "missing", "alarm"), rows));
    }

    private static void leakageChart(StringBuilder b, LeakageReport report) {
      List<Svg.Bar> bars = new ArrayList<>();
      List<List<String>> rows = new ArrayList<>();
      List<LeakageReport.FeatureLeak> sorted = new ArrayList<>(report.features());
      sorted.sort((p, q) -> Double.compare(Math.max(q.auc(), 1 - q.auc()), Math.max(p.auc(), 1 - p.auc())));
      for (LeakageReport.FeatureLeak f : sorted.subList(0, Math.min(20, sorted.size()))) {
        double strength = Double.isNaN(f.auc()) ? Double.NaN : Math.max(f.auc(), 1 - f.auc());
        bars.add(new Svg.Bar(f.name(), strength, Double.NaN, Double.NaN, f.flagged()));
      }
      for (LeakageReport.FeatureLeak f : sorted) {
        rows.add(List.of(f.name(), Html.number(f.auc()), Html.percent(f.missingRatePositives()), Html.percent(f.missingRateNegatives()),
            String.join("; ", f.reasons())));
      }
      figure(b, "leakage", "Leakage check",
          String.format(Locale.ROOT, "How well each feature alone separates the labels (max of AUC and 1 − AUC). A feature at or above %s "
              + "predicts too well to be known before the outcome: check it is not recorded after the fact.", Html.number(report.aucThreshold())),
          Svg.bars("leakage-chart", "Leakage check", "single-feature AUC", bars, List.of(new Svg.Rule(report.aucThreshold(), "threshold"))),
          Html.table("Leakage check", List.of("feature", "single-feature AUC", "missing (positives)", "missing (negatives)", "flagged because"),
              rows));
    }

    private void reasonChart(StringBuilder b) {
      List<Map.Entry<String, Long>> top = reasons.entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey())).limit(12).toList();
      List<Svg.Bar> bars = top.stream().map(e -> new Svg.Bar(e.getKey(), e.getValue(), Double.NaN, Double.NaN, false)).toList();
      List<List<String>> rows = top.stream().map(e -> List.of(e.getKey(), Html.number(e.getValue()))).toList();
      figure(b, "reasons", "Top reason codes", "The most frequent reasons given with the decisions.",
          Svg.bars("reasons-chart", "Top reason codes", "decisions", bars, List.of()),
          Html.table("Top reason codes", List.of("reason", "decisions"), rows));
    }

    private static void figure(StringBuilder b, String id, String heading, String text, String svg, String table) {
      b.append("<section class=\"figure\" id=\"").append(id).append("\"><h2>").append(Html.escape(heading)).append("</h2><p>")
          .append(Html.escape(text)).append("</p><div class=\"pair\"><figure>").append(svg).append("</figure><div class=\"data\">")
          .append(table).append("</div></div></section>");
    }

    /** The 95% Wilson score interval of a rate over {@code n} rows. */
    static double[] wilson(double rate, int n) {
      if (n <= 0 || Double.isNaN(rate)) {
        return new double[] {Double.NaN, Double.NaN};
      }
      double z = 1.959963984540054;
      double z2 = z * z;
      double centre = (rate + z2 / (2 * n)) / (1 + z2 / n);
      double half = z * Math.sqrt(rate * (1 - rate) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
      return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }
  }

  private static final String CSS = String.join("",
      "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#212529;background:#f8f9fa;margin:0}",
      "main{max-width:1200px;margin:0 auto;padding:24px}",
      "h1{font-size:1.6em;margin:.2em 0 .6em}h2{font-size:1.2em;margin:0 0 .4em}h3{font-size:1em}",
      "section{background:#fff;border:1px solid #dee2e6;border-radius:8px;padding:16px 20px;margin:0 0 18px}",
      ".findings li{margin:.25em 0}",
      ".pair{display:flex;flex-wrap:wrap;gap:20px;align-items:flex-start}figure{margin:0;flex:0 0 auto}",
      ".data{flex:1 1 360px;max-height:380px;overflow:auto}",
      "table{border-collapse:collapse;font-size:13px;width:100%}caption{text-align:left;font-weight:600;padding:0 0 4px}",
      "th,td{border-bottom:1px solid #e9ecef;padding:3px 8px;text-align:right;vertical-align:top}",
      "th[scope=row],thead th:first-child{text-align:left}thead th{background:#f1f3f5;position:sticky;top:0}",
      "dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}dt{font-weight:600}dd{margin:0}",
      "svg.chart{max-width:100%;height:auto;font-family:inherit}",
      ".grid{stroke:#e9ecef;stroke-width:1}.frame{fill:none;stroke:#adb5bd}",
      ".tick{font-size:11px;fill:#495057}.axis{font-size:12px;fill:#212529}.legend{font-size:12px;fill:#212529}",
      ".label{font-size:12px;fill:#212529}.series{fill:none;stroke-width:2.2}.marker{stroke:#fff;stroke-width:1}",
      ".bar{fill:#74c0fc}.bar.highlighted{fill:#e8590c}.whisker{stroke:#212529;stroke-width:1.2;fill:none}",
      ".rule{stroke:#868e96;stroke-dasharray:4 3}.rule-label{font-size:10px;fill:#495057}");
}
