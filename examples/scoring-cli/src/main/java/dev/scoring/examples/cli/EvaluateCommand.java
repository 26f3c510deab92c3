package dev.scoring.examples.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.scoring.evaluation.BaselineComparison;
import dev.scoring.evaluation.BinaryMetric;
import dev.scoring.evaluation.BinaryMetrics;
import dev.scoring.evaluation.Bootstrap;
import dev.scoring.evaluation.Calibration;
import dev.scoring.evaluation.ComparisonReport;
import dev.scoring.evaluation.Interval;
import dev.scoring.evaluation.SegmentReport;
import dev.scoring.evaluation.SegmentedEvaluation;
import dev.scoring.evaluation.ThresholdMetrics;
import dev.scoring.evaluation.ThresholdTable;
import dev.scoring.report.ModelReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scoring evaluate}: metrics of scores against labels, per segment and against a baseline. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Evaluate scores against labels: AUC (with a bootstrap interval), PR AUC, log loss, Brier, calibration, "
        + "the threshold table, per segment, and the model against a baseline (DeLong's test).")
final class EvaluateCommand implements Callable<Integer> {

  @Spec
  @Nullable CommandSpec spec;

  @Mixin
  Options.InputFile input = new Options.InputFile();

  @Option(names = "--label", required = true, paramLabel = "COL", description = "The label column.")
  @Nullable String label;

  @Option(names = "--positive", paramLabel = "VALUE",
      description = "The positive label; every other value is negative (default: the greater of two labels, as train chooses).")
  @Nullable String positive;

  @Option(names = "--score", required = true, paramLabel = "COL", description = "The score column (a probability for log loss, Brier and calibration).")
  @Nullable String score;

  @Option(names = "--baseline", paramLabel = "COL", description = "A baseline score column (e.g. the rule scorecard) to compare with.")
  @Nullable String baseline;

  @Option(names = "--segment", paramLabel = "COL", description = "A column whose values are segments (region, segment, deal size).")
  @Nullable String segment;

  @Option(names = "--threshold", defaultValue = "0.5", paramLabel = "T", description = "Threshold for precision/recall/F1 and segment error rates (default ${DEFAULT-VALUE}).")
  double threshold;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Bootstrap seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--json", description = "Print the results as JSON.")
  boolean json;

  @Option(names = {"-q", "--quiet"}, description = "No progress bar or notes on stderr (errors still go there).")
  boolean quiet;

