package dev.scoring.benchmarks;

import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ReviewStatus;
import dev.scoring.review.LabelledExample;
import dev.scoring.review.Resolution;
import dev.scoring.review.ReviewItem;
import dev.scoring.review.ReviewTask;
import dev.scoring.store.JdbcReviewQueue;
import dev.scoring.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A reviewer's round trip on the durable queue: claim the next item (highest priority, oldest;
 * on PostgreSQL with {@code SKIP LOCKED}) and resolve it, the resolution and its labelled example
 * in one transaction: two commits per item. Before each iteration the queue is refilled (group
 * commit, not timed).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReviewBenchmark {

  /** {@code sqlite} or {@code postgresql} ({@code SCORING_PG_URL}). */
  @Param({"sqlite", "postgresql"})
  public String database;

  private static final int REFILL = 2000;
  private static final FeatureSchema SCHEMA = FeatureSchema.builder().number("amount").category("account").build();

  private Path dir;
  private Store store;
  private JdbcReviewQueue queue;
  private long offered;

  @Setup(Level.Trial)
  public void setUp() throws IOException, SQLException {
    dir = Files.createTempDirectory("review-bench");
    String url = database.equals("sqlite") ? "jdbc:sqlite:" + dir.resolve("bench.db") : StoreBenchmark.postgresSchema();
    store = Store.url(url).durability(Store.Durability.GROUP).open();
    queue = store.reviewQueue();
  }

  @Setup(Level.Iteration)
  public void refill() {
    long open = queue.size();
    while (open++ < REFILL) {
      long n = offered++;
      Decision d = new Decision("r-" + n, Action.review("sdr", "uncertain score"), Action.auto("fast-track"), 0.3,
          List.of(), List.of(), List.of("uncertain score"), false, ReviewStatus.QUEUED, Instant.now());
      queue.offer(new ReviewItem(d, Features.of(SCHEMA, Map.of("amount", (double) n, "account", "A-" + n))));
    }
    store.flush();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    store.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Claim the next item and resolve it. */
  @Benchmark
  public Object oursClaimResolve() {
    Optional<ReviewTask> t = queue.claim("sdr", "bench", Duration.ofMinutes(5));
    if (t.isEmpty()) {
      refill();
      return Boolean.FALSE;
    }
    LabelledExample e = queue.resolve(t.get().id(), new Resolution("bench", Action.route("ae"), "good-fit", "benchmark"));
    return e;
  }
}
