package dev.scoring.examples.cli;

import dev.scoring.review.AuditVerifier;
import dev.scoring.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scoring audit verify}: checks an audit trail's hash chain. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Check audit trails.",
    subcommands = {AuditCommand.Verify.class})
final class AuditCommand {

  private AuditCommand() {}

  /** {@code scoring audit verify}: exit 0 if every chain verifies, 1 naming the first problem otherwise. */
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Verify the hash chain of a store's audit trail or of a JSON-lines audit file; names the first edited, removed, inserted, reordered or truncated record.")
  static final class Verify implements Callable<Integer> {
    @Spec @Nullable CommandSpec spec;

    static final class Target {
      @Option(names = "--store", paramLabel = "FILE|URL", description = "A store: SQLite file or JDBC URL.")
      @Nullable String store;

      @Option(names = "--file", paramLabel = "FILE", description = "A JSON-lines audit file (with FILE.head next to it).")
      @Nullable Path file;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target = new Target();

    @Override
    public Integer call() throws IOException {
      PrintWriter out = ScoreCommand.required(spec).commandLine().getOut();
      List<AuditVerifier.Result> results;
      if (target.file != null) {
        results = List.of(AuditVerifier.verifyFile(target.file));
      } else {
        StoreOption o = new StoreOption();
        o.store = target.store;
        try (Store s = o.open()) {
          results = s.verifyAudit();
        }
      }
      boolean ok = true;
      for (AuditVerifier.Result r : results) {
        out.println(r);
        ok &= r.ok();
      }
      if (results.isEmpty()) {
        out.println("no audit records");
      }
      return ok ? 0 : ScoringCli.FAILED;
    }
  }
}
