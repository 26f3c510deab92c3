package dev.scoring.examples.cli;

import dev.scoring.lifecycle.DirectoryModelStore;
import dev.scoring.lifecycle.ModelProvenance;
import dev.scoring.lifecycle.ModelState;
import dev.scoring.lifecycle.ModelStore;
import dev.scoring.lifecycle.ModelVersion;
import dev.scoring.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scoring models}: list, add, promote and roll back model versions in a directory or database store. */
@Command(name = "models", mixinStandardHelpOptions = true,
    description = "Model versions in a model store (a directory, or a store database).",
    subcommands = {ModelsCommand.ListVersions.class, ModelsCommand.Add.class, ModelsCommand.Promote.class,
        ModelsCommand.Rollback.class})
final class ModelsCommand {

  private ModelsCommand() {}

  /** Where the model store is: {@code --dir DIR} or {@code --store FILE|URL}. */
  static final class Target {
    static final class Where {
      @Option(names = "--dir", paramLabel = "DIR", description = "A model store directory (created if missing).")
      @Nullable Path dir;

      @Option(names = "--store", paramLabel = "FILE|URL",
          description = "A store database: SQLite file or JDBC URL (jdbc:sqlite:..., jdbc:postgresql://...).")
      @Nullable String store;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Where where = new Where();

    /** Runs {@code work} on the model store, closing the database afterwards. */
    <T> T with(java.util.function.Function<ModelStore, T> work) {
      if (where.dir != null) {
        return work.apply(DirectoryModelStore.open(where.dir));
      }
      StoreOption o = new StoreOption();
      o.store = where.store;
      try (Store s = o.open()) {
        return work.apply(s.models());
      }
    }
  }

  static String describe(ModelVersion v) {
    ModelProvenance p = v.provenance();
    String metrics = p.metrics().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(" "));
    return String.format(Locale.ROOT, "%-20s %4d  %-9s %-10s %s  %s  %s%s%s", v.modelId(), v.version(),
        v.state().name().toLowerCase(Locale.ROOT), v.type(), v.digest().substring(0, Math.min(19, v.digest().length())),
        p.createdAt(), p.author(), metrics.isEmpty() ? "" : "  " + metrics,
        p.note().isEmpty() ? "" : "  \"" + p.note() + "\"");
  }

  /** {@code scoring models list}: every version of every model (or of one), with state and provenance. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List model versions: id, version, state, type, digest, when, who, metrics, note.")
  static final class ListVersions implements Callable<Integer> {
    @Spec @Nullable CommandSpec spec;
    @Mixin Target target = new Target();

    @Option(names = "--model", paramLabel = "ID", description = "Only this model id.")
    @Nullable String model;

    @Override
    public Integer call() {
      PrintWriter out = ScoreCommand.required(spec).commandLine().getOut();
      List<ModelVersion> versions = target.with(store -> {
        List<String> ids = model != null ? List.of(model) : store.modelIds();
        return ids.stream().flatMap(id -> store.versions(id).stream()).toList();
      });
      out.printf("%-20s %4s  %-9s %-10s %-19s  %s%n", "MODEL", "VER", "STATE", "TYPE", "DIGEST", "CREATED  AUTHOR  METRICS");
      versions.forEach(v -> out.println(describe(v)));
      out.println(versions.size() + " versions");
      return versions.isEmpty() && model != null ? ScoringCli.FAILED : 0;
    }
  }

  /** {@code scoring models add}: stores a model file as the next version of a model. */
  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Store a model file as the next version of a model (state candidate unless --state says otherwise).")
  static final class Add implements Callable<Integer> {
    @Spec @Nullable CommandSpec spec;
    @Mixin Target target = new Target();

    @Option(names = "--model", required = true, paramLabel = "ID", description = "The model id.")
    @Nullable String model;

    @Option(names = "--type", required = true, paramLabel = "TYPE",
        description = "The scorer type that loads it: rules, xgboost, lightgbm, logistic, onnx or a plugin's type.")
    @Nullable String type;

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "The model file.")
    @Nullable Path file;

    @Option(names = "--author", required = true, paramLabel = "NAME", description = "Who stores it.")
    @Nullable String author;

    @Option(names = "--training-data", paramLabel = "TEXT", description = "What data trained it.")
    String trainingData = "";

    @Option(names = "--metric", paramLabel = "NAME=VALUE", description = "An evaluation figure (repeatable).")
    Map<String, Double> metrics = Map.of();

    @Option(names = "--note", paramLabel = "TEXT", description = "A free note.")
    String note = "";

    @Option(names = "--state", paramLabel = "STATE", description = "candidate (default), shadow or champion.")
    String state = "candidate";

    @Override
    public Integer call() throws IOException {
      PrintWriter out = ScoreCommand.required(spec).commandLine().getOut();
      byte[] bytes = Files.readAllBytes(ScoreCommand.required(file));
      ModelProvenance p = ModelProvenance.of(ScoreCommand.required(author)).withTrainingData(trainingData)
          .withMetrics(metrics).withNote(note);
      ModelVersion v = target.with(store -> store.save(ScoreCommand.required(model), ScoreCommand.required(type),
          bytes, p, state(state)));
      out.println("stored " + describe(v));
      return 0;
    }
  }

  /** {@code scoring models promote}: makes a version the champion, retiring the previous one. */
  @Command(name = "promote", mixinStandardHelpOptions = true,
      description = "Make a version the champion (the previous champion is retired; rollback brings it back), "
          + "or move it to another state with --state.")
  static final class Promote implements Callable<Integer> {
    @Spec @Nullable CommandSpec spec;
    @Mixin Target target = new Target();

    @Option(names = "--model", required = true, paramLabel = "ID", description = "The model id.")
    @Nullable String model;

    @Option(names = "--version", required = true, paramLabel = "N", description = "The version number.")
    int version;

    @Option(names = "--state", paramLabel = "STATE", description = "champion (default), shadow, candidate or retired.")
    String state = "champion";

    @Override
    public Integer call() {
      PrintWriter out = ScoreCommand.required(spec).commandLine().getOut();
      ModelVersion v = target.with(store -> store.setState(ScoreCommand.required(model), version, state(state)));
      out.println(v.state().name().toLowerCase(Locale.ROOT) + ": " + describe(v));
      return 0;
    }
  }

  /** {@code scoring models rollback}: brings back the previous champion. */
  @Command(name = "rollback", mixinStandardHelpOptions = true,
      description = "Retire the current champion and make the previous champion the champion again.")
  static final class Rollback implements Callable<Integer> {
    @Spec @Nullable CommandSpec spec;
    @Mixin Target target = new Target();

    @Option(names = "--model", required = true, paramLabel = "ID", description = "The model id.")
    @Nullable String model;

    @Override
    public Integer call() {
      PrintWriter out = ScoreCommand.required(spec).commandLine().getOut();
      ModelVersion v = target.with(store -> store.rollback(ScoreCommand.required(model)));
      out.println("champion again: " + describe(v));
      return 0;
    }
  }

  static ModelState state(String name) {
    try {
      return ModelState.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CliException("unknown state '" + name + "': use candidate, shadow, champion or retired");
    }
  }
}
