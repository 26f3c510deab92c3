package dev.scoring.benchmarks;

import dev.scoring.api.Decision;
import dev.scoring.api.Features;
import dev.scoring.api.ReviewStatus;
import dev.scoring.decision.DecisionPipeline;
import dev.scoring.store.Store;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * The decision of {@link DecisionBenchmark} (50 rules, XGBoost 100 x 6, the same policy, no
 * explanations) with its audit record and review item written to a durable {@link Store}:
 * SQLite (WAL, {@code synchronous=FULL}) or PostgreSQL ({@code SCORING_PG_URL}; .ci/run starts
 * one), synchronous or group commit. Compare {@code ours} with {@code DecisionBenchmark.ours} of
 * the same run for what durability costs. Group-commit iterations end with a flush (not timed);
 * the pending buffer is bounded, so a steady state measures what the writer commits.
 * Reviewers' claim and resolve: {@link ReviewBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StoreBenchmark {

  /** The database and durability: {@code sqlite-sync}, {@code sqlite-group}, {@code postgresql-sync}, {@code postgresql-group}. */
  @Param({"sqlite-sync", "sqlite-group", "postgresql-sync", "postgresql-group"})
  public String store;

  private static final int ROWS = 1024;

  private Path dir;
  private Store db;
  private DecisionPipeline pipeline;
  private Features[] rows;

  @Setup(Level.Trial)
  public void setUp() throws IOException, SQLException {
    BenchData data = BenchData.holdout(ROWS);
    rows = data.rows;
    dir = Files.createTempDirectory("store-bench");
    String[] parts = store.split("-");
    String url = switch (parts[0]) {
      case "sqlite" -> "jdbc:sqlite:" + dir.resolve("bench.db");
      case "postgresql" -> postgresSchema();
      default -> throw new IllegalArgumentException("store must be sqlite-… or postgresql-…: " + store);
    };
    db = Store.url(url).durability(parts[1].equals("group") ? Store.Durability.GROUP : Store.Durability.SYNCHRONOUS)
        .chain("bench").open();
    pipeline = DecisionPipeline.builder(data.schema)
        .rules(DecisionBenchmark.rules(data, "rules50.rules"))
        .scorer(data.ours("xgb_100x6.json"))
        .policy(DecisionBenchmark.policy(data.schema.names().indexOf("company_size_log10")))
        .reviewQueue(db.reviewQueue())
        .audit(db.audit())
        .explainReviews(0)
        .build();
    int reviews = 0;
    int checked = 200;
    for (int i = 0; i < checked; i++) {
      Decision d = pipeline.decide(rows[i]);
      if (d.review() == ReviewStatus.STORE_FAILED) {
        throw new IllegalStateException("the store failed: " + d.reasons());
      }
      reviews += d.requiresReview() ? 1 : 0;
    }
    db.flush();
    System.out.printf("%n[StoreBenchmark] %s: of the first %d rows %d go to review; the audit verifies: %s%n",
        store, checked, reviews, db.verifyAudit());
  }

  /** A fresh PostgreSQL schema on the server of {@code SCORING_PG_URL}. */
  static String postgresSchema() throws SQLException {
    String url = System.getenv("SCORING_PG_URL");
    if (url == null || url.isBlank()) {
      throw new IllegalStateException("set SCORING_PG_URL to a PostgreSQL server (.ci/postgres.sh starts one)");
    }
    String schema = "bench_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 1_000_000;
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("create schema " + schema);
    }
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  private long cpuAtStart;
  private long writerCpuAtStart;
  private long decisionsAtStart;

  /** Notes the CPU time and audit head before an iteration (not timed). */
  @Setup(Level.Iteration)
  public void noteCpu() {
    cpuAtStart = processCpuNanos();
    writerCpuAtStart = writerCpuNanos();
    decisionsAtStart = db.auditHead().seq();
  }

  /**
   * Flushes, then prints the CPU time per decision of the iteration: of the whole process (every
   * thread, GC and JIT included) and of the group-commit writer thread. Unlike the time per
   * operation this hardly depends on what else runs on the machine.
   */
  @TearDown(Level.Iteration)
  public void flush() {
    db.flush();
    long decisions = db.auditHead().seq() - decisionsAtStart;
    if (decisions > 0) {
      System.out.printf("%n[StoreBenchmark] %s: %,d decisions, CPU per decision: process %.1f us, writer thread %.1f us%n",
          store, decisions, (processCpuNanos() - cpuAtStart) / 1e3 / decisions,
          (writerCpuNanos() - writerCpuAtStart) / 1e3 / decisions);
    }
  }

  private static long processCpuNanos() {
    return ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime();
  }

  /** The CPU time of the group-commit writer thread(s) so far (0 in synchronous mode). */
  private static long writerCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("scoring-store group commit")) {
        sum += Math.max(0, threads.getThreadCpuTime(t.getId()));
      }
    }
    return sum;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    db.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** One decision, audited (and queued if it needs review) in the store, one thread. */
  @Benchmark
  public Decision ours(DecisionBenchmark.Cursor c) {
    return pipeline.decide(rows[c.next++ & (ROWS - 1)]);
  }

  /** One decision in each of two threads sharing the pipeline and the store. */
  @Benchmark
  @Threads(2)
  public Decision oursTwoThreads(DecisionBenchmark.Cursor c) {
    return pipeline.decide(rows[c.next++ & (ROWS - 1)]);
  }

}
