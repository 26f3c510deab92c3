package dev.scoring.examples.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.scoring.decision.ShadowRecord;
import dev.scoring.evaluation.ComparisonReport;
import dev.scoring.evaluation.Interval;
import dev.scoring.retraining.SegmentDifference;
import dev.scoring.review.LabelledExample;
import dev.scoring.shadow.JsonLinesShadowLog;
import dev.scoring.shadow.ShadowComparison;
import dev.scoring.shadow.ShadowReport;
import dev.scoring.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scoring shadow}: the champion against its shadow challengers. */
@Command(name = "shadow", mixinStandardHelpOptions = true,
    description = "Champion/challenger (shadow) scoring: compare the champion with its challengers.",
    subcommands = {ShadowCommand.Report.class})
final class ShadowCommand {

  private ShadowCommand() {}

  /** {@code scoring shadow report}: the comparison report from a shadow log and the store's feedback. */
  @Command(name = "report", mixinStandardHelpOptions = true,
      description = "Compare the champion with each challenger of a JSON-lines shadow log: agreement, the action-change "
          + "matrix and, with the store's feedback as labels, AUC with intervals and DeLong's test, calibration, review "
          + "rates, precision of automatic decisions and at the champion's review rate, per segment.")
  static final class Report implements Callable<Integer> {
    @Spec @Nullable CommandSpec spec;

    @Option(names = "--log", required = true, paramLabel = "FILE", description = "The shadow log (JSON lines).")
    @Nullable Path log;

    @Option(names = "--store", paramLabel = "FILE|URL",
        description = "The store whose feedback log labels the decisions (SQLite file or JDBC URL); without it, "
            + "only agreement and action changes.")
    @Nullable String store;

    @Option(names = "--positive", split = ",", paramLabel = "LABELS",
        description = "The feedback labels that count as positive (required with --store).")
    List<String> positive = new ArrayList<>();

    @Option(names = "--challenger", paramLabel = "ID", description = "Only this challenger (default: every challenger in the log).")
    @Nullable String challenger;

    @Option(names = "--segment", paramLabel = "FEATURE", description = "Compare the AUCs per value of this feature.")
    @Nullable String segment;

    @Option(names = "--json", description = "Print the reports as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = ScoreCommand.required(spec).commandLine().getOut();
      Path file = ScoreCommand.required(log);
      if (!Files.isRegularFile(file)) {
        throw new CliException("no shadow log " + file);
      }
      List<ShadowRecord> records;
      try {
        records = JsonLinesShadowLog.read(file);
      } catch (IllegalArgumentException e) {
        throw new CliException(e.getMessage(), e);
      }
      if (records.isEmpty()) {
        throw new CliException("the shadow log " + file + " has no records");
      }
      List<LabelledExample> feedback = List.of();
      if (store != null) {
        if (positive.isEmpty()) {
          throw new CliException("name the positive label(s) with --positive when --store gives labels");
        }
        StoreOption o = new StoreOption();
        o.store = store;
        try (Store s = o.open()) {
          feedback = s.feedback().examples();
        }
      }
      ShadowComparison.Builder b = ShadowComparison.builder().positive(positive.isEmpty() ? "-" : positive.get(0),
          positive.size() > 1 ? positive.subList(1, positive.size()).toArray(String[]::new) : new String[0]);
      if (segment != null) {
        b.segmentBy(segment);
      }
      ShadowComparison comparison = b.build();
      List<String> ids = challenger != null ? List.of(challenger) : ShadowComparison.challengers(records);
      List<ShadowReport> reports = new ArrayList<>();
      for (String id : ids) {
        try {
          reports.add(comparison.compare(id, records, feedback));
        } catch (IllegalArgumentException e) {
          throw new CliException(e.getMessage(), e);
        }
      }
      if (json) {
        json(out, records.size(), feedback.size(), reports);
      } else {
        out.printf(Locale.ROOT, "%,d shadow records, %,d labelled examples%n", records.size(), feedback.size());
        reports.forEach(r -> out.print(r.summary()));
      }
      return 0;
    }
  }

  static void json(PrintWriter out, int records, int labels, List<ShadowReport> reports) throws IOException {
    JsonGenerator g = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter();
    g.writeStartObject();
    g.writeNumberField("records", records);
    g.writeNumberField("labelled_examples", labels);
    g.writeArrayFieldStart("challengers");
    for (ShadowReport r : reports) {
      g.writeStartObject();
      g.writeStringField("challenger", r.challengerId());
      g.writeNumberField("shadowed", r.shadowed());
      g.writeNumberField("scored", r.scored());
      g.writeNumberField("failed", r.failed());
      g.writeNumberField("over_budget", r.overBudget());
      finite(g, "agreement", r.agreementRate());
      g.writeArrayFieldStart("action_changes");
      for (Map.Entry<String, Map<String, Long>> row : r.actionChanges().entrySet()) {
        for (Map.Entry<String, Long> cell : row.getValue().entrySet()) {
          g.writeStartObject();
          g.writeStringField("champion", row.getKey());
          g.writeStringField("challenger", cell.getKey());
          g.writeNumberField("count", cell.getValue());
          g.writeEndObject();
        }
      }
      g.writeEndArray();
      if (r.labelled().isPresent()) {
        ShadowReport.Labelled l = r.labelled().get();
        g.writeObjectFieldStart("labelled");
        g.writeNumberField("rows", l.rows());
        g.writeNumberField("positives", l.positives());
        interval(g, "champion_auc", l.championAuc());
        interval(g, "challenger_auc", l.challengerAuc());
        ComparisonReport.DeLongTest d = l.comparison().delong();
        g.writeObjectFieldStart("delong");
        finite(g, "difference", d.difference());
        finite(g, "standard_error", d.standardError());
        finite(g, "z", d.z());
        finite(g, "p_value", d.pValue());
        g.writeEndObject();
        finite(g, "champion_calibration_error", l.championCalibrationError());
        finite(g, "challenger_calibration_error", l.challengerCalibrationError());
        finite(g, "champion_review_rate", l.championReviewRate());
        finite(g, "challenger_review_rate", l.challengerReviewRate());
        finite(g, "champion_automatic_precision", l.championAutoPrecision());
        finite(g, "challenger_automatic_precision", l.challengerAutoPrecision());
        finite(g, "champion_precision_at_review_rate", l.championPrecisionAtRate());
        finite(g, "challenger_precision_at_review_rate", l.challengerPrecisionAtRate());
        segments(g, l.segments());
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
    g.flush();
    out.println();
  }

  static void segments(JsonGenerator g, List<SegmentDifference> segments) throws IOException {
    g.writeArrayFieldStart("segments");
    for (SegmentDifference s : segments) {
      g.writeStartObject();
      g.writeStringField("segment", s.segment());
      g.writeNumberField("rows", s.rows());
      g.writeNumberField("positives", s.positives());
      finite(g, "champion_auc", s.championAuc());
      finite(g, "candidate_auc", s.candidateAuc());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void interval(JsonGenerator g, String name, Interval i) throws IOException {
    g.writeObjectFieldStart(name);
    finite(g, "value", i.estimate());
    finite(g, "lower", i.lower());
    finite(g, "upper", i.upper());
    g.writeNumberField("level", i.level());
    g.writeEndObject();
  }

  static void finite(JsonGenerator g, String name, double v) throws IOException {
    if (Double.isFinite(v)) {
      g.writeNumberField(name, v);
    } else {
      g.writeNullField(name);
    }
  }
}
