package dev.scoring.examples.cli;

import dev.scoring.ml.matching.Blocking;
import dev.scoring.ml.matching.Clustering;
import dev.scoring.ml.matching.Deduplicator;
import dev.scoring.ml.matching.MatchField;
import dev.scoring.ml.matching.Matcher;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code scoring dedup}: clusters of one table, an entity id per row. */
@Command(name = "dedup", mixinStandardHelpOptions = true,
    description = "Find the duplicates in a table: blocking, pair scoring, clustering; writes an entity id per row.")
final class DedupCommand implements Callable<Integer> {

  @Spec
  @Nullable CommandSpec spec;

  @Option(names = "--table", required = true, paramLabel = "CSV", description = "The table (header row).")
  @Nullable Path table;

  @Option(names = "--field", required = true, paramLabel = "COLUMN:TYPE", description = "A field to compare and its type; repeatable.")
  List<String> fieldSpecs = new ArrayList<>();

  @Option(names = "--id", paramLabel = "COLUMN", description = "The id column (default: the row number).")
  @Nullable String id;

  @Option(names = "--model", paramLabel = "FILE", description = "A matcher file; without it a Fellegi-Sunter model is estimated by EM on the table.")
  @Nullable Path model;

  @Option(names = "--threshold", defaultValue = "0.9", description = "The least match probability that links two rows (default ${DEFAULT-VALUE}).")
  double threshold;

  @Option(names = "--max-cluster", defaultValue = "50", description = "The largest entity (default ${DEFAULT-VALUE}).")
  int maxCluster;

  @Option(names = "--out", required = true, paramLabel = "CSV", description = "Where to write the rows with entity_id.")
  @Nullable Path out;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = ScoreCommand.required(spec).commandLine().getErr();
    List<MatchField> fields = MatchFiles.fields(fieldSpecs);
    MatchFiles.Table t = MatchFiles.read(ScoreCommand.required(table), id, fields);
    Matcher matcher = MatchFiles.matcher(model, fields, t.records());
    Clustering clustering;
    try {
      clustering = new Clustering(threshold, maxCluster, 0.0);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
    Deduplicator.Result r = new Deduplicator(matcher.withTokenWeights(t.records()), Blocking.forFields(fields), clustering)
        .run(t.records());
    Path target = ScoreCommand.required(out);
    try (Writer w = Files.newBufferedWriter(target, StandardCharsets.UTF_8); CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT)) {
      List<String> header = new ArrayList<>(t.header());
      header.add("entity_id");
      p.printRecord(header);
      for (int i = 0; i < t.records().size(); i++) {
        List<String> row = new ArrayList<>(t.rows().get(i).values());
        row.add(t.records().get(r.entities()[i]).id());
        p.printRecord(row);
      }
    }
    err.printf("%,d rows, %,d candidate pairs, %,d entities; wrote %s%n", t.records().size(), r.pairs().size(), r.entityCount(), target);
    return 0;
  }
}
