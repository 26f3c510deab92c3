package dev.scoring.examples.cli;

import dev.scoring.ml.matching.Candidate;
import dev.scoring.ml.matching.MatchField;
import dev.scoring.ml.matching.MatchIndex;
import dev.scoring.ml.matching.Matcher;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code scoring match}: the best record of a table for each new record, with probability and reasons. */
@Command(name = "match", mixinStandardHelpOptions = true,
    description = "Find the best match in a table (e.g. accounts) for each record of a new-records file (e.g. leads).")
final class MatchCommand implements Callable<Integer> {

  @Spec
  @Nullable CommandSpec spec;

  @Option(names = "--table", required = true, paramLabel = "CSV", description = "The table to match against (header row).")
  @Nullable Path table;

  @Option(names = "--input", required = true, paramLabel = "CSV", description = "The new records (same column names for the fields).")
  @Nullable Path input;

  @Option(names = "--field", required = true, paramLabel = "COLUMN:TYPE",
      description = "A field to compare and its type (company, person, name, email, phone, address, postcode, domain, text, identifier, number, date, category); repeatable.")
  List<String> fieldSpecs = new ArrayList<>();

  @Option(names = "--id", paramLabel = "COLUMN", description = "The table's id column (default: the row number).")
  @Nullable String id;

  @Option(names = "--model", paramLabel = "FILE", description = "A matcher file; without it a Fellegi-Sunter model is estimated by EM on the table.")
  @Nullable Path model;

  @Option(names = "--out", required = true, paramLabel = "CSV", description = "Where to write the input rows with best_match, probability and reasons.")
  @Nullable Path out;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = ScoreCommand.required(spec).commandLine().getErr();
    List<MatchField> fields = MatchFiles.fields(fieldSpecs);
    MatchFiles.Table accounts = MatchFiles.read(ScoreCommand.required(table), id, fields);
    MatchFiles.Table leads = MatchFiles.read(ScoreCommand.required(input), null, fields);
    Matcher matcher = MatchFiles.matcher(model, fields, accounts.records());
    MatchIndex index = MatchIndex.build(matcher, accounts.records());
    Path target = ScoreCommand.required(out);
    try (Writer w = Files.newBufferedWriter(target, StandardCharsets.UTF_8); CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT)) {
      List<String> header = new ArrayList<>(leads.header());
      header.add("best_match");
      header.add("probability");
      header.add("reasons");
      p.printRecord(header);
      for (int i = 0; i < leads.records().size(); i++) {
        List<String> row = new ArrayList<>(leads.rows().get(i).values());
        Optional<Candidate> best = index.best(leads.records().get(i));
        row.add(best.map(c -> c.account().id()).orElse(""));
        row.add(best.map(c -> String.format(java.util.Locale.ROOT, "%.4f", c.probability())).orElse(""));
        row.add(best.map(c -> String.join("; ", c.result().reasons(3))).orElse(""));
        p.printRecord(row);
      }
    }
    err.printf("matched %,d records against %,d; wrote %s%n", leads.records().size(), accounts.records().size(), target);
    return 0;
  }
}
