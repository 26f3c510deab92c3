package dev.scoring.examples.cli;

import dev.scoring.ml.matching.Candidate;
import dev.scoring.ml.matching.MatchField;
import dev.scoring.ml.matching.MatchIndex;
import dev.scoring.ml.matching.Matcher;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scoring match}: the best record of a table for each new record, with probability and reasons. */
@Command(name = "match", mixinStandardHelpOptions = true,
    description = "Find the best match in a table (e.g. accounts) for each record of a new-records file (e.g. leads).")
final class MatchCommand implements Callable<Integer> {

  @Spec
  @Nullable CommandSpec spec;

  @Mixin
  MatchOptions options = new MatchOptions();

  @Option(names = "--input", required = true, paramLabel = "CSV", description = "The new records (same column names for the fields).")
  @Nullable Path input;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = ScoreCommand.required(spec).commandLine().getErr();
    List<MatchField> fields = options.fields();
    MatchFiles.Table accounts = options.table(fields);
    MatchFiles.Table leads = MatchFiles.read(ScoreCommand.required(input), null, fields);
    Matcher matcher = options.matcher(fields, accounts);
    MatchIndex index = MatchIndex.build(matcher, accounts.records());
    Path target = options.write(leads, List.of("best_match", "probability", "reasons"), i -> {
      Optional<Candidate> best = index.best(leads.records().get(i));
      return List.of(best.map(c -> c.account().id()).orElse(""),
          best.map(c -> String.format(Locale.ROOT, "%.4f", c.probability())).orElse(""),
          best.map(c -> String.join("; ", c.result().reasons(3))).orElse(""));
    });
    err.printf("matched %,d records against %,d; wrote %s%n", leads.records().size(), accounts.records().size(), target);
    return 0;
  }
}
