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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code scoring score}: scores every row of a CSV file with one model, streaming. */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = "Score every row of a CSV file with a model (any registered type); streams, constant memory.")
final class ScoreCommand implements Callable<Integer> {

  @Spec
  @Nullable CommandSpec spec;

  @Mixin
  Options.ModelFile model = new Options.ModelFile();

  @Mixin
  Options.CsvJob job = new Options.CsvJob();

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

  private int[] keepColumns = new int[0];

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec().commandLine().getErr();
    if (batch < 1 || threads < 1 || top < 0) {
      throw new CliException("--batch and --threads must be at least 1, --top at least 0");
    }
    ScorerRegistry registry = ScorerRegistry.discover(ScoreCommand.class.getClassLoader());
    long started = System.nanoTime();
    long rows = 0;
    String id = job.rowId.id;
    ScorerSpec.Builder sb = model.spec();
    try (Input csv = job.input.open()) {
      if (keepInput) {
        keep = new ArrayList<>(csv.header());
        keep.remove(id);
      }
      keepColumns = new int[keep.size()];
      for (int k = 0; k < keepColumns.length; k++) {
        keepColumns[k] = csv.column(keep.get(k), "kept");
      }
      ModelDescription description = registry.describe(sb.build()).orElse(null);
      Options.CsvJob.Bound bound = job.bind(csv, description, err);
      Columns columns = bound.columns();
      int idColumn = bound.idColumn();
      ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads) : null;
      try (Scorer scorer = registry.load(sb.schema(columns.schema()).build());
          AtomicFile out = new AtomicFile(job.output.path())) {
        UnseenCategories unseen = new UnseenCategories(scorer, description, columns.schema());
        Progress progress = job.progress(err);
        CSVPrinter printer = new CSVPrinter(out.writer(), CSVFormat.RFC4180.builder().setRecordSeparator('\n').get());
        Writer writer = new Writer(printer, id == null ? "row" : id);
        List<CSVRecord> chunk = new ArrayList<>(batch);
        Iterator<CSVRecord> all = csv.rows();
        while (all.hasNext()) {
          chunk.add(all.next());
          if (chunk.size() == batch || !all.hasNext()) {
            rows += scoreChunk(scorer, columns, chunk, idColumn, writer, pool);
            unseen.count(chunk, columns);
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
        String warning = unseen.warning();
        if (warning != null) {
          err.println("scoring: warning: " + warning);
        }
      } finally {
        if (pool != null) {
          pool.shutdownNow();
        }
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    job.summary(err, "scored %,d rows in %.2f s (%,.0f rows/s) -> %s", rows, seconds, rows / Math.max(seconds, 1e-9), job.output.path());
    return 0;
  }

  private int scoreChunk(Scorer scorer, Columns columns, List<CSVRecord> chunk, int idColumn, Writer writer,
      @Nullable ExecutorService pool) throws InterruptedException {
    if (pool == null) {
      // one thread: one reused row, nothing kept per record
      MutableFeatures row = reusable(columns);
      for (CSVRecord r : chunk) {
        columns.fill(r, row);
        writer.write(Options.CsvJob.rowId(r, idColumn), kept(r), scorer.score(row), explain ? scorer.explain(row) : null);
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
      writer.write(Options.CsvJob.rowId(r, idColumn), kept(r), scores.get(i), explanations.get(i));
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
        throw new UncheckedIOException("cannot write " + job.output.path(), ex);
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
    return Options.required(value);
  }
}
