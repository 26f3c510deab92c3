package dev.scoring.decision;

import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import dev.scoring.api.Features;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Champion/challenger scoring: one or more challenger scorers score the records a
 * {@link DecisionPipeline} decides, and what each would have done goes to a {@link ShadowLog};
 * the decision itself never changes. Add it with {@link DecisionPipeline.Builder#shadow(ShadowScoring)}.
 *
 * <pre>{@code
 * ShadowScoring shadow = ShadowScoring.builder(new InMemoryShadowLog())
 *     .challenger(candidate).sample(0.25).background(1, 1_000).build();
 * DecisionPipeline pipeline = DecisionPipeline.builder(schema)....shadow(shadow).build();
 * }</pre>
 *
 * <p><b>Which rows.</b> Every valid record the pipeline decides, or a deterministic share of them
 * chosen by a hash of the decision id ({@link #sampled(String)}), so a host can recompute which
 * decisions were shadowed. Invalid records are not shadowed.
 *
 * <p><b>Where it runs.</b> {@linkplain Builder#inline(Duration) Inline}: the deciding thread, once
 * the decision is audited, hands each challenger call to a worker of a bounded pool this object owns
 * (up to {@value #INLINE_WORKERS_PER_PROCESSOR} workers per processor and challenger) and waits for
 * the results, at most the budget in all: a challenger that throws, hangs or is slow can delay the
 * call by no more than the budget. A call still running at the budget is logged as
 * {@link ShadowRecord.Status#OVER_BUDGET} and interrupted (its score, if it comes, is never used);
 * when every worker is busy (e.g. held by hung challengers) the call is dropped and counted
 * ({@link Stats#dropped()}). The price is a thread hand-off per challenger call: about 40 us per
 * decision on a quiet 2-core machine (background mode: about 1 us), so choose inline mode only where
 * that latency is acceptable.
 * {@linkplain Builder#background(int, int) Background}: worker threads this object owns drain a
 * bounded queue; the deciding thread only offers the record to the queue (it never waits and never
 * wakes a thread: idle workers look at the queue again after a short sleep), and when the queue is
 * full the shadow work is dropped and counted, so saturated workers cost the champion nothing.
 *
 * <p><b>The challenger's action</b> is what the pipeline would have done with the challenger's
 * score in place of the champion's: the {@link GuardrailPolicy}'s band (or class action), with a
 * negative action and a score in no band turned into a review, then the constraints that do not
 * read the score (rule flags, high-impact predicates, the audit sample) as the pipeline applies
 * them; when a rule decided the record, the challenger's action is the champion's.
 *
 * <p>Nothing a challenger does reaches the decision: exceptions and errors are logged as
 * {@link ShadowRecord.Status#FAILED} and counted, as are the log's own failures. Thread-safe;
 * {@link #close()} stops the workers.
 */
public final class ShadowScoring implements AutoCloseable {

  /**
   * Counts since the shadow scoring was built; every challenger call is counted once as scored,
   * failed, over budget or dropped.
   *
   * @param decisions decisions observed (valid records)
   * @param sampled decisions in the sample (each gives one call per challenger)
   * @param scored challenger calls that scored in time
   * @param failed challenger calls that threw or returned no score
   * @param overBudget challenger calls that scored after the budget
   * @param dropped challenger calls dropped because the background queue was full or closed
   * @param logFailures records the shadow log failed to store
   */
  public record Stats(
      long decisions, long sampled, long scored, long failed, long overBudget, long dropped, long logFailures) {}

  private final ShadowLog log;
  private final Scorer[] challengers;
  private final double share;
  private final long budgetNanos;
  /** Background mode: the hand-off queue and the workers draining it (null inline). */
  private final @Nullable ArrayBlockingQueue<Task> backlog;
  private final Thread[] workers;
  private final AtomicInteger busy = new AtomicInteger();
  private volatile boolean closed;
  private final @Nullable ThreadPoolExecutor inlineWorkers;
  private final LongAdder decisions = new LongAdder();
  private final LongAdder sampledCount = new LongAdder();
  private final LongAdder scored = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder overBudget = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder logFailures = new LongAdder();

  private ShadowScoring(Builder b) {
    this.log = b.log;
    this.challengers = b.challengers.toArray(new Scorer[0]);
    this.share = b.share;
    this.budgetNanos = b.budget == null ? Long.MAX_VALUE : b.budget.toNanos();
    if (b.threads > 0) {
      this.backlog = new ArrayBlockingQueue<>(b.queueCapacity);
      this.workers = new Thread[b.threads];
      for (int i = 0; i < workers.length; i++) {
        workers[i] = new Thread(this::drain, "shadow-scoring-" + (i + 1));
        workers[i].setDaemon(true);
        workers[i].start();
      }
      this.inlineWorkers = null;
    } else {
      this.backlog = null;
      this.workers = new Thread[0];
      AtomicInteger n = new AtomicInteger();
      int workers = INLINE_WORKERS_PER_PROCESSOR * Runtime.getRuntime().availableProcessors() * challengers.length;
      this.inlineWorkers = new ThreadPoolExecutor(0, workers, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
        Thread t = new Thread(r, "shadow-inline-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      }, new ThreadPoolExecutor.AbortPolicy());
    }
  }

  /** A decision handed to the background workers. */
  private record Task(Decision decision, Features row, boolean ruleDecided, boolean flagged, GuardrailPolicy policy) {}

  /** How long an idle background worker sleeps before it looks at the queue again: from the first to the last, doubling. */
  private static final long FIRST_IDLE_PARK_NANOS = 50_000;
  private static final long LAST_IDLE_PARK_NANOS = 5_000_000;

  /**
   * A background worker: takes decisions off the queue and scores them; when the queue is empty it
   * sleeps a little (50 us, doubling up to 5 ms) rather than waiting to be woken, so handing a
   * decision over never has to wake a thread (the deciding thread only offers to the queue).
   */
  private void drain() {
    ArrayBlockingQueue<Task> queue = java.util.Objects.requireNonNull(backlog);
    long idle = FIRST_IDLE_PARK_NANOS;
    while (!closed) {
      busy.incrementAndGet();
      Task t = queue.poll();
      if (t == null) {
        busy.decrementAndGet();
        java.util.concurrent.locks.LockSupport.parkNanos(this, idle);
        idle = Math.min(2 * idle, LAST_IDLE_PARK_NANOS);
        continue;
      }
      idle = FIRST_IDLE_PARK_NANOS;
      try {
        scoreAll(t.decision(), t.row(), t.ruleDecided(), t.flagged(), t.policy());
      } catch (Throwable e) {
        logFailures.increment();
      } finally {
        busy.decrementAndGet();
      }
    }
    dropQueued();
  }

  /** Counts what is still queued as dropped (after close); each task is removed once, so counted once. */
  private void dropQueued() {
    ArrayBlockingQueue<Task> queue = backlog;
    if (queue != null) {
      List<Task> rest = new ArrayList<>();
      queue.drainTo(rest);
      dropped.add((long) rest.size() * challengers.length);
    }
  }

  /** Inline mode's worker threads per processor and challenger (idle workers end after a minute). */
  static final int INLINE_WORKERS_PER_PROCESSOR = 4;

  /** Starts a shadow scoring that writes to {@code log}. */
  public static Builder builder(ShadowLog log) {
    return new Builder(log);
  }

  /** The challengers, in the order added. */
  public List<Scorer> challengers() {
    return List.of(challengers);
  }

  /** The log. */
  public ShadowLog log() {
    return log;
  }

  /** Whether the challengers run on the background workers. */
  public boolean inBackground() {
    return backlog != null;
  }

  /** Whether the decision with this id is in the shadow sample (a hash of the id; all when the share is 1). */
  public boolean sampled(String decisionId) {
    return share >= 1 || AuditSampling.sampled("shadow:" + decisionId, share);
  }

  /** The counts so far. */
  public Stats stats() {
    return new Stats(decisions.sum(), sampledCount.sum(), scored.sum(), failed.sum(), overBudget.sum(), dropped.sum(),
        logFailures.sum());
  }

  /**
   * Waits until the background workers have no queued or running work, or the timeout passes
   * (for tests and orderly shutdown); returns whether it is idle. Inline shadow scoring is always idle.
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    ArrayBlockingQueue<Task> queue = backlog;
    long end = System.nanoTime() + timeout.toNanos();
    while (queue != null && !closed && (busy.get() > 0 || !queue.isEmpty())) {
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(1);
    }
    return true;
  }

  /** Stops the background or inline workers (running challenger calls are interrupted); queued and later shadow work is dropped and counted. */
  @Override
  public void close() {
    closed = true;
    for (Thread w : workers) {
      w.interrupt();
    }
    dropQueued();
    if (inlineWorkers != null) {
      inlineWorkers.shutdownNow();
    }
  }

  /** Called by the pipeline once the decision is audited; never throws. */
  void observe(Decision decision, Features row, boolean ruleDecided, boolean flagged, GuardrailPolicy policy) {
    try {
      decisions.increment();
      if (!sampled(decision.id())) {
        return;
      }
      sampledCount.increment();
      ArrayBlockingQueue<Task> queue = backlog;
      if (queue == null) {
        inline(decision, row.snapshot(), ruleDecided, flagged, policy);
        return;
      }
      Task task = new Task(decision, row.snapshot(), ruleDecided, flagged, policy);
      if (closed || !queue.offer(task) || closed && queue.remove(task)) {
        dropped.add(challengers.length);  // full, or closed (a task offered as it closed is taken back)
      }
    } catch (Throwable ignored) {
      // shadow work must never reach the decision; the counters above say what happened
      logFailures.increment();
    }
  }

  /**
   * Inline mode: every challenger call on a worker, the deciding thread waiting for all of them
   * until one common deadline (the budget after the hand-off); {@code row} is a snapshot, as a
   * call may outlive the decision.
   */
  private void inline(Decision decision, Features row, boolean ruleDecided, boolean flagged, GuardrailPolicy policy) {
    ThreadPoolExecutor workers = java.util.Objects.requireNonNull(inlineWorkers);
    long start = System.nanoTime();
    long deadline = start + budgetNanos;
    List<@Nullable Future<ShadowRecord>> calls = new ArrayList<>(challengers.length);
    for (Scorer c : challengers) {
      try {
        calls.add(workers.submit(() -> scoreOne(c, decision, row, ruleDecided, flagged, policy)));
      } catch (RejectedExecutionException busy) {
        calls.add(null);
        dropped.increment();
      }
    }
    for (int i = 0; i < challengers.length; i++) {
      Future<ShadowRecord> call = calls.get(i);
      if (call == null) {
        continue;
      }
      Scorer c = challengers[i];
      String champion = ShadowRecord.actionKey(decision.action());
      ShadowRecord r;
      try {
        r = call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException late) {
        call.cancel(true);
        long took = System.nanoTime() - start;
        r = new ShadowRecord(decision.id(), c.provenance(), decision.score(), champion, Double.NaN, null,
            ShadowRecord.Status.OVER_BUDGET, "no score within the budget of " + DecisionPipeline.millis(budgetNanos)
            + " ms (waited " + DecisionPipeline.millis(took) + " ms; the call was interrupted)", took, decision.decidedAt());
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();  // the host's interrupt: stop waiting, keep it for the host
        call.cancel(true);
        r = new ShadowRecord(decision.id(), c.provenance(), decision.score(), champion, Double.NaN, null,
            ShadowRecord.Status.FAILED, "the deciding thread was interrupted while waiting", System.nanoTime() - start,
            decision.decidedAt());
      } catch (ExecutionException | CancellationException e) {
        r = new ShadowRecord(decision.id(), c.provenance(), decision.score(), champion, Double.NaN, null,
            ShadowRecord.Status.FAILED, StageFailure.describe(e.getCause() == null ? e : e.getCause()),
            System.nanoTime() - start, decision.decidedAt());
      }
      record(r);
    }
  }

  private void scoreAll(Decision decision, Features row, boolean ruleDecided, boolean flagged, GuardrailPolicy policy) {
    for (Scorer c : challengers) {
      record(scoreOne(c, decision, row, ruleDecided, flagged, policy));
    }
  }

  /** Counts a challenger call by its status and logs it. */
  private void record(ShadowRecord r) {
    switch (r.status()) {
      case SCORED -> scored.increment();
      case FAILED -> failed.increment();
      case OVER_BUDGET -> overBudget.increment();
    }
    try {
      log.record(r);
    } catch (Throwable e) {
      logFailures.increment();
    }
  }

  private ShadowRecord scoreOne(Scorer c, Decision decision, Features row, boolean ruleDecided, boolean flagged,
      GuardrailPolicy policy) {
    String champion = ShadowRecord.actionKey(decision.action());
    long start = System.nanoTime();
    Score s;
    String problem;
    try {
      s = c.score(row);
      problem = s == null ? "returned no score" : null;
    } catch (Throwable e) {
      s = null;
      problem = StageFailure.describe(e);
    }
    long took = System.nanoTime() - start;
    if (s == null || problem != null) {
      return new ShadowRecord(decision.id(), c.provenance(), decision.score(), champion, Double.NaN, null,
          ShadowRecord.Status.FAILED, problem == null ? "returned no score" : problem, took, decision.decidedAt());
    }
    if (took > budgetNanos) {
      return new ShadowRecord(decision.id(), c.provenance(), decision.score(), champion, Double.NaN, null,
          ShadowRecord.Status.OVER_BUDGET, "took " + DecisionPipeline.millis(took) + " ms, over the budget of "
          + DecisionPipeline.millis(budgetNanos) + " ms", took, decision.decidedAt());
    }
    String action;
    try {
      action = ShadowRecord.actionKey(wouldBe(decision, row, ruleDecided, flagged, s, policy));
    } catch (Throwable e) {
      return new ShadowRecord(decision.id(), c.provenance(), decision.score(), champion, Double.NaN, null,
          ShadowRecord.Status.FAILED, "no action for its score: " + StageFailure.describe(e), took, decision.decidedAt());
    }
    return new ShadowRecord(decision.id(), c.provenance(), decision.score(), champion, s.value(), action,
        ShadowRecord.Status.SCORED, "", took, decision.decidedAt());
  }

  /**
   * The action the pipeline would have taken with the challenger's score in place of the champion's:
   * a rule's decision stands; otherwise the band (or class action), a negative action or a score in
   * no band made a review, then the constraints that do not read the score (rule flags, high-impact
   * predicates, the audit sample) applied as the pipeline applies them.
   */
  static Action wouldBe(Decision decision, Features row, boolean ruleDecided, boolean flagged, Score s,
      GuardrailPolicy policy) {
    if (ruleDecided) {
      return decision.action();
    }
    Action a;
    if (!policy.classActions().isEmpty() && !s.classes().isEmpty()) {
      a = policy.classActionFor(s);
    } else {
      int band = policy.bandIndex(s.value());
      a = band < 0
          ? Action.review(policy.reviewQueue(), "score " + DecisionPipeline.format(s.value()) + " is in no band")
          : policy.bandAction(band);
    }
    if (a instanceof Action.Auto auto && auto.negative()) {
      a = Action.review(policy.reviewQueue(), "negative action '" + auto.name() + "' is never automatic");
    }
    if (flagged || policy.addHighImpactReasons(row, null) != null) {
      return a instanceof Action.Review ? a : Action.review(policy.reviewQueue(), "constraint");
    }
    if (!(a instanceof Action.Review) && policy.sampled(decision.id())) {
      return Action.review(policy.sampleQueue(), policy.sampleReason());
    }
    return a;
  }

  /** Builds a {@link ShadowScoring}; not thread-safe. */
  public static final class Builder {
    private final ShadowLog log;
    private final List<Scorer> challengers = new ArrayList<>();
    private double share = 1.0;
    private @Nullable Duration budget;
    private int threads;
    private int queueCapacity;
    private boolean modeSet;

    private Builder(ShadowLog log) {
      this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * Adds a challenger.
     *
     * @throws IllegalArgumentException if its scorer id is already a challenger's
     */
    public Builder challenger(Scorer scorer) {
      for (Scorer c : challengers) {
        if (c.provenance().scorerId().equals(scorer.provenance().scorerId())) {
          throw new IllegalArgumentException("two challengers with id '" + c.provenance().scorerId() + "'");
        }
      }
      challengers.add(scorer);
      return this;
    }

    /**
     * The share of decisions shadowed, chosen by a hash of the decision id (default 1: all).
     *
     * @throws IllegalArgumentException if not in (0, 1]
     */
    public Builder sample(double share) {
      if (!(share > 0 && share <= 1)) {
        throw new IllegalArgumentException("shadow sample share must be in (0, 1]: " + share);
      }
      this.share = share;
      return this;
    }

    /**
     * Runs the challengers while the deciding thread waits, at most {@code budget} in all, once the
     * decision is audited: each call on a worker of a bounded pool; a call without a score by then is
     * logged as over budget and interrupted, a call that finds every worker busy is dropped (both counted).
     *
     * @throws IllegalArgumentException if the budget is not positive
     * @throws IllegalStateException if a mode was already chosen
     */
    public Builder inline(Duration budget) {
      requireNoMode();
      if (budget.isNegative() || budget.isZero()) {
        throw new IllegalArgumentException("shadow time budget must be positive: " + budget);
      }
      this.budget = budget;
      return this;
    }

    /**
     * Runs the challengers on a pool of {@code threads} daemon threads fed by a queue of
     * {@code queueCapacity} decisions; a decision that finds the queue full is not shadowed
     * (counted by {@link Stats#dropped()}).
     *
     * @throws IllegalArgumentException if either is not positive
     * @throws IllegalStateException if a mode was already chosen
     */
    public Builder background(int threads, int queueCapacity) {
      requireNoMode();
      if (threads < 1 || queueCapacity < 1) {
        throw new IllegalArgumentException(
            "shadow executor needs at least one thread and one queue slot: " + threads + ", " + queueCapacity);
      }
      this.threads = threads;
      this.queueCapacity = queueCapacity;
      return this;
    }

    /**
     * A time budget for background challenger calls too: a later score is logged as over budget
     * and not used (default: none in the background).
     *
     * @throws IllegalArgumentException if not positive
     * @throws IllegalStateException unless {@link #background(int, int)} was chosen
     */
    public Builder backgroundBudget(Duration budget) {
      if (threads == 0) {
        throw new IllegalStateException("backgroundBudget needs background(threads, queueCapacity) first");
      }
      if (budget.isNegative() || budget.isZero()) {
        throw new IllegalArgumentException("shadow time budget must be positive: " + budget);
      }
      this.budget = budget;
      return this;
    }

    private void requireNoMode() {
      if (modeSet) {
        throw new IllegalStateException("choose inline(...) or background(...) once");
      }
      modeSet = true;
    }

    /**
     * The shadow scoring.
     *
     * @throws IllegalStateException if there is no challenger or no mode was chosen
     */
    public ShadowScoring build() {
      if (challengers.isEmpty()) {
        throw new IllegalStateException("shadow scoring needs at least one challenger");
      }
      if (!modeSet) {
        throw new IllegalStateException("choose inline(budget) or background(threads, queueCapacity)");
      }
      return new ShadowScoring(this);
    }
  }
}
