package dev.scoring.examples.cli;

import dev.scoring.ml.matching.MatchField;
import dev.scoring.ml.matching.Matcher;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The options {@code match} and {@code dedup} share (a picocli mixin): the table, its fields and id, the model, the output. */
final class MatchOptions {

  @Option(names = "--table", required = true, paramLabel = "CSV",
      description = "The table (header row): for match, the table to match against (e.g. accounts).")
  @Nullable Path table;

  @Option(names = "--field", required = true, paramLabel = "COLUMN:TYPE",
      description = "A field to compare and its type (company, person, name, email, phone, address, postcode, domain, text, identifier, number, date, category); repeatable.")
  List<String> fieldSpecs = new ArrayList<>();

  @Option(names = "--id", paramLabel = "COLUMN", description = "The table's id column (default: the row number).")
  @Nullable String id;

  @Option(names = "--model", paramLabel = "FILE", description = "A matcher file; without it a Fellegi-Sunter model is estimated by EM on the table.")
  @Nullable Path model;

  @Option(names = "--out", required = true, paramLabel = "CSV", description = "Where to write the rows with the results.")
  @Nullable Path out;

  /** The fields of the {@code --field} options. */
  List<MatchField> fields() {
    return MatchFiles.fields(fieldSpecs);
  }

  /** The {@code --table}, with ids from {@code --id}. */
  MatchFiles.Table table(List<MatchField> fields) throws IOException {
    return MatchFiles.read(ScoreCommand.required(table), id, fields);
  }

  /** The {@code --model} matcher, or one estimated by EM on {@code table}. */
  Matcher matcher(List<MatchField> fields, MatchFiles.Table t) throws IOException {
    return MatchFiles.matcher(model, fields, t.records());
  }

  /** Writes {@code t}'s rows to {@code --out}, each followed by the cells {@code extra} gives for its index, under {@code header} + {@code columns}; returns the file. */
  Path write(MatchFiles.Table t, List<String> columns, java.util.function.IntFunction<List<String>> extra) throws IOException {
    Path target = ScoreCommand.required(out);
    try (Writer w = Files.newBufferedWriter(target, StandardCharsets.UTF_8); CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT)) {
      List<String> header = new ArrayList<>(t.header());
      header.addAll(columns);
      p.printRecord(header);
      for (int i = 0; i < t.records().size(); i++) {
        List<String> row = new ArrayList<>(t.rows().get(i).values());
        row.addAll(extra.apply(i));
        p.printRecord(row);
      }
    }
    return target;
  }
}
