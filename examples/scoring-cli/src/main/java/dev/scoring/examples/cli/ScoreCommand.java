package dev.scoring.examples.cli;

import dev.scoring.api.Contribution;
import dev.scoring.api.Explanation;
import dev.scoring.api.Features;
import dev.scoring.api.ModelDescription;
import dev.scoring.api.ModelSource;
import dev.scoring.api.MutableFeatures;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerRegistry;
import dev.scoring.api.ScorerSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code scoring score}: scores every row of a CSV file with one model, streaming. */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = "Score every row of a CSV file with a model (any registered type); streams, constant memory.")
final class ScoreCommand implements Callable<Integer> {

  @Spec
  @Nullable CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "FILE", description = "The model file.")
  @Nullable Path model;

  @Option(names = "--type", paramLabel = "TYPE", description = "The scorer type (xgboost, lightgbm, onnx, logistic, rules, or a plugin's); inferred from the file when unambiguous.")
  @Nullable String type;

  @Option(names = "--input", required = true, paramLabel = "IN.csv", description = "The rows to score, with a header row.")
  @Nullable Path input;

  @Option(names = "--output", required = true, paramLabel = "OUT.csv", description = "Where to write the scores (written whole or not at all).")
  @Nullable Path output;

  @Option(names = "--id", paramLabel = "COL", description = "A column to copy into the output as the row id (default: the row number).")
  @Nullable String id;

  @Option(names = "--exclude", split = ",", paramLabel = "COLS", description = "Columns that are not features (e.g. the label).")
  List<String> exclude = new ArrayList<>();

  @Option(names = "--keep", split = ",", paramLabel = "COLS", description = "Input columns to copy into the output (e.g. the label and a segment, for evaluate).")
  List<String> keep = new ArrayList<>();

  @Option(names = "--keep-input", description = "Copy every input column into the output, before the score (to chain scorers).")
  boolean keepInput;

  @Option(names = "--score-column", defaultValue = "score", paramLabel = "NAME", description = "The score column's name (default ${DEFAULT-VALUE}).")
  String scoreColumn = "score";

  @Option(names = "--explain", description = "Add the top positive and negative contributions of each row.")
  boolean explain;

  @Option(names = "--top", defaultValue = "3", paramLabel = "K", description = "How many positive and negative contributions --explain writes (default ${DEFAULT-VALUE}).")
  int top;

  @Option(names = "--batch", defaultValue = "1000", paramLabel = "N", description = "Rows scored together (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--threads", defaultValue = "1", paramLabel = "N", description = "Scoring threads (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--schema", paramLabel = "FILE", description = "Feature names, types and source columns (see README).")
  @Nullable Path schemaFile;

  @Option(names = "--delimiter", paramLabel = "CHAR", description = "The input's delimiter (default: detected from the header: , ; or tab).")
  @Nullable Character delimiter;

  @Option(names = "--option", paramLabel = "KEY=VALUE", description = "A scorer option, repeatable.")
  Map<String, String> options = new LinkedHashMap<>();

  private int[] keepColumns = new int[0];

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec().commandLine().getErr();
    if (batch < 1 || threads < 1 || top < 0) {
      throw new CliException("--batch and --threads must be at least 1, --top at least 0");
    }
    Path modelPath = required(model);
    String modelType = type != null ? type : ModelTypes.infer(modelPath);
    ScorerRegistry registry = ScorerRegistry.discover(ScoreCommand.class.getClassLoader());
    long started = System.nanoTime();
    long rows = 0;
    try (Input csv = new Input(required(input), delimiter)) {
      Set<String> skip = new HashSet<>(exclude);
      int idColumn = id == null ? -1 : csv.column(id, "id");
      if (keepInput) {
        keep = new ArrayList<>(csv.header());
        keep.remove(id);
      }
      keepColumns = new int[keep.size()];
      for (int k = 0; k < keepColumns.length; k++) {
        keepColumns[k] = csv.column(keep.get(k), "kept");
      }
      if (id != null) {
        skip.add(id);
      }
      ScorerSpec.Builder sb = ScorerSpec.builder(modelType).id("model").source(ModelSource.path(modelPath)).options(options);
      ModelDescription description = registry.describe(sb.build()).orElse(null);
      Columns columns = Columns.bind(csv.header(), skip, schemaFile == null ? null : Columns.readSchemaFile(schemaFile),
          description, csv.sample());
      ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads) : null;
      try (Scorer scorer = registry.load(sb.schema(columns.schema()).build());
          AtomicFile out = new AtomicFile(required(output))) {
        Progress progress = new Progress(err, Progress.terminal());
        CSVPrinter printer = new CSVPrinter(out.writer(), CSVFormat.RFC4180.builder().setRecordSeparator('\n').get());
        Writer writer = new Writer(printer, id == null ? "row" : id);
        List<CSVRecord> chunk = new ArrayList<>(batch);
        Iterator<CSVRecord> all = csv.rows();
        while (all.hasNext()) {
          chunk.add(all.next());
          if (chunk.size() == batch || !all.hasNext()) {
            rows += scoreChunk(scorer, columns, chunk, idColumn, writer, pool);
            chunk.clear();
            long done = rows;
            progress.update(done, csv::progress);
          }
        }
        progress.finish();
        if (!writer.headerWritten) {
          writer.header(null);
        }
        printer.flush();
        out.commit();
      } finally {
        if (pool != null) {
          pool.shutdownNow();
        }
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    err.printf(Locale.ROOT, "scored %,d rows in %.2f s (%,.0f rows/s) -> %s%n", rows, seconds, rows / Math.max(seconds, 1e-9), output);
    return 0;
  }

  private int scoreChunk(Scorer scorer, Columns columns, List<CSVRecord> chunk, int idColumn, Writer writer,
      @Nullable ExecutorService pool) throws InterruptedException {
    if (pool == null) {
      // one thread: one reused row, nothing kept per record
      MutableFeatures row = reusable(columns);
      for (CSVRecord r : chunk) {
        columns.fill(r, row);
        writer.write(rowId(r, idColumn), kept(r), scorer.score(row), explain ? scorer.explain(row) : null);
      }
      return chunk.size();
    }
    List<Features> rows = new ArrayList<>(chunk.size());
    for (CSVRecord r : chunk) {
      rows.add(columns.row(r));
    }
    List<Score> scores;
    List<@Nullable Explanation> explanations = new ArrayList<>(rows.size());
    {
      int per = (rows.size() + threads - 1) / threads;
      List<Future<List<Score>>> parts = new ArrayList<>();
      List<Future<List<@Nullable Explanation>>> explained = new ArrayList<>();
      for (int from = 0; from < rows.size(); from += per) {
        List<Features> part = rows.subList(from, Math.min(rows.size(), from + per));
        parts.add(pool.submit(() -> scorer.scoreBatch(part)));
        explained.add(pool.submit(() -> {
          List<@Nullable Explanation> e = new ArrayList<>(part.size());
          for (Features row : part) {
            e.add(explain ? scorer.explain(row) : null);
          }
          return e;
        }));
      }
      scores = new ArrayList<>(rows.size());
      try {
        for (int i = 0; i < parts.size(); i++) {
          scores.addAll(parts.get(i).get());
          explanations.addAll(explained.get(i).get());
        }
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalStateException(e.getCause());
      }
    }
    for (int i = 0; i < chunk.size(); i++) {
      CSVRecord r = chunk.get(i);
      writer.write(rowId(r, idColumn), kept(r), scores.get(i), explanations.get(i));
    }
    return chunk.size();
  }

  private @Nullable MutableFeatures row;

  private MutableFeatures reusable(Columns columns) {
    MutableFeatures r = row;
    if (r == null) {
      r = Features.mutable(columns.schema());
      row = r;
    }
    return r;
  }

  private static String rowId(CSVRecord r, int idColumn) {
    return idColumn < 0 ? Long.toString(r.getRecordNumber()) : r.get(idColumn);
  }

  private List<String> kept(CSVRecord r) {
    if (keepColumns.length == 0) {
      return List.of();
    }
    List<String> kept = new ArrayList<>(keepColumns.length);
    for (int k : keepColumns) {
      kept.add(k < r.size() ? r.get(k) : "");
    }
    return kept;
  }

  /** Writes the output rows; the header follows the first score (labels and classes). */
  private final class Writer {
    private final CSVPrinter printer;
    private final String idName;
    boolean headerWritten;
    private int classes;
    private boolean labels;

    Writer(CSVPrinter printer, String idName) {
      this.printer = printer;
      this.idName = idName;
    }

    void header(@Nullable Score first) {
      List<String> h = new ArrayList<>(List.of(idName));
      h.addAll(keep);
      if (h.contains(scoreColumn)) {
        throw new CliException("the output would have two columns '" + scoreColumn + "'; name the score with --score-column");
      }
      h.add(scoreColumn);
      if (first != null) {
        labels = first.label() != null;
        classes = first.classes().size();
        if (labels) {
          h.add("label");
        }
        for (String c : first.classes()) {
          h.add("p_" + c);
        }
      }
      if (explain) {
        h.add("reasons");
      }
      print(h);
      headerWritten = true;
    }

    void write(String rowId, List<String> kept, Score s, @Nullable Explanation e) {
      if (!headerWritten) {
        header(s);
      }
      List<String> cells = new ArrayList<>(4 + classes + kept.size());
      cells.add(rowId);
      cells.addAll(kept);
      cells.add(Double.toString(s.value()));
      if (labels) {
        cells.add(s.label() == null ? "" : s.label());
      }
      for (int c = 0; c < classes; c++) {
        cells.add(c < s.classes().size() ? Double.toString(s.classProbability(c)) : "");
      }
      if (e != null) {
        List<String> reasons = new ArrayList<>();
        for (Contribution c : e.topPositive(top)) {
          reasons.add(c.reason());
        }
        for (Contribution c : e.topNegative(top)) {
          reasons.add(c.reason());
        }
        e.firedRules().forEach(r -> reasons.add(r.name() + ": " + r.outcome()));
        cells.add(String.join(" | ", reasons));
      }
      print(cells);
    }

    private void print(List<String> cells) {
      try {
        printer.printRecord(cells);
      } catch (IOException ex) {
        throw new UncheckedIOException("cannot write " + output, ex);
      }
    }
  }

  private CommandSpec spec() {
    if (spec == null) {
      throw new IllegalStateException("picocli did not inject the command spec");
    }
    return spec;
  }

  static <T> T required(@Nullable T value) {
    if (value == null) {
      throw new IllegalStateException("a required option is missing");
    }
    return value;
  }
}
