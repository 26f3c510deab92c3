package dev.scoring.examples.cli;

import dev.scoring.api.Features;
import dev.scoring.ml.logistic.LogisticModel;
import dev.scoring.ml.logistic.LogisticTrainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scoring train}: trains a model on a labelled CSV and saves it. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a model on a labelled CSV file and save it (type logistic: L2-regularised logistic regression).")
final class TrainCommand implements Callable<Integer> {

  @Spec
  @Nullable CommandSpec spec;

  @Option(names = "--type", defaultValue = "logistic", paramLabel = "TYPE", description = "The model type to train (default ${DEFAULT-VALUE}; the only one trained in-library).")
  String type = "logistic";

  @Mixin
  Options.InputFile input = new Options.InputFile();

  @Mixin
  Options.OutputFile output = new Options.OutputFile();

  @Mixin
  Options.FeatureColumns features = new Options.FeatureColumns();

  @Option(names = "--label", required = true, paramLabel = "COL", description = "The label column; rows with an empty label are skipped.")
  @Nullable String label;

  @Option(names = "--positive", paramLabel = "VALUE", description = "The positive label of a binary model (default: the greater label).")
  @Nullable String positive;

  @Option(names = "--l2", defaultValue = "1e-4", paramLabel = "X", description = "L2 penalty (default ${DEFAULT-VALUE}; 0 for an unpenalised fit with standard errors).")
  double l2;

  @Option(names = "--l1", defaultValue = "0", paramLabel = "X", description = "L1 penalty (binary models; default ${DEFAULT-VALUE}).")
  double l1;

  @Option(names = "--min-category-count", defaultValue = "10", paramLabel = "N", description = "Rarer category levels go to <other> (default ${DEFAULT-VALUE}).")
  int minCategoryCount;

  @Option(names = {"-q", "--quiet"}, description = "No progress bar, notes or summary on stderr (errors still go there).")
  boolean quiet;

  @Override
  public Integer call() throws IOException {
    if (!type.equals("logistic")) {
      throw new CliException("only --type logistic can be trained in the library; got '" + type + "'");
    }
    PrintWriter err = ScoreCommand.required(spec).commandLine().getErr();
    String labelName = ScoreCommand.required(label);
    long started = System.nanoTime();
    List<Features> rows = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    Columns columns;
    Progress progress = new Progress(err, !quiet && Progress.stderrIsTerminal());
    try (Input csv = input.open()) {
      int labelColumn = csv.column(labelName, "label");
      Set<String> skip = features.skip(csv, labelName);
      columns = Columns.bind(csv.name(), csv.header(), skip, features.declared(), null, csv.sample());
      if (!quiet) {
        columns.notes().forEach(n -> err.println("scoring: " + n));
      }
      long read = 0;
      for (Iterator<CSVRecord> it = csv.rows(); it.hasNext();) {
        CSVRecord r = it.next();
        if ((++read & 1023) == 0) {
          progress.update(read, csv::progress);
        }
        String y = labelColumn < r.size() ? r.get(labelColumn) : "";
        if (y.isEmpty()) {
          continue;
        }
        rows.add(columns.row(r));
        labels.add(y);
      }
    }
    progress.finish();
    if (rows.isEmpty()) {
      throw new CliException("no labelled rows in " + input.path());
    }
    LogisticTrainer.Builder b = LogisticTrainer.builder().l2(l2).l1(l1).minCategoryCount(minCategoryCount);
    if (positive != null) {
      b.positiveClass(positive);
    }
    LogisticModel model;
    try {
      model = b.build().train(rows, labels);
    } catch (IllegalArgumentException e) {
      throw new CliException("cannot train: " + e.getMessage(), e);
    }
    try (AtomicFile out = new AtomicFile(output.path())) {
      out.writer().write(new String(model.toJson(), StandardCharsets.UTF_8));
      out.commit();
    }
    if (!quiet) {
      err.printf(Locale.ROOT, "trained %s on %,d rows (%d features, %d columns, classes %s) in %.2f s -> %s%n", type, rows.size(),
        model.features().size(), model.columns().size(), model.classes(), (System.nanoTime() - started) / 1e9, output.path());
    }
    return 0;
  }
}
