package dev.scoring.examples.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.scoring.api.Features;
import dev.scoring.api.MutableFeatures;
import dev.scoring.monitoring.DriftMonitor;
import dev.scoring.monitoring.DriftReport;
import dev.scoring.monitoring.FeatureDrift;
import dev.scoring.monitoring.ReferenceProfile;
import dev.scoring.report.ModelReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scoring monitor}: drift of a CSV file against a reference CSV file, per feature. */
@Command(name = "monitor", mixinStandardHelpOptions = true,
    description = "Drift of a CSV file (--input) against a reference (e.g. the training data): PSI, Jensen-Shannon distance and a test "
        + "(Kolmogorov-Smirnov or chi-square, Benjamini-Hochberg adjusted) per feature.")
final class MonitorCommand implements Callable<Integer> {

  @Spec
  @Nullable CommandSpec spec;

  @Option(names = "--reference", required = true, paramLabel = "REF.csv", description = "The reference rows (same header as the input).")
  @Nullable Path reference;

  @Mixin
  Options.InputFile input = new Options.InputFile();

  @Mixin
  Options.FeatureColumns features = new Options.FeatureColumns();

  @Option(names = "--json", description = "Print the results as JSON.")
  boolean json;

  @Option(names = "--report", paramLabel = "FILE.html", description = "Also write the drift as one self-contained HTML page.")
  @Nullable Path reportFile;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = ScoreCommand.required(spec).commandLine().getOut();
    PrintWriter err = ScoreCommand.required(spec).commandLine().getErr();
    Path ref = ScoreCommand.required(reference);
    ReferenceProfile.Builder profile;
    Columns columns;
    List<String> header;
    long referenceRows = 0;
    try (Input csv = new Input(ref, input.delimiter)) {
      header = csv.header();
      columns = Columns.bind(csv.name(), header, features.skip(csv), features.declared(), null, csv.sample());
      columns.notes().forEach(n -> err.println("scoring: " + n));
      profile = ReferenceProfile.builder(columns.schema());
      MutableFeatures row = Features.mutable(columns.schema());
      for (Iterator<CSVRecord> it = csv.rows(); it.hasNext();) {
        columns.fill(it.next(), row);
        profile.add(row, 0.0);
        referenceRows++;
      }
    }
    if (referenceRows == 0) {
      throw new CliException("the reference " + ref + " has no rows; give the data the model was trained on");
    }
    DriftMonitor monitor = DriftMonitor.builder(profile.build()).window(Integer.MAX_VALUE).build();
    long rows = 0;
    try (Input csv = input.open()) {
      if (!csv.header().equals(header)) {
        throw new CliException("the input's columns " + csv.header() + " differ from the reference's " + header
            + "; give both files the same header (select the columns with the same --exclude)");
      }
      MutableFeatures row = Features.mutable(columns.schema());
      for (Iterator<CSVRecord> it = csv.rows(); it.hasNext();) {
        columns.fill(it.next(), row);
        monitor.update(row, 0.0);
        rows++;
      }
    }
    if (rows == 0) {
      throw new CliException("the input " + input.path() + " has no rows to compare");
    }
    DriftReport all = monitor.evaluateNow();
    // the profile's score entry is a constant here: report the features only
    DriftReport drift = new DriftReport(all.window(), all.start(), all.end(), all.windowRows(), all.referenceRows(), all.correction(),
        all.features().stream().filter(f -> !f.name().equals(ReferenceProfile.SCORE)).toList());
    if (json) {
      JsonGenerator g = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeNumberField("reference_rows", drift.referenceRows());
      g.writeNumberField("rows", drift.windowRows());
      g.writeArrayFieldStart("features");
      for (FeatureDrift f : drift.features()) {
        g.writeStartObject();
        g.writeStringField("feature", f.name());
        g.writeNumberField("psi", f.psi());
        g.writeNumberField("jensen_shannon", f.jensenShannon());
        if (Double.isFinite(f.adjustedPValue())) {
          g.writeNumberField("adjusted_p", f.adjustedPValue());
        } else {
          g.writeNullField("adjusted_p");
        }
        g.writeBooleanField("drifted", f.drifted());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      g.flush();
      out.println();
    } else {
      out.printf(Locale.ROOT, "%,d rows against %,d reference rows: %d of %d features drifted%n", drift.windowRows(), drift.referenceRows(),
          drift.driftedFeatures().size(), drift.features().size());
      out.println("  feature                      PSI   band      JS  adjusted-p  drift");
      drift.features().stream().sorted((a, b) -> Double.compare(b.psi(), a.psi())).forEach(f -> out.printf(Locale.ROOT,
          "  %-24s %7.4f   %-8s %5.3f  %10.3g  %s%n", f.name(), f.psi(), f.psiBand().name().toLowerCase(Locale.ROOT), f.jensenShannon(),
          f.adjustedPValue(), f.drifted() ? "DRIFT" : ""));
    }
    if (reportFile != null) {
      ModelReport.builder("Drift of " + input.path().getFileName() + " against " + ref.getFileName())
          .drift(ref.getFileName() + " against " + input.path().getFileName(), drift).build().write(reportFile);
      err.println("scoring: report written to " + reportFile);
    }
    return 0;
  }
}
