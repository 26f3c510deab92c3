package dev.scoring.benchmarks;

import dev.scoring.api.Features;
import dev.scoring.api.Scorer;
import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import dev.scoring.decision.DecisionPipeline;
import dev.scoring.decision.GuardrailPolicy;
import dev.scoring.review.AuditRecord;
import dev.scoring.review.AuditSink;
import dev.scoring.review.ReviewItem;
import dev.scoring.review.ReviewQueue;
import dev.scoring.rules.RuleSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The whole decision for one lead: the 50-rule stage ({@code rules50.rules}: scorecard points,
 * first-match routes that decide, review flags), our XGBoost tree scorer ({@code xgb_100x6.json}),
 * the guardrail policy (bands with an uncertainty band, a high-impact predicate), an in-memory
 * audit sink and an in-memory review queue, over the holdout rows taken in turn. Both sinks keep
 * the most recent {@code keep} items in lock-free rings (an unbounded list would grow by millions
 * of records per run and measure the garbage collector; a full bounded queue would skip the
 * enqueue).
 *
 * <p>{@code ours}: one thread; {@code oursTwoThreads}: two threads sharing the one pipeline (JMH
 * reports the average time per decision in each thread; the scaling ratio is {@code 2 x ours /
 * oursTwoThreads}, printed by {@code Summarize}). Setup checks that every decision that reached
 * the scorer carries exactly the tree scorer's own value, and prints how the rows split; the
 * {@code rowSet} parameter picks all rows or only those that reach the trees.
 *
 * <p>Run: {@code mvn -B -q -o -pl scoring-benchmarks -am package -DskipTests && java -jar
 * scoring-benchmarks/target/benchmarks.jar DecisionBenchmark -f 1 -wi 3 -w 1 -i 5 -r 1 -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DecisionBenchmark {

  /** The rule file, a class-path resource next to this class. */
  @Param({"rules50.rules"})
  public String rules;

  /** The tree model under {@code bench/}. */
  @Param({"xgb_100x6.json"})
  public String model;

  /** Holdout rows cycled through (a power of two). */
  @Param({"1024"})
  public int rowCount;

  /**
   * Which rows: {@code scored}, only the holdout rows no route rule decides (each decision runs the
   * rules, the trees, the policy and the sinks; repeated to fill {@code rowCount}), or {@code all}
   * the first {@code rowCount} holdout rows (most are routed by a rule and never reach the trees).
   */
  @Param({"scored", "all"})
  public String rowSet;

  /**
   * The pipeline's {@code explainReviews(topK)}: {@code 0} (the pipeline's default) decides without
   * explanations; {@code 3} (the default before issue 15) adds the top TreeSHAP factors to every
   * decision sent to review, which costs a full TreeSHAP of the row for those rows.
   */
  @Param({"0", "3"})
  public int explainReviews;

  /**
   * How the pipeline calls the tree scorer: {@code direct} on the deciding thread (budget checked on
   * return), or {@code executor} on a two-thread pool with a one-second budget as a real deadline
   * ({@code DecisionPipeline.Builder.scorer(scorer, executor)}): the deadline mode's cost is the
   * difference.
   */
  @Param({"direct", "executor"})
  public String call;

  private java.util.concurrent.ExecutorService pool;

  /** Audit records and review items the in-memory sinks keep (the most recent ones). */
  @Param({"4096"})
  public int keep;

  private DecisionPipeline pipeline;
  private Features[] rows;

  /** Each thread's position in the rows. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    @Setup(Level.Trial)
    public void setUp() {
      next = (int) (Thread.currentThread().getId() * 257);
    }
  }

  /** Keeps the most recent records in memory; lock-free, thread-safe. */
  static final class RingAuditSink implements AuditSink {
    private final AtomicReferenceArray<AuditRecord> ring;
    private final AtomicLong count = new AtomicLong();

    RingAuditSink(int keep) {
      ring = new AtomicReferenceArray<>(keep);
    }

    @Override
    public void record(AuditRecord record) {
      ring.lazySet((int) (count.getAndIncrement() % ring.length()), record);
    }
  }

  /** A review queue keeping the most recent items in memory (older ones are overwritten); lock-free. */
  static final class RingReviewQueue implements ReviewQueue {
    private final AtomicReferenceArray<ReviewItem> ring;
    private final AtomicLong count = new AtomicLong();

    RingReviewQueue(int keep) {
      ring = new AtomicReferenceArray<>(keep);
    }

    @Override
    public boolean offer(ReviewItem item) {
      ring.lazySet((int) (count.getAndIncrement() % ring.length()), item);
      return true;
    }

    @Override
    public Optional<ReviewItem> poll() {
      return Optional.empty();
    }

    @Override
    public int size() {
      return (int) Math.min(count.get(), ring.length());
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    if (Integer.bitCount(rowCount) != 1) {
      throw new IllegalArgumentException("rowCount must be a power of two: " + rowCount);
    }
    BenchData data = BenchData.holdout(rowCount);
    rows = data.rows;
    RuleSet ruleSet = rules(data, rules);
    Scorer trees = data.ours(model);
    int size = data.schema.names().indexOf("company_size_log10");
    DecisionPipeline.Builder builder = DecisionPipeline.builder(data.schema).rules(ruleSet);
    if (call.equals("executor")) {
      pool = java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "decision-benchmark-scorer");
        t.setDaemon(true);
        return t;
      });
      builder.scorer(trees, pool).timeBudget(java.time.Duration.ofSeconds(1));
    } else if (call.equals("direct")) {
      builder.scorer(trees);
    } else {
      throw new IllegalArgumentException("call must be direct or executor: " + call);
    }
    pipeline = builder
        .policy(policy(size))
        .reviewQueue(new RingReviewQueue(keep))
        .audit(new RingAuditSink(keep))
        .explainReviews(explainReviews)
        .build();
    if (!rowSet.equals("scored") && !rowSet.equals("all")) {
      throw new IllegalArgumentException("rowSet must be scored or all: " + rowSet);
    }
    int scored = 0;
    int review = 0;
    java.util.List<Features> reachTrees = new java.util.ArrayList<>();
    for (Features row : rows) {
      Decision d = pipeline.decide(row);
      if (!d.scores().isEmpty()) {
        scored++;
        reachTrees.add(row);
        double expected = trees.scoreValue(row);
        double got = d.scores().get(0).value();
        if (got != expected) {
          throw new IllegalStateException("the pipeline's score " + got + " differs from the tree scorer's " + expected);
        }
      }
      if (d.requiresReview()) {
        review++;
      }
    }
    if (scored == 0) {
      throw new IllegalStateException("no row reached the tree scorer: the benchmark would measure the rules only");
    }
    System.out.printf("%n[DecisionBenchmark] of %d rows: %d scored by the trees (the rest decided by a route rule), %d sent to review%n",
        rowCount, scored, review);
    if (rowSet.equals("scored")) {
      for (int i = 0; i < rowCount; i++) {
        rows[i] = reachTrees.get(i % reachTrees.size());
      }
    }
  }

  /** Stops the scorer pool of the executor mode. */
  @org.openjdk.jmh.annotations.TearDown(Level.Trial)
  public void tearDown() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  /** The benchmarks' guardrail policy: bands with an uncertainty band, and enterprise accounts always reviewed. */
  static GuardrailPolicy policy(int companySizeLog10) {
    return GuardrailPolicy.builder()
        .band(0.0, 0.2, Action.route("nurture"))
        .band(0.2, 0.4, Action.review("sdr-review", "uncertain score"))
        .band(0.4, 1.0, Action.auto("fast-track"))
        .alwaysReview("enterprise account", row -> row.number(companySizeLog10) >= 4.0)
        .build();
  }

  /** The 50-rule stage of {@code rules50.rules} for {@code data}'s schema. */
  static RuleSet rules(BenchData data, String resource) throws IOException {
    try (InputStream in = DecisionBenchmark.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("resource not found next to DecisionBenchmark: " + resource);
      }
      return RuleSet.loader(data.schema).parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** One decision, one thread. */
  @Benchmark
  public Decision ours(Cursor c) {
    return pipeline.decide(rows[c.next++ & (rowCount - 1)]);
  }

  /** One decision in each of two threads sharing the pipeline. */
  @Benchmark
  @Threads(2)
  public Decision oursTwoThreads(Cursor c) {
    return pipeline.decide(rows[c.next++ & (rowCount - 1)]);
  }
}
