package dev.scoring.examples.cli;

import dev.scoring.ml.matching.Blocking;
import dev.scoring.ml.matching.Clustering;
import dev.scoring.ml.matching.Deduplicator;
import dev.scoring.ml.matching.MatchField;
import dev.scoring.ml.matching.Matcher;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scoring dedup}: clusters of one table, an entity id per row. */
@Command(name = "dedup", mixinStandardHelpOptions = true,
    description = "Find the duplicates in a table: blocking, pair scoring, clustering; writes an entity id per row.")
final class DedupCommand implements Callable<Integer> {

  @Spec
  @Nullable CommandSpec spec;

  @Mixin
  MatchOptions options = new MatchOptions();

  @Option(names = "--threshold", defaultValue = "0.9", description = "The least match probability that links two rows (default ${DEFAULT-VALUE}).")
  double threshold;

  @Option(names = "--max-cluster", defaultValue = "50", description = "The largest entity (default ${DEFAULT-VALUE}).")
  int maxCluster;

  @Option(names = {"-q", "--quiet"}, description = "No progress bar or summary on stderr (errors still go there).")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = ScoreCommand.required(spec).commandLine().getErr();
    List<MatchField> fields = options.fields();
    MatchFiles.Table t = options.table(fields);
    Matcher matcher = options.matcher(fields, t);
    Clustering clustering;
    try {
      clustering = new Clustering(threshold, maxCluster, 0.0);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
    Progress progress = new Progress(err, !quiet && Progress.stderrIsTerminal(), "pairs");
    Deduplicator.Result r = new Deduplicator(matcher.withTokenWeights(t.records()), Blocking.forFields(fields), clustering)
        .run(t.records(), (scored, total) -> progress.update(scored, () -> (double) scored / total));
    progress.finish();
    Path target = options.write(t, List.of("entity_id"), i -> List.of(t.records().get(r.entities()[i]).id()));
    if (!quiet) {
      err.printf("%,d rows, %,d candidate pairs, %,d entities; wrote %s%n", t.records().size(), r.pairs().size(), r.entityCount(), target);
    }
    return 0;
  }
}
