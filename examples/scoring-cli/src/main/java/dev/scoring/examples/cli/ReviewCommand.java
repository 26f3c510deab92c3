package dev.scoring.examples.cli;

import dev.scoring.api.Action;
import dev.scoring.review.LabelledExample;
import dev.scoring.review.Resolution;
import dev.scoring.review.ReviewFilter;
import dev.scoring.review.ReviewState;
import dev.scoring.review.ReviewTask;
import dev.scoring.store.Store;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scoring review list|claim|resolve}: the reviewer workflow over a store. */
@Command(name = "review", mixinStandardHelpOptions = true,
    description = "List, claim and resolve review items in a scoring store.",
    subcommands = {ReviewCommand.ListItems.class, ReviewCommand.Claim.class, ReviewCommand.Resolve.class})
final class ReviewCommand {

  private ReviewCommand() {}

  static void print(PrintWriter out, ReviewTask t, Instant now) {
    out.printf("%s  %-18s %-8s priority=%d claims=%d offered=%s%s  %s%n", t.id(), t.queue(), t.stateAt(now), t.priority(),
        t.claims(), t.offeredAt(), t.stateAt(now) == ReviewState.CLAIMED ? " by " + t.reviewer() + " until " + t.leaseUntil() : "",
        t.item().decision().action() instanceof Action.Review r ? r.reason() : t.item().decision().action().describe());
  }

  /** {@code scoring review list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List review items, highest priority and oldest first.")
  static final class ListItems implements Callable<Integer> {
    @Spec @Nullable CommandSpec spec;
    @Mixin StoreOption store = new StoreOption();

    @Option(names = "--queue", paramLabel = "QUEUE", description = "Only this queue.")
    @Nullable String queue;

    @Option(names = "--state", paramLabel = "STATE", description = "Only this state: ${COMPLETION-CANDIDATES}.")
    @Nullable ReviewState state;

    @Option(names = "--older-than", paramLabel = "DURATION", description = "Only items waiting longer, e.g. PT4H.")
    @Nullable Duration olderThan;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N items (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
      PrintWriter out = ScoreCommand.required(spec).commandLine().getOut();
      try (Store s = store.open()) {
        ReviewFilter f = ReviewFilter.all().withLimit(limit);
        if (queue != null) {
          f = f.withQueue(queue);
        }
        if (state != null) {
          f = f.withState(state);
        }
        Instant now = Instant.now();
        if (olderThan != null) {
          f = f.withOfferedBefore(now.minus(olderThan));
        }
        for (ReviewTask t : s.reviewQueue().list(f)) {
          print(out, t, now);
        }
        out.printf("%d items match; %d open in all queues%n", s.reviewQueue().count(f), s.reviewQueue().size());
      }
      return 0;
    }
  }

  /** {@code scoring review claim}. */
  @Command(name = "claim", mixinStandardHelpOptions = true, description = "Claim the next item of a queue for a reviewer.")
  static final class Claim implements Callable<Integer> {
    @Spec @Nullable CommandSpec spec;
    @Mixin StoreOption store = new StoreOption();

    @Option(names = "--queue", required = true, paramLabel = "QUEUE", description = "The queue.")
    @Nullable String queue;

    @Option(names = "--reviewer", required = true, paramLabel = "NAME", description = "Who claims.")
    @Nullable String reviewer;

    @Option(names = "--lease", paramLabel = "DURATION", defaultValue = "PT15M", description = "How long the claim holds (default ${DEFAULT-VALUE}).")
    Duration lease = Duration.ofMinutes(15);

    @Override
    public Integer call() {
      PrintWriter out = ScoreCommand.required(spec).commandLine().getOut();
      try (Store s = store.open()) {
        Optional<ReviewTask> t = s.reviewQueue().claim(ScoreCommand.required(queue), ScoreCommand.required(reviewer), lease);
        if (t.isEmpty()) {
          out.println("nothing waiting in " + queue);
          return 0;
        }
        print(out, t.get(), Instant.now());
        out.println("  input: " + t.get().item().input().toMap());
        for (String r : t.get().item().decision().reasons()) {
          out.println("  - " + r);
        }
      }
      return 0;
    }
  }

  /** {@code scoring review resolve}. */
  @Command(name = "resolve", mixinStandardHelpOptions = true,
      description = "Resolve a claimed item; the resolution becomes a labelled example in the feedback log.")
  static final class Resolve implements Callable<Integer> {
    @Spec @Nullable CommandSpec spec;
    @Mixin StoreOption store = new StoreOption();

    @Option(names = "--id", required = true, paramLabel = "DECISION", description = "The item's decision id.")
    @Nullable String id;

    @Option(names = "--reviewer", required = true, paramLabel = "NAME", description = "Who resolves (must hold the claim).")
    @Nullable String reviewer;

    @Option(names = "--route", paramLabel = "TEAM", description = "Route the record to this team.")
    @Nullable String route;

    @Option(names = "--auto", paramLabel = "ACTION", description = "Take this automatic action.")
    @Nullable String auto;

    @Option(names = "--negative", paramLabel = "ACTION", description = "Take this negative action (e.g. disqualify).")
    @Nullable String negative;

    @Option(names = "--label", required = true, paramLabel = "LABEL", description = "The label for retraining, e.g. good-fit.")
    @Nullable String label;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why.")
    @Nullable String reason;

    @Override
    public Integer call() {
      PrintWriter out = ScoreCommand.required(spec).commandLine().getOut();
      int given = (route != null ? 1 : 0) + (auto != null ? 1 : 0) + (negative != null ? 1 : 0);
      if (given != 1) {
        throw new CliException("give exactly one of --route, --auto, --negative");
      }
      Action action = route != null ? Action.route(route) : auto != null ? Action.auto(auto) : Action.negative(ScoreCommand.required(negative));
      try (Store s = store.open()) {
        LabelledExample e = s.reviewQueue().resolve(ScoreCommand.required(id),
            new Resolution(ScoreCommand.required(reviewer), action, ScoreCommand.required(label), ScoreCommand.required(reason)));
        out.printf("resolved %s: %s -> %s, label %s; %d labelled examples in the feedback log%n", e.decisionId(),
            e.originalAction().describe(), e.action().describe(), e.label(), s.feedback().count());
      } catch (IllegalStateException | java.util.NoSuchElementException e) {
        throw new CliException(e.getMessage());
      }
      return 0;
    }
  }
}
