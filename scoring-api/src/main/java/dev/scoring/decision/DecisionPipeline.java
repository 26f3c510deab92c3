package dev.scoring.decision;

import dev.scoring.api.Decision;
import dev.scoring.api.Action;
import dev.scoring.api.ReviewStatus;
import dev.scoring.api.Contribution;
import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.MutableFeatures;
import dev.scoring.api.RecordException;
import dev.scoring.api.Score;
import dev.scoring.api.ScoreKind;
import dev.scoring.api.Scorer;
import dev.scoring.review.AuditRecord;
import dev.scoring.review.AuditSink;
import dev.scoring.review.BoundedReviewQueue;
import dev.scoring.review.ReviewItem;
import dev.scoring.review.ReviewQueue;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Turns a record into a {@link Decision}: rule stages, then scorers, a combiner, and the
 * {@link GuardrailPolicy}; every decision is audited and every review is queued.
 *
 * <p>For each record, in order:
 * <ol>
 *   <li>rule stages run in order; one may {@link RuleOutcome.Decide decide} (the rest is skipped),
 *       {@link RuleOutcome.Adjust adjust} (add points and review flags) or pass;
 *   <li>scorers run in order; if one throws, returns no score, misses its time budget or meets an
 *       invalid record, the {@link ScorerFailurePolicy} applies: by default the
 *       {@linkplain Builder#baseline(Scorer) rule baseline} scores instead; with
 *       {@link ScorerFailurePolicy#DROP_FAILED} the failed scorer is left out of the combination.
 *       Either way the record goes to review with the reason;
 *   <li>the {@link Combiner} makes the final score, the policy's band proposes an action (or, with a
 *       {@linkplain GuardrailPolicy class policy}, the first score's predicted class does);
 *   <li>the constraints apply: negative actions, high-impact records, rule flags, scores in no
 *       band and fallbacks all become a review;
 *   <li>a review is offered to the {@link ReviewQueue}; if it is full the decision says so
 *       ({@link ReviewStatus#QUEUE_FULL});
 *   <li>the decision is written to the {@link AuditSink} and returned.
 * </ol>
 *
 * <p><b>One decision, one audit record.</b> {@link #decide(Features)} and {@link #decide(Map)}
 * return exactly one decision and write exactly one audit record whatever a stage does: throws an
 * exception or an error, returns {@code null}, hangs (on an executor) or meets a bad record. If
 * the queue or the audit sink fails to store it, the decision becomes a review with status
 * {@link ReviewStatus#STORE_FAILED} (counted by {@link #storeFailures()}), so the host sees the
 * failure on the decision itself. Errors one call
 * can cause and survive ({@link StackOverflowError}, {@link OutOfMemoryError} from a plugin's huge
 * allocation, {@link LinkageError}, {@link AssertionError}) send the record to review like any
 * failure; the other {@link VirtualMachineError}s ({@link InternalError}, {@link UnknownError})
 * say the JVM is broken: the record is still decided (review), queued and audited, then the error
 * is rethrown.
 *
 * <p><b>Review queues.</b> One rule names the queue of every review: the queue a review action
 * names itself (a band's or a rule's {@link Action.Review}), else the policy's
 * {@link GuardrailPolicy#reviewQueue()} (constraints, fallbacks, rule flags, high-impact and
 * invalid records).
 *
 * <p><b>Time budgets and their cost.</b> A scorer added with {@link Builder#scorer(Scorer)} is
 * called directly on the deciding thread: no overhead, but the {@linkplain Builder#timeBudget
 * budget} is checked when it returns (a slow score is discarded and falls back; a hung scorer hangs
 * the call). A scorer added with {@link Builder#scorer(Scorer, Executor)} runs on that executor
 * with the budget as a real deadline: past it the call is abandoned (cancelled with an interrupt,
 * counted by {@link #abandonedCalls()}) and the record falls back to review. That costs a hand-off
 * between threads per call: about 120 bytes more per decision (the task, and an immutable copy of
 * a mutable row) and a thread wake-up, a few microseconds when a core is free (+6.7 µs at the
 * median in {@code DecisionBenchmark}, {@code call=executor}, scoring-benchmarks/RESULTS.md) and
 * scheduling stalls of milliseconds when none is, so keep it for scorers that may be slow: ONNX
 * models, plugins, remote calls.
 *
 * <p><b>Explanations.</b> Reasons come from the rules, bands and constraints and cost nothing
 * extra. {@link #explain(Features)} explains the combined score on demand, in one unit, with the
 * schema's display labels; {@link Builder#explainReviews(int)} adds its top factors to every review
 * on the deciding thread, at the cost of a full explanation per review (a TreeSHAP pass, or many
 * model calls for a sampling explainer).
 *
 * <p><b>Configurations that cannot work are refused</b> by {@link Builder#build()}: scores of a
 * kind the bands cannot read (scorecard points into probability bands), a weighted blend of
 * probabilities and points, weights that do not match the scorers, a deadline without a budget.
 *
 * <p>Built once, immutable and thread-safe (as long as its stages, scorers, queue and sink are).
 */
public final class DecisionPipeline {

  private static final int MAX_PROBLEMS_LISTED = 20;

  private final FeatureSchema schema;
  private final RuleStage[] rules;
  private final ScorerCall[] calls;
  private final Scorer[] scorers;
  private final boolean anyOnExecutor;
  private final @Nullable Scorer baseline;
  private final GuardrailPolicy baselineBands;
  private final Combiner combiner;
  private final GuardrailPolicy policy;
  private final ScorerFailurePolicy onFailure;
  private final ReviewQueue queue;
  private final AuditSink audit;
  private final Clock clock;
  private final int explainTopK;
  private final Supplier<String> ids;
  private final AtomicLong abandoned = new AtomicLong();
  private final AtomicLong storeFailures = new AtomicLong();
  private final @Nullable ShadowScoring shadow;

  private DecisionPipeline(Builder b, GuardrailPolicy policy) {
    this.schema = Objects.requireNonNull(b.schema, "schema");
    this.rules = b.rules.toArray(new RuleStage[0]);
    long budgetNanos = b.budget == null ? Long.MAX_VALUE : b.budget.toNanos();
    this.scorers = b.scorers.toArray(new Scorer[0]);
    this.calls = new ScorerCall[scorers.length];
    boolean executor = false;
    for (int i = 0; i < calls.length; i++) {
      Executor e = b.executors.get(i);
      calls[i] = new ScorerCall(scorers[i], e, budgetNanos, abandoned);
      executor |= e != null;
    }
    this.anyOnExecutor = executor;
    this.baseline = b.baseline;
    this.baselineBands = b.baselineBands != null ? b.baselineBands : policy;
    this.combiner = b.combiner;
    this.policy = policy;
    this.onFailure = b.onFailure;
    this.queue = b.queue;
    this.audit = b.audit;
    this.clock = b.clock;
    this.explainTopK = b.explainTopK;
    this.ids = b.ids != null ? b.ids : defaultIds();
    this.shadow = b.shadow;
  }

  /** Starts a pipeline for rows of {@code schema}. */
  public static Builder builder(FeatureSchema schema) {
    return new Builder(schema);
  }

  /** The schema rows must be bound to. */
  public FeatureSchema schema() {
    return schema;
  }

  /** The guardrail policy. */
  public GuardrailPolicy policy() {
    return policy;
  }

  /** The review queue. */
  public ReviewQueue reviewQueue() {
    return queue;
  }

  /** How many scorer calls on an executor were abandoned at their deadline since the pipeline was built. */
  public long abandonedCalls() {
    return abandoned.get();
  }

  /**
   * Decides one record: exactly one decision, exactly one audit record (unless the store fails:
   * then the decision says {@link ReviewStatus#STORE_FAILED}).
   */
  public Decision decide(Features row) {
    Objects.requireNonNull(row, "row");
    Trace t = new Trace();
    try {
      row.requireSchema(schema);
      t.rowValid = true;
    } catch (RecordException e) {
      t.fail("invalid record: " + e.getMessage());
    }
    return decide(row, t);
  }

  /**
   * Decides one record given as a map of feature names to values (as parsed from JSON, say), the
   * audited path for input that may be malformed: every problem that {@link Features#of} would
   * throw for (an unknown name, a {@code null} name, a wrong type, NaN, an oversized string) is
   * listed as a review reason instead, and the record (its valid values) goes to review, audited
   * like any other. A well-formed record is decided as {@link #decide(Features)} would.
   *
   */
  public Decision decide(Map<String, ?> record) {
    Objects.requireNonNull(record, "record");
    MutableFeatures row = Features.mutable(schema);
    Trace t = new Trace();
    int problems = 0;
    for (Map.Entry<String, ?> e : record.entrySet()) {
      String problem;
      try {
        if (e.getKey() == null) {
          problem = "a value has no feature name (a null key)";
        } else {
          row.set(e.getKey(), e.getValue());
          continue;
        }
      } catch (RecordException ex) {
        problem = ex.getMessage();
      } catch (RuntimeException ex) {
        problem = "feature '" + e.getKey() + "': " + StageFailure.describe(ex);
      }
      if (++problems <= MAX_PROBLEMS_LISTED) {
        t.fail("invalid record: " + problem);
      }
    }
    if (problems > MAX_PROBLEMS_LISTED) {
      t.fail("invalid record: " + (problems - MAX_PROBLEMS_LISTED) + " more problems");
    }
    t.rowValid = problems == 0;
    return decide(row.snapshot(), t);
  }

  private Decision decide(Features row, Trace t) {
    if (t.rowValid) {
      runRules(row, t);
    }
    boolean flagged = t.reviewReasons != null;  // rule flags, for the shadow challengers
    if (t.rowValid && t.decided == null && !t.fallback) {
      runScorers(row, t);
    }
    if (t.fallback && t.decided == null) {
      fallBack(row, t);
    }
    Action proposed = propose(t);
    if (t.rowValid) {
      checkHighImpact(row, t);
    }
    Decision decision = conclude(row, t, proposed);
    decision = enqueue(decision, row, t);
    if (decision.review() != ReviewStatus.STORE_FAILED) {
      try {
        audit.record(new AuditRecord(decision, row.digest(), row));
      } catch (Throwable e) {
        t.noteFatal(StageFailure.fatal(e));
        decision = StoreFailure.record(decision, "the audit sink failed to store the record", e, row, null, policy,
            storeFailures);
      }
    }
    if (shadow != null && t.rowValid) {
      shadow.observe(decision, row, t.decided != null, flagged, policy);
    }
    if (t.fatal != null) {
      throw t.fatal;
    }
    return decision;
  }

  /**
   * How many decisions the review queue or audit sink failed to store; each was returned as a
   * review with {@link ReviewStatus#STORE_FAILED}.
   */
  public long storeFailures() {
    return storeFailures.get();
  }

  /** Runs the rule stages in order until one decides or fails. */
  private void runRules(Features row, Trace t) {
    for (int i = 0; i < rules.length; i++) {
      RuleOutcome outcome;
      try {
        outcome = rules[i].evaluate(row);
      } catch (Throwable e) {
        t.fail(StageFailure.of("rule stage " + (i + 1) + " failed: ", e));
        return;
      }
      if (outcome == null) {
        t.fail("rule stage " + (i + 1) + " returned no outcome");
        return;
      }
      t.addFired(outcome.fired());
      if (outcome instanceof RuleOutcome.Decide d) {
        t.decided = d.action();
        t.reason("rule decided: " + d.action().describe());
        flags(d.reviewFlags(), t);
        return;
      }
      if (outcome instanceof RuleOutcome.Adjust a) {
        t.points += a.points();
        flags(a.reviewFlags(), t);
      }
    }
  }

  private static void flags(List<String> flags, Trace t) {
    for (String flag : flags) {
      t.review("rule flag: " + flag);
    }
  }

  /**
   * Runs the scorers; a failure either stops them and marks the fallback, or (with
   * {@link ScorerFailurePolicy#DROP_FAILED}) leaves the scorer out of the combination.
   */
  private void runScorers(Features row, Trace t) {
    Features input = anyOnExecutor ? row.snapshot() : row;
    double[] values = calls.length == 1 ? t.one : new double[calls.length];
    boolean[] failed = null;
    int failures = 0;
    for (int i = 0; i < calls.length; i++) {
      try {
        Score score = calls[i].score(calls[i].onExecutor() ? input : row);
        t.addScore(score, calls.length);
        values[i] = score.value();
      } catch (StageFailure f) {
        if (onFailure == ScorerFailurePolicy.FALL_BACK) {
          t.fail(f);
          return;
        }
        t.noteFatal(f.fatal);
        t.review(f.reason + "; left out of the combination");
        if (failed == null) {
          failed = new boolean[calls.length];
        }
        failed[i] = true;
        failures++;
      }
    }
    if (failures > 0 && failures == calls.length) {
      t.fail("every scorer failed");
      return;
    }
    combine(values, failed, t);
  }

  private void combine(double[] values, boolean @Nullable [] failed, Trace t) {
    double score;
    try {
      score = failed == null ? combiner.combine(values, t.points) : combiner.combineAvailable(values, failed, t.points);
    } catch (Throwable e) {
      t.fail(StageFailure.of("combiner failed: ", e));
      return;
    }
    if (!Double.isFinite(score)) {
      t.fail("combiner gave " + format(score));
      return;
    }
    t.finalScore = score;
  }

  /** Drops the scorers' results and scores with the rule baseline, if there is one. */
  private void fallBack(Features row, Trace t) {
    t.clearScores();
    t.finalScore = Double.NaN;
    if (baseline == null) {
      t.reason("no rule baseline configured");
      return;
    }
    if (!t.rowValid) {
      return;
    }
    Score b;
    try {
      b = baseline.score(row);
    } catch (Throwable e) {
      StageFailure f = StageFailure.of("the rule baseline failed too: ", e);
      t.noteFatal(f.fatal);
      t.review(f.reason);
      return;
    }
    if (b == null) {
      t.review("the rule baseline returned no score");
      return;
    }
    t.addScore(b, 1);
    t.finalScore = b.value();
    t.baselineUsed = true;
    t.reason("fell back to the rule baseline " + b.provenance().scorerId());
  }

  /** A rule's decision, or the band of the final score; records the constraint reasons it meets. */
  private Action propose(Trace t) {
    Action proposed;
    Score first = t.firstScore();
    if (t.decided != null) {
      proposed = t.decided;
    } else if (!policy.classActions().isEmpty() && first != null && !first.classes().isEmpty()) {
      proposed = policy.classActionFor(first);
      t.reason("predicted class '" + first.label() + "': " + proposed.describe());
    } else {
      GuardrailPolicy bands = t.baselineUsed ? baselineBands : policy;
      int band = Double.isNaN(t.finalScore) ? -1 : bands.bandIndex(t.finalScore);
      if (band < 0) {
        String why = Double.isNaN(t.finalScore) ? "no score" : "score " + format(t.finalScore) + " is in no band";
        if (!t.fallback) {
          t.review(why);
        }
        return Action.review(policy.reviewQueue(), why);
      }
      proposed = bands.bandAction(band);
      t.reason(bands.bandReason(band));
    }
    if (proposed instanceof Action.Review r) {
      if (!t.fallback) {
        t.reviewStated(r.reason());
      }
    } else if (proposed instanceof Action.Auto a && a.negative()) {
      t.review("negative action '" + a.name() + "' is never automatic");
    }
    return proposed;
  }

  private void checkHighImpact(Features row, Trace t) {
    try {
      t.reviewReasons = policy.addHighImpactReasons(row, t.reviewReasons);
    } catch (Throwable e) {
      StageFailure f = StageFailure.of("high-impact check failed: ", e);
      t.noteFatal(f.fatal);
      t.review(f.reason);
    }
  }

  /** The decision: the proposed action, or a review in the one queue the naming rule gives. */
  private Decision conclude(Features row, Trace t, Action proposed) {
    Action action = proposed;
    ReviewStatus status = ReviewStatus.NOT_NEEDED;
    if (t.reviewReasons != null) {
      String queueName = proposed instanceof Action.Review r ? r.queue() : policy.reviewQueue();
      action = Action.review(queueName, String.join("; ", t.reviewReasons));
      status = ReviewStatus.QUEUED;
      t.stateReviewReasons();
      if (explainTopK > 0 && t.rowValid && (t.baselineUsed || (!t.fallback && scorers.length > 0))) {
        addTopFactors(row, t);
      }
    }
    String id = ids.get();
    if (status == ReviewStatus.NOT_NEEDED && policy.sampled(id)) {
      action = Action.review(policy.sampleQueue(), policy.sampleReason());
      status = ReviewStatus.QUEUED;
      t.reason(policy.sampleReason());
    }
    return new Decision(id, action, proposed, t.finalScore, t.scores(), t.fired(),
        t.reasons == null ? List.of() : t.reasons, t.fallback, status, clock.instant());
  }

  private Decision enqueue(Decision decision, Features row, Trace t) {
    if (decision.review() != ReviewStatus.QUEUED) {
      return decision;
    }
    try {
      if (queue.offer(new ReviewItem(decision, row))) {
        return decision;
      }
    } catch (Throwable e) {
      t.noteFatal(StageFailure.fatal(e));
      return StoreFailure.record(decision, "the review queue failed to store the record", e, row, audit, policy,
          storeFailures);
    }
    return decision.withReview(ReviewStatus.QUEUE_FULL, "review queue refused the record (full)");
  }

  /**
   * Explains the combined score of {@code row}: each scorer's contributions in the unit of the
   * final score (log-odds, points, or probability for a blend), weighted as the combiner weighs
   * the scorer, summed per feature and named by the schema's display labels. Costs one score and
   * one explanation per scorer: call it on demand (for a review a person opens), not per decision.
   *
   * @throws RecordException if the row cannot be scored
   * @throws IllegalStateException if the final score does not come from a scorer
   */
  public Explanation explain(Features row) {
    row.requireSchema(schema);
    return CombinedExplanation.explain(schema, scorers, combiner, row);
  }

  private void addTopFactors(Features row, Trace t) {
    try {
      Scorer base = baseline;
      Explanation e = t.baselineUsed && base != null
          ? CombinedExplanation.relabel(schema, row, base.explain(row), CombinedExplanation.unitOf(t.scores().get(0)))
          : explain(row);
      for (Contribution c : e.topPositive(explainTopK)) {
        t.reason("factor: " + c.reason(e.unit()));
      }
      for (Contribution c : e.topNegative(explainTopK)) {
        t.reason("factor: " + c.reason(e.unit()));
      }
    } catch (Throwable e) {
      StageFailure f = StageFailure.of("no explanation: ", e);
      t.noteFatal(f.fatal);
      t.reason(f.reason);
    }
  }

  static String millis(long nanos) {
    return format(nanos / 1e6);
  }

  static String format(double v) {
    if (!Double.isFinite(v)) {
      return Double.isNaN(v) ? "NaN" : v > 0 ? "+inf" : "-inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
  }

  private static Supplier<String> defaultIds() {
    byte[] nonce = new byte[6];
    new SecureRandom().nextBytes(nonce);
    String prefix = "d-" + HexFormat.of().formatHex(nonce) + "-";
    AtomicLong counter = new AtomicLong();
    return () -> prefix + counter.incrementAndGet();
  }

  /** Builds a {@link DecisionPipeline}; not thread-safe. */
  public static final class Builder {
    private final FeatureSchema schema;
    private final List<RuleStage> rules = new ArrayList<>();
    private final List<Scorer> scorers = new ArrayList<>();
    private final List<@Nullable Executor> executors = new ArrayList<>();
    private @Nullable Scorer baseline;
    private @Nullable GuardrailPolicy baselineBands;
    private ScorerFailurePolicy onFailure = ScorerFailurePolicy.FALL_BACK;
    private Combiner combiner = Combiner.first();
    private @Nullable GuardrailPolicy policy;
    private ReviewQueue queue = new BoundedReviewQueue(10_000);
    private AuditSink audit = record -> {};
    private Clock clock = Clock.systemUTC();
    private @Nullable Duration budget;
    private int explainTopK;
    private @Nullable Supplier<String> ids;
    private @Nullable ShadowScoring shadow;

    private Builder(FeatureSchema schema) {
      this.schema = schema;
    }

    /** Adds a rule stage; rule stages run in the order added, before any scorer. */
    public Builder rules(RuleStage stage) {
      rules.add(Objects.requireNonNull(stage));
      return this;
    }

    /**
     * Adds a scorer called directly on the deciding thread (no overhead; a {@linkplain
     * #timeBudget(Duration) budget} is checked when it returns); scorers run in the order added.
     *
     * @throws IllegalArgumentException if it is bound to another schema or its id is already used
     */
    public Builder scorer(Scorer scorer) {
      return add(scorer, null);
    }

    /**
     * Adds a scorer that runs on {@code executor} with the {@linkplain #timeBudget(Duration) time
     * budget} as a real deadline: a call past it is abandoned (cancelled with an interrupt and
     * counted by {@link DecisionPipeline#abandonedCalls()}) and the record falls back to review.
     * Costs a hand-off between threads per call; for scorers that may be slow or hang (ONNX
     * models, plugins, remote calls). The executor must run tasks on other threads (a
     * caller-runs executor gives no deadline) and is the host's to size and shut down.
     *
     * @throws IllegalArgumentException if it is bound to another schema or its id is already used
     */
    public Builder scorer(Scorer scorer, Executor executor) {
      return add(scorer, Objects.requireNonNull(executor, "executor"));
    }

    private Builder add(Scorer scorer, @Nullable Executor executor) {
      checkScorer(scorer);
      for (Scorer s : scorers) {
        if (s.provenance().scorerId().equals(scorer.provenance().scorerId())) {
          throw new IllegalArgumentException("two scorers with id '" + s.provenance().scorerId() + "'");
        }
      }
      scorers.add(scorer);
      executors.add(executor);
      return this;
    }

    /**
     * The rule baseline that scores when a scorer fails (e.g. the rules scorecard); optional. Its
     * score is read by the policy's bands, so it must be of a kind they read (checked at build).
     */
    public Builder baseline(Scorer scorer) {
      checkScorer(scorer);
      this.baseline = scorer;
      this.baselineBands = null;
      return this;
    }

    /**
     * The rule baseline with bands of its own: {@code bands}' bands read the baseline's score
     * (scorecard points, say, where the policy's bands read probabilities); the constraints and the
     * review queue stay the policy's.
     */
    public Builder baseline(Scorer scorer, GuardrailPolicy bands) {
      checkScorer(scorer);
      this.baseline = scorer;
      this.baselineBands = Objects.requireNonNull(bands);
      return this;
    }

    /** What a scorer's failure does (default {@link ScorerFailurePolicy#FALL_BACK}). */
    public Builder onScorerFailure(ScorerFailurePolicy policy) {
      this.onFailure = Objects.requireNonNull(policy);
      return this;
    }

    /** How the final score is made (default {@link Combiner#first()}). */
    public Builder combiner(Combiner combiner) {
      this.combiner = Objects.requireNonNull(combiner);
      return this;
    }

    /** The guardrail policy; required. */
    public Builder policy(GuardrailPolicy policy) {
      this.policy = Objects.requireNonNull(policy);
      return this;
    }

    /**
     * Where reviews go (default: a {@link BoundedReviewQueue} of 10,000): every review is offered to
     * this one queue; the queue name on its action follows one rule, the name a band's or rule's
     * review action gives, else the policy's {@link GuardrailPolicy#reviewQueue()}.
     */
    public Builder reviewQueue(ReviewQueue queue) {
      this.queue = Objects.requireNonNull(queue);
      return this;
    }

    /** Where every decision is recorded (default: nowhere). */
    public Builder audit(AuditSink audit) {
      this.audit = Objects.requireNonNull(audit);
      return this;
    }

    /** The clock for decision times (default UTC system clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /**
     * The most time one scorer may take on one record; a slower score is discarded and the record
     * falls back to the baseline and goes to review (default: no budget).
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder timeBudget(Duration budget) {
      if (budget.isNegative() || budget.isZero()) {
        throw new IllegalArgumentException("time budget must be positive: " + budget);
      }
      this.budget = budget;
      return this;
    }

    /**
     * How many top positive and negative factors of {@link DecisionPipeline#explain(Features)} to
     * add to the reasons of decisions that go to review; default 0 (off). It runs a full
     * explanation on the deciding thread for every review: with a 100-tree ensemble a TreeSHAP pass
     * of tens of microseconds, with a sampling explainer (ONNX) milliseconds, so throughput falls
     * with the share of reviews. Prefer {@link DecisionPipeline#explain(Features)} when a person
     * opens the review.
     */
    public Builder explainReviews(int topK) {
      if (topK < 0) {
        throw new IllegalArgumentException("topK must not be negative: " + topK);
      }
      this.explainTopK = topK;
      return this;
    }

    /** Where decision ids come from (default: a random prefix per pipeline and a counter). */
    public Builder ids(Supplier<String> ids) {
      this.ids = Objects.requireNonNull(ids);
      return this;
    }

    /**
     * Challengers scored on the decided records without affecting the decisions (see
     * {@link ShadowScoring}); their would-be scores and actions go to its log.
     *
     * @throws IllegalArgumentException if a challenger is bound to another schema
     */
    public Builder shadow(ShadowScoring shadow) {
      for (Scorer c : shadow.challengers()) {
        checkScorer(c);
      }
      this.shadow = shadow;
      return this;
    }

    private void checkScorer(Scorer scorer) {
      if (!scorer.schema().equals(schema)) {
        throw new IllegalArgumentException(
            "scorer '" + scorer.provenance().scorerId() + "' is bound to " + scorer.schema() + ", not the pipeline's " + schema);
      }
    }

    /**
     * The pipeline.
     *
     * @throws IllegalStateException if no policy was given, or the configuration cannot work: the
     *     final score or the baseline's is of a kind the bands cannot read, the combiner cannot
     *     combine these scorers, {@link ScorerFailurePolicy#DROP_FAILED} with a combiner that cannot
     *     leave a scorer out, or a scorer on an executor without a time budget
     */
    public DecisionPipeline build() {
      if (policy == null) {
        throw new IllegalStateException("a decision pipeline needs a guardrail policy");
      }
      checkKinds(policy);
      if (onFailure == ScorerFailurePolicy.DROP_FAILED && !combiner.combinesAvailable()) {
        throw new IllegalStateException("onScorerFailure(DROP_FAILED) needs a combiner that can leave a failed scorer out "
            + "(Combiner.first(), points() or weighted(...)); " + combiner + " cannot");
      }
      if (budget == null) {
        for (int i = 0; i < scorers.size(); i++) {
          if (executors.get(i) != null) {
            throw new IllegalStateException("scorer '" + scorers.get(i).provenance().scorerId()
                + "' runs on an executor for a deadline, but the pipeline has no timeBudget");
          }
        }
      }
      return new DecisionPipeline(this, policy);
    }

    /** Refuses scores the bands cannot read. */
    private void checkKinds(GuardrailPolicy policy) {
      List<Optional<ScoreKind>> kinds = new ArrayList<>(scorers.size());
      StringBuilder ids = new StringBuilder();
      for (Scorer s : scorers) {
        kinds.add(s.kind());
        ids.append(ids.length() == 0 ? "" : ", ").append(s.provenance().scorerId());
      }
      Optional<ScoreKind> kind;
      try {
        kind = combiner.kind(kinds);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("the pipeline cannot work: " + e.getMessage(), e);
      }
      String what = "the final score (" + combiner + " of " + (scorers.isEmpty() ? "the rule points" : ids) + ")";
      String problem = kind.map(k -> policy.refusal(k, what)).orElse(null);
      Scorer base = baseline;
      if (problem == null && base != null) {
        GuardrailPolicy bands = baselineBands != null ? baselineBands : policy;
        problem = base.kind().map(k -> bands.refusal(k, "the baseline '" + base.provenance().scorerId() + "'"))
            .orElse(null);
      }
      if (problem != null) {
        throw new IllegalStateException("the pipeline cannot work: " + problem);
      }
    }
  }
}