  @Option(names = "--report", paramLabel = "FILE.html",
      description = "Also write the results as one self-contained HTML page (charts with their tables; opens offline).")
  @Nullable Path reportFile;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = ScoreCommand.required(spec).commandLine().getOut();
    List<String> rawLabels = new ArrayList<>();
    List<Double> scores = new ArrayList<>();
    List<Double> baselines = new ArrayList<>();
    List<String> segments = new ArrayList<>();
    PrintWriter err = ScoreCommand.required(spec).commandLine().getErr();
    Progress progress = new Progress(err, !quiet && Progress.stderrIsTerminal());
    long read = 0;
    try (Input csv = input.open()) {
      int labelCol = csv.column(ScoreCommand.required(label), "label");
      int scoreCol = csv.column(ScoreCommand.required(score), "score");
      int baseCol = baseline == null ? -1 : csv.column(baseline, "baseline");
      int segCol = segment == null ? -1 : csv.column(segment, "segment");
      for (Iterator<CSVRecord> it = csv.rows(); it.hasNext();) {
        CSVRecord r = it.next();
        if ((++read & 1023) == 0) {
          progress.update(read, csv::progress);
        }
        String y = r.get(labelCol);
        if (y.isEmpty()) {
          continue;
        }
        rawLabels.add(y);
        scores.add(number(r, scoreCol, score));
        if (baseCol >= 0) {
          baselines.add(number(r, baseCol, baseline));
        }
        if (segCol >= 0) {
          segments.add(r.get(segCol).isEmpty() ? "(missing)" : r.get(segCol));
        }
      }
    }
    progress.finish();
    if (rawLabels.isEmpty()) {
      throw new CliException("no labelled rows in " + input.path());
    }
    int[] y = labels(rawLabels, quiet ? new PrintWriter(java.io.Writer.nullWriter()) : err);
    double[] s = scores.stream().mapToDouble(Double::doubleValue).toArray();
    try {
      Report report = new Report(s, y, baselines.isEmpty() ? null : baselines.stream().mapToDouble(Double::doubleValue).toArray(),
          segments.isEmpty() ? null : segments.toArray(String[]::new));
      if (json) {
        report.json(out);
      } else {
        report.text(out);
      }
      if (reportFile != null) {
        report.html(s, y, baselines.isEmpty() ? null : baselines.stream().mapToDouble(Double::doubleValue).toArray()).write(reportFile);
        if (!quiet) {
          err.println("scoring: report written to " + reportFile);
        }
      }
    } catch (IllegalArgumentException e) {
      throw new CliException("cannot evaluate: " + e.getMessage(), e);
    }
    return 0;
  }

  private final class Report {
    final BinaryMetrics metrics;
    final Map<BinaryMetric, Interval> intervals;
    final ThresholdMetrics at;
    final ThresholdTable table;
    final @Nullable Calibration calibration;
    final @Nullable SegmentReport segments;
    final @Nullable ComparisonReport comparison;

    Report(double[] s, int[] y, double @Nullable [] base, String @Nullable [] seg) {
      Bootstrap bootstrap = new Bootstrap(1000, 0.95, seed);
      boolean probabilities = java.util.Arrays.stream(s).allMatch(v -> v >= 0 && v <= 1);
      metrics = probabilities ? BinaryMetrics.of(s, y) : new BinaryMetrics(s.length, count(y), BinaryMetrics.rocAuc(s, y),
          BinaryMetrics.averagePrecision(s, y), Double.NaN, Double.NaN);
      intervals = probabilities ? bootstrap.intervals(s, y) : Map.of(BinaryMetric.ROC_AUC, bootstrap.interval(BinaryMetric.ROC_AUC, s, y));
      at = ThresholdMetrics.of(s, y, threshold);
      table = ThresholdTable.of(s, y);
      calibration = probabilities ? Calibration.of(s, y, 10) : null;
      segments = seg == null ? null : SegmentedEvaluation.builder().threshold(threshold).build().evaluate(s, y, seg);
      comparison = base == null ? null : BaselineComparison.compare(s, base, y, bootstrap);
    }

    void text(PrintWriter out) {
      out.printf(Locale.ROOT, "rows %d, positives %d (%.1f%%)%n", metrics.rows(), metrics.positives(), 100.0 * metrics.positives() / metrics.rows());
      Interval auc = intervals.get(BinaryMetric.ROC_AUC);
      out.printf(Locale.ROOT, "ROC AUC   %.4f  [%.4f, %.4f] (95%%, bootstrap)%n", metrics.rocAuc(), auc == null ? Double.NaN : auc.lower(),
          auc == null ? Double.NaN : auc.upper());
      out.printf(Locale.ROOT, "PR AUC    %.4f%n", metrics.prAuc());
      if (calibration != null) {
        out.printf(Locale.ROOT, "log loss  %.4f%nBrier     %.4f%nECE       %.4f (10 bins)%n", metrics.logLoss(), metrics.brier(),
            calibration.expectedCalibrationError());
      } else {
        out.println("(scores are not probabilities: no log loss, Brier or calibration)");
      }
      out.printf(Locale.ROOT, "at %.3f: precision %.4f, recall %.4f, F1 %.4f, accuracy %.4f%n", threshold, at.precision(), at.recall(),
          f1(at), at.accuracy());
      out.println();
      out.println("threshold table (automatic above the cut, review below):");
      out.println("  threshold  automatic  review-rate  auto-precision  recall");
      List<ThresholdTable.Row> rows = table.rows();
      int step = Math.max(1, rows.size() / 10);
      for (int i = 0; i < rows.size(); i += step) {
        ThresholdTable.Row r = rows.get(i);
        out.printf(Locale.ROOT, "  %9.4f  %9d  %11.3f  %14.4f  %6.4f%n", r.threshold(), r.automatic(), r.reviewRate(), r.automaticPrecision(),
            r.recall());
      }
      if (calibration != null) {
        out.println();
        out.println("calibration:");
        out.println("  bin            count  mean-score  positive-rate");
        for (Calibration.Bin b : calibration.bins()) {
          out.printf(Locale.ROOT, "  [%.2f, %.2f)  %6d  %10.4f  %13.4f%n", b.lower(), b.upper(), b.count(), b.meanScore(), b.positiveRate());
        }
      }
      if (segments != null) {
        out.println();
        out.printf(Locale.ROOT, "segments (error rate at %.3f; flagged where it differs from the rest by more than %.3f):%n", threshold,
            segments.margin());
        out.println("  segment                     rows  positives  ROC AUC  error  rest-error  flag");
        for (SegmentReport.Segment g : segments.segments()) {
          out.printf(Locale.ROOT, "  %-24s %7d  %9d  %7.4f  %5.3f  %10.3f  %s%n", g.name(), g.rows(), g.positives(), g.rocAuc(), g.errorRate(),
              g.restErrorRate(), g.flagged() ? "FLAG" : "");
        }
      }
      if (comparison != null) {
        out.println();
        out.println("model vs baseline (paired bootstrap, 95%):");
        for (ComparisonReport.Difference d : comparison.differences()) {
          out.printf(Locale.ROOT, "  %-9s model %.4f  baseline %.4f  difference %+.4f [%+.4f, %+.4f]%n", d.metric().name().toLowerCase(Locale.ROOT),
              d.model(), d.baseline(), d.difference().estimate(), d.difference().lower(), d.difference().upper());
        }
        ComparisonReport.DeLongTest t = comparison.delong();
        out.printf(Locale.ROOT, "  DeLong's test for AUC: difference %+.4f, z %.3f, p %.3g%n", t.difference(), t.z(), t.pValue());
      }
    }

    ModelReport html(double[] s, int[] y, double @Nullable [] base) {
      ModelReport.Builder b = ModelReport.builder("Evaluation of '" + score + "' against '" + label + "' in " + input.path().getFileName())
          .scores(ScoreCommand.required(score), s, y).metrics(metrics, intervals).thresholds(table);
      if (base != null) {
        b.baseline(ScoreCommand.required(baseline), base);
      }
      if (comparison != null) {
        b.comparison(comparison);
      }
      if (calibration != null) {
        b.calibration(calibration);
      }
      if (segments != null) {
        b.segments(ScoreCommand.required(segment), segments);
      }
      return b.build();
    }

    void json(PrintWriter out) throws IOException {
      JsonGenerator g = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeNumberField("rows", metrics.rows());
      g.writeNumberField("positives", metrics.positives());
      for (BinaryMetric m : BinaryMetric.values()) {
        double v = metrics.get(m);
        if (!Double.isNaN(v)) {
          g.writeObjectFieldStart(m.name().toLowerCase(Locale.ROOT));
          g.writeNumberField("value", v);
          Interval i = intervals.get(m);
          if (i != null) {
            g.writeNumberField("lower", i.lower());
            g.writeNumberField("upper", i.upper());
          }
          g.writeEndObject();
        }
      }
      g.writeObjectFieldStart("at_threshold");
      g.writeNumberField("threshold", threshold);
      g.writeNumberField("precision", at.precision());
      g.writeNumberField("recall", at.recall());
      g.writeNumberField("f1", f1(at));
      g.writeNumberField("accuracy", at.accuracy());
      g.writeEndObject();
      g.writeArrayFieldStart("threshold_table");
      for (ThresholdTable.Row r : table.rows()) {
        g.writeStartObject();
        g.writeNumberField("threshold", r.threshold());
        g.writeNumberField("automatic", r.automatic());
        g.writeNumberField("review_rate", r.reviewRate());
        g.writeNumberField("automatic_precision", r.automaticPrecision());
        g.writeNumberField("recall", r.recall());
        g.writeEndObject();
      }
      g.writeEndArray();
      if (calibration != null) {
        g.writeObjectFieldStart("calibration");
        g.writeNumberField("ece", calibration.expectedCalibrationError());
        g.writeNumberField("mce", calibration.maximumCalibrationError());
        g.writeArrayFieldStart("bins");
        for (Calibration.Bin b : calibration.bins()) {
          g.writeStartObject();
          g.writeNumberField("lower", b.lower());
          g.writeNumberField("upper", b.upper());
          g.writeNumberField("count", b.count());
          g.writeNumberField("mean_score", b.meanScore());
          g.writeNumberField("positive_rate", b.positiveRate());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      if (segments != null) {
        g.writeArrayFieldStart("segments");
        for (SegmentReport.Segment s : segments.segments()) {
          g.writeStartObject();
          g.writeStringField("segment", s.name());
          g.writeNumberField("rows", s.rows());
          g.writeNumberField("positives", s.positives());
          writeFinite(g, "roc_auc", s.rocAuc());
          g.writeNumberField("error_rate", s.errorRate());
          g.writeNumberField("rest_error_rate", s.restErrorRate());
          g.writeBooleanField("flagged", s.flagged());
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      if (comparison != null) {
        g.writeObjectFieldStart("baseline_comparison");
        for (ComparisonReport.Difference d : comparison.differences()) {
          g.writeObjectFieldStart(d.metric().name().toLowerCase(Locale.ROOT));
          g.writeNumberField("model", d.model());
          g.writeNumberField("baseline", d.baseline());
          g.writeNumberField("difference", d.difference().estimate());
          g.writeNumberField("lower", d.difference().lower());
          g.writeNumberField("upper", d.difference().upper());
          g.writeEndObject();
        }
        g.writeObjectFieldStart("delong");
        g.writeNumberField("difference", comparison.delong().difference());
        g.writeNumberField("z", comparison.delong().z());
        g.writeNumberField("p_value", comparison.delong().pValue());
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndObject();
      g.flush();
      out.println();
    }
  }

  private static void writeFinite(JsonGenerator g, String name, double v) throws IOException {
    if (Double.isFinite(v)) {
      g.writeNumberField(name, v);
    } else {
      g.writeNullField(name);
    }
  }

  private static double f1(ThresholdMetrics m) {
    double p = m.precision();
    double r = m.recall();
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  private static int count(int[] y) {
    int n = 0;
    for (int v : y) {
      n += v;
    }
    return n;
  }

  /**
   * The labels as 1 (positive) and 0: the positive label is {@code --positive} (then any other
   * value is negative), else, as {@code train} chooses, the greater of exactly two values.
   */
  private int[] labels(List<String> raw, PrintWriter err) {
    TreeSet<String> values = new TreeSet<>(raw);
    String shown = values.size() > 10 ? new ArrayList<>(values).subList(0, 10) + " and " + (values.size() - 10) + " more" : values.toString();
    String pos = positive;
    if (pos != null && !values.contains(pos)) {
      throw new CliException("--positive '" + pos + "' does not occur in label column '" + label + "'; its values are " + shown);
    }
    if (values.size() < 2) {
      throw new CliException("label column '" + label + "' has only the value " + shown + "; evaluation needs positives and negatives");
    }
    if (pos == null) {
      if (values.size() > 2) {
        throw new CliException("label column '" + label + "' has " + values.size() + " values " + shown
            + "; give --positive VALUE to evaluate one of them against the rest");
      }
      pos = values.last();
      err.println("scoring: positive label '" + pos + "' (the greater of " + values + ", as train chooses; set it with --positive)");
    }
    int[] y = new int[raw.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = raw.get(i).equals(pos) ? 1 : 0;
    }
    return y;
  }

  private static double number(CSVRecord r, int col, @Nullable String name) {
    String v = r.get(col);
    Double d = v.isEmpty() ? null : Columns.parseNumber(v);
    if (d == null || !Double.isFinite(d)) {
      throw new CliException("row " + r.getRecordNumber() + ", column '" + name + "': '" + v + "' is not a finite number");
    }
    return d;
  }
}
