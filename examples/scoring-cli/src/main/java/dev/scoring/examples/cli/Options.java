package dev.scoring.examples.cli;

import dev.scoring.api.ModelSource;
import dev.scoring.api.ScorerSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The option blocks several commands share, as picocli mixins, and the tool's version. */
final class Options {

  private Options() {}

  /** {@code --model}, {@code --type}, {@code --option}: a model file and how to load it. */
  static final class ModelFile {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The model file.")
    @Nullable Path model;

    @Option(names = "--type", paramLabel = "TYPE",
        description = "The scorer type (xgboost, lightgbm, onnx, logistic, rules, or a plugin's); inferred from the file when unambiguous.")
    @Nullable String type;

    @Option(names = "--option", paramLabel = "KEY=VALUE", description = "A scorer option, repeatable.")
    Map<String, String> options = new LinkedHashMap<>();

    Path path() {
      return required(model);
    }

    /** The given type, or the one the file's name and content tell. */
    String type() {
      return type != null ? ModelTypes.known(type) : ModelTypes.infer(path());
    }

    /** A spec for this model (id "model"), without a schema yet. */
    ScorerSpec.Builder spec() {
      return ScorerSpec.builder(type()).id("model").source(ModelSource.path(path())).options(options);
    }
  }

  /** {@code --input}, {@code --delimiter}: the CSV file a command reads. */
  static final class InputFile {
    @Option(names = "--input", required = true, paramLabel = "IN.csv", description = "The rows, as CSV with a header row.")
    @Nullable Path input;

    @Option(names = "--delimiter", paramLabel = "CHAR", description = "The input's delimiter (default: detected from the header: , ; or tab).")
    @Nullable Character delimiter;

    Path path() {
      return required(input);
    }

    Input open() {
      return new Input(path(), delimiter);
    }
  }

  /** {@code --exclude}, {@code --schema}: which columns are features, and their types. */
  static final class FeatureColumns {
    @Option(names = "--exclude", split = ",", paramLabel = "COLS", description = "Columns that are not features (ids, the label, leaky columns).")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--schema", paramLabel = "FILE",
        description = "Types (and names) for some or all features: 'NAME TYPE [from COLUMN]' per line; other columns are inferred (see README).")
    @Nullable Path schema;

    /** The excluded columns, each checked to exist, plus {@code more}. */
    Set<String> skip(Input csv, @Nullable String... more) {
      Set<String> skip = new HashSet<>();
      for (String e : exclude) {
        csv.column(e, "excluded");
        skip.add(e);
      }
      for (String m : more) {
        if (m != null) {
          skip.add(m);
        }
      }
      return skip;
    }

    Map<String, Columns.Declared> declared() {
      return schema == null ? Map.of() : Columns.readSchemaFile(schema);
    }
  }

  /** {@code --output}: the file a command writes, whole or not at all. */
  static final class OutputFile {
    @Option(names = "--output", required = true, paramLabel = "FILE", description = "Where to write the result (written whole, or not at all).")
    @Nullable Path output;

    Path path() {
      return required(output);
    }
  }

  /** {@code --id}: the column that names each row in the output. */
  static final class RowId {
    @Option(names = "--id", paramLabel = "COL", description = "A column to copy into the output as the row id (default: the row number).")
    @Nullable String id;
  }

  /**
   * The options and the handling {@code score} and {@code decide} share: a CSV file in, a file out,
   * the row id, the feature columns, and {@code --quiet}.
   */
  static final class CsvJob {
    @Mixin
    InputFile input = new InputFile();

    @Mixin
    OutputFile output = new OutputFile();

    @Mixin
    RowId rowId = new RowId();

    @Mixin
    FeatureColumns features = new FeatureColumns();

    @Option(names = {"-q", "--quiet"}, description = "No progress bar, notes or summary on stderr (errors still go there).")
    boolean quiet;

    /** The input's columns bound to features (the id column and the excluded ones left out), and the id column (-1 for none). */
    record Bound(Columns columns, int idColumn) {}

    /** Binds the input's columns to features (typed by the model's description if given); prints the notes unless quiet. */
    Bound bind(Input csv, dev.scoring.api.@Nullable ModelDescription description, java.io.PrintWriter err) {
      String id = rowId.id;
      Set<String> skip = features.skip(csv, id);
      int idColumn = id == null ? -1 : csv.column(id, "id");
      Columns columns = Columns.bind(csv.name(), csv.header(), skip, features.declared(), description, csv.sample());
      note(err, columns.notes());
      return new Bound(columns, idColumn);
    }

    /** The output's id for a row: the id column's value, else the record number. */
    static String rowId(org.apache.commons.csv.CSVRecord r, int idColumn) {
      return idColumn < 0 ? Long.toString(r.getRecordNumber()) : r.get(idColumn);
    }

    /** A progress bar on stderr when it is a terminal and not quiet. */
    Progress progress(java.io.PrintWriter err) {
      return new Progress(err, !quiet && Progress.stderrIsTerminal());
    }

    /** Notes ("scoring: ...") on stderr unless quiet. */
    void note(java.io.PrintWriter err, List<String> notes) {
      if (!quiet) {
        notes.forEach(n -> err.println("scoring: " + n));
      }
    }

    /** The closing summary line on stderr unless quiet. */
    void summary(java.io.PrintWriter err, String format, Object... args) {
      if (!quiet) {
        err.printf(java.util.Locale.ROOT, format + "%n", args);
      }
    }
  }

  /** The version of the build, from a resource Maven filters with the project version. */
  static final class Version implements IVersionProvider {
    static final String RESOURCE = "version.txt";

    @Override
    public String[] getVersion() {
      return new String[] {"scoring " + version()};
    }

    static String version() {
      try (InputStream in = Options.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("the build did not package " + RESOURCE);
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + RESOURCE, e);
      }
    }
  }

  static <T> T required(@Nullable T value) {
    if (value == null) {
      throw new IllegalStateException("a required option is missing");
    }
    return value;
  }
}
