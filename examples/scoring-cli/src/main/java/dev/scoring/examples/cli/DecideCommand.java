package dev.scoring.examples.cli;

import dev.scoring.api.Features;
import dev.scoring.api.MutableFeatures;
import dev.scoring.api.ScorerRegistry;
import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import dev.scoring.decision.DecisionPipeline;
import dev.scoring.review.ReviewItem;
import dev.scoring.review.ReviewQueue;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scoring decide}: runs a whole decision pipeline over a CSV file. */
@Command(name = "decide", mixinStandardHelpOptions = true,
    description = "Run a decision pipeline (rules, models, combiner, guardrails; see the pipeline file format) over a CSV file.")
final class DecideCommand implements Callable<Integer> {

  @Spec
  @Nullable CommandSpec spec;

  @Option(names = "--pipeline", required = true, paramLabel = "FILE", description = "The pipeline file.")
  @Nullable Path pipelineFile;

  @Mixin
  Options.CsvJob job = new Options.CsvJob();

  /** Counts reviews and forgets them: the output file is the review list here. */
  private static final class CountingQueue implements ReviewQueue {
    long offered;

    @Override
    public boolean offer(ReviewItem item) {
      offered++;
      return true;
    }

    @Override
    public Optional<ReviewItem> poll() {
      return Optional.empty();
    }

    @Override
    public int size() {
      return 0;
    }
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = ScoreCommand.required(spec).commandLine().getOut();
    PrintWriter err = ScoreCommand.required(spec).commandLine().getErr();
    long started = System.nanoTime();
    Map<String, Integer> byAction = new TreeMap<>();
    Map<String, Integer> byReason = new TreeMap<>();
    long rows = 0;
    long fallbacks = 0;
    String id = job.rowId.id;
    try (Input csv = job.input.open()) {
      Options.CsvJob.Bound bound = job.bind(csv, null, err);
      Columns columns = bound.columns();
      int idColumn = bound.idColumn();
      DecisionPipeline pipeline = PipelineFile.load(ScoreCommand.required(pipelineFile), columns.schema(),
          ScorerRegistry.discover(DecideCommand.class.getClassLoader()), new CountingQueue(), record -> {});
      MutableFeatures row = Features.mutable(columns.schema());
      Progress progress = job.progress(err);
      try (AtomicFile file = new AtomicFile(job.output.path())) {
        CSVPrinter printer = new CSVPrinter(file.writer(), CSVFormat.RFC4180.builder().setRecordSeparator('\n').get());
        printer.printRecord(id == null ? "row" : id, "action", "target", "review", "score", "fallback", "reasons");
        for (Iterator<CSVRecord> it = csv.rows(); it.hasNext();) {
          CSVRecord r = it.next();
          columns.fill(r, row);
          Decision d = pipeline.decide(row);
          printer.printRecord(Options.CsvJob.rowId(r, idColumn), kind(d.action()), target(d.action()),
              d.requiresReview(), Double.isNaN(d.score()) ? "" : Double.toString(d.score()), d.fallback(), String.join(" | ", d.reasons()));
          rows++;
          fallbacks += d.fallback() ? 1 : 0;
          byAction.merge(kind(d.action()) + " " + target(d.action()), 1, Integer::sum);
          if (d.action() instanceof Action.Review review) {
            for (String reason : review.reason().split("; ")) {
              byReason.merge(reason, 1, Integer::sum);
            }
          }
          if ((rows & 1023) == 0) {
            progress.update(rows, csv::progress);
          }
        }
        progress.finish();
        printer.flush();
        file.commit();
      }
    }
    long reviews = byAction.entrySet().stream().filter(e -> e.getKey().startsWith("review ")).mapToLong(Map.Entry::getValue).sum();
    out.printf(Locale.ROOT, "%,d records: %,d automatic or routed, %,d to review (%,d after a scorer failed)%n", rows, rows - reviews,
        reviews, fallbacks);
    for (Map.Entry<String, Integer> e : byAction.entrySet()) {
      out.printf(Locale.ROOT, "  %-40s %,8d%n", e.getKey(), e.getValue());
    }
    if (!byReason.isEmpty()) {
      out.println("review reasons:");
      Map<String, Integer> sorted = new LinkedHashMap<>();
      byReason.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(10)
          .forEach(e -> sorted.put(e.getKey(), e.getValue()));
      sorted.forEach((k, v) -> out.printf(Locale.ROOT, "  %,8d  %s%n", v, k.length() > 100 ? k.substring(0, 97) + "..." : k));
    }
    job.summary(err, "decided %,d rows in %.2f s -> %s", rows, (System.nanoTime() - started) / 1e9, job.output.path());
    return 0;
  }

  private static String kind(Action a) {
    if (a instanceof Action.Auto auto) {
      return auto.negative() ? "negative" : "auto";
    }
    return a instanceof Action.Route ? "route" : "review";
  }

  private static String target(Action a) {
    if (a instanceof Action.Auto auto) {
      return auto.name();
    }
    if (a instanceof Action.Route route) {
      return route.team();
    }
    return ((Action.Review) a).queue();
  }
}
