package dev.scoring.examples.cli;

import dev.scoring.store.Store;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The {@code --store} option: a SQLite file or a JDBC URL of a scoring store. */
final class StoreOption {

  @Option(names = "--store", required = true, paramLabel = "FILE|URL",
      description = "The store: a SQLite file, or a JDBC URL (jdbc:sqlite:..., jdbc:postgresql://...).")
  @Nullable String store;

  /** Opens the store (creating or migrating its schema). */
  Store open() {
    String s = ScoreCommand.required(store);
    return s.startsWith("jdbc:") ? Store.url(s).open() : Store.sqlite(Path.of(s)).open();
  }
}
