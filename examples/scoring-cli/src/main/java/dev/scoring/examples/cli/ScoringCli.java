package dev.scoring.examples.cli;

import dev.scoring.api.ModelException;
import dev.scoring.api.RecordException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code scoring}: score, explain, train and evaluate CSV files with any scorer on the class path,
 * without writing Java.
 *
 * <p>Exit codes: 0 success; 1 bad data, model or file (one line on stderr); 2 bad usage; 3 a promotion
 * gate refused the candidate ({@code retrain}).
 */
@Command(
    name = "scoring",
    mixinStandardHelpOptions = true,
    versionProvider = Options.Version.class,
    description = "Score, explain, train and evaluate CSV files with any scorer.",
    subcommands = {ScoreCommand.class, TrainCommand.class, EvaluateCommand.class, DecideCommand.class, InspectCommand.class,
        ReviewCommand.class, AuditCommand.class, AnomaliesCommand.class, MatchCommand.class, DedupCommand.class, MonitorCommand.class,
        ModelsCommand.class, ShadowCommand.class, RetrainCommand.class,
        CommandLine.HelpCommand.class})
public final class ScoringCli {

  /** Exit code for bad data, models or files. */
  static final int FAILED = 1;

  private ScoringCli() {}

  /** Runs the tool and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the tool with these streams; returns the exit code (for tests and embedding). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new ScoringCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("scoring: " + message(e));
      return FAILED;
    });
    return cli.execute(args);
  }

  static String message(Throwable e) {
    if (e instanceof ModelException || e instanceof RecordException || e instanceof CliException) {
      return e.getMessage();
    }
    if (e instanceof UncheckedIOException u) {
      return u.getMessage() + ": " + u.getCause().getMessage();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
