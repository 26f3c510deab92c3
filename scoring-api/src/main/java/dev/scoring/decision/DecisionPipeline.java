package dev.scoring.decision;

import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.FiredRule;
import dev.scoring.api.RecordException;
import dev.scoring.api.Score;
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
import java.util.Objects;
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
 *   <li>scorers run in order; if one throws, exceeds the time budget or meets an invalid record,
 *       the {@linkplain Builder#baseline(Scorer) rule baseline} scores instead and the record goes
 *       to review with the reason (fallback);
 *   <li>the {@link Combiner} makes the final score, the policy's band proposes an action (or, with a
 *       {@linkplain GuardrailPolicy class policy}, the first score's predicted class does);
 *   <li>the constraints apply: negative actions, high-impact records, rule flags, scores in no
 *       band and fallbacks all become a review;
 *   <li>a review is offered to the {@link ReviewQueue}; if it is full the decision says so
 *       ({@link ReviewStatus#QUEUE_FULL});
 *   <li>the decision is written to the {@link AuditSink} and returned.
 * </ol>
 * {@link #decide(Features)} never drops a record: whatever a stage throws, it returns exactly one
 * decision and writes exactly one audit record (if the sink itself fails, it throws
 * {@link AuditException} carrying the decision).
 *
 * <p>Built once, immutable and thread-safe (as long as its stages, scorers, queue and sink are).
 * The time budget is checked when a scorer returns: a slow score is discarded and falls back, but
 * a scorer is not interrupted.
 */
public final class DecisionPipeline {

  private final FeatureSchema schema;
  private final RuleStage[] rules;
  private final Scorer[] scorers;
  private final @Nullable Scorer baseline;
  private final Combiner combiner;
  private final GuardrailPolicy policy;
  private final ReviewQueue queue;
  private final AuditSink audit;
  private final Clock clock;
  private final long budgetNanos;
  private final int explainTopK;
  private final Supplier<String> ids;

  private DecisionPipeline(Builder b, GuardrailPolicy policy) {
    this.schema = Objects.requireNonNull(b.schema, "schema");
    this.rules = b.rules.toArray(new RuleStage[0]);
    this.scorers = b.scorers.toArray(new Scorer[0]);
    this.baseline = b.baseline;
    this.combiner = b.combiner;
    this.policy = policy;
    this.queue = b.queue;
    this.audit = b.audit;
    this.clock = b.clock;
    this.budgetNanos = b.budget == null ? Long.MAX_VALUE : b.budget.toNanos();
    this.explainTopK = b.explainTopK;
    this.ids = b.ids != null ? b.ids : defaultIds();
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

  /**
   * Decides one record: exactly one decision, exactly one audit record.
   *
   * @throws AuditException if the audit sink fails (the exception carries the decision)
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
    if (t.rowValid) {
      runRules(row, t);
    }
    if (t.rowValid && t.decided == null && !t.fallback) {
      runScorers(row, t);
    }
    if (t.fallback && t.decided == null) {
      fallBack(row, t);
    }
    Action proposed = propose(t);
    if (t.rowValid) {
      try {
        t.reviewReasons = policy.addHighImpactReasons(row, t.reviewReasons);
      } catch (RuntimeException e) {
        t.review("high-impact check failed: " + describe(e));
      }
    }

    Action action = proposed;
    ReviewStatus status = ReviewStatus.NOT_NEEDED;
    if (t.reviewReasons != null) {
      String queueName = proposed instanceof Action.Review r ? r.queue() : policy.reviewQueue();
      action = Action.review(queueName, String.join("; ", t.reviewReasons));
      status = ReviewStatus.QUEUED;
      for (String r : t.reviewReasons) {
        if (t.reasons == null || !t.reasons.contains(r)) {
          t.reason(r);
        }
      }
      if (explainTopK > 0 && t.explainWith != null && t.rowValid) {
        addTopFactors(t.explainWith, row, t);
      }
    }

    Decision decision = new Decision(ids.get(), action, proposed, t.finalScore, t.scores(), t.fired(),
        t.reasons == null ? List.of() : t.reasons, t.fallback, status, clock.instant());

    if (status == ReviewStatus.QUEUED) {
      boolean queued;
      try {
        queued = queue.offer(new ReviewItem(decision, row));
      } catch (RuntimeException e) {
        queued = false;
      }
      if (!queued) {
        decision = decision.withReview(ReviewStatus.QUEUE_FULL, "review queue refused the record (full)");
      }
    }

    try {
      audit.record(new AuditRecord(decision, row.digest()));
    } catch (RuntimeException e) {
      throw new AuditException(decision, e);
    }
    return decision;
  }

  /** Runs the rule stages in order until one decides or fails. */
  private void runRules(Features row, Trace t) {
    for (int i = 0; i < rules.length; i++) {
      RuleOutcome outcome;
      try {
        outcome = Objects.requireNonNull(rules[i].evaluate(row), "rule stage returned null");
      } catch (RuntimeException e) {
        t.fail("rule stage " + (i + 1) + " failed: " + describe(e));
        return;
      }
      t.addFired(outcome.fired());
      if (outcome instanceof RuleOutcome.Decide d) {
        t.decided = d.action();
        t.reason("rule decided: " + d.action().describe());
        return;
      }
      if (outcome instanceof RuleOutcome.Adjust a) {
        t.points += a.points();
        for (String flag : a.reviewFlags()) {
          t.review("rule flag: " + flag);
        }
      }
    }
  }

  /** Runs the scorers; the first failure or overrun stops them and marks the fallback. */
  private void runScorers(Features row, Trace t) {
    double[] values = scorers.length == 1 ? t.one : new double[scorers.length];
    for (int i = 0; i < scorers.length; i++) {
      Scorer s = scorers[i];
      long start = budgetNanos == Long.MAX_VALUE ? 0 : System.nanoTime();
      Score score;
      try {
        score = s.score(row);
      } catch (RuntimeException e) {
        t.fail("scorer " + s.provenance().scorerId() + " failed: " + describe(e));
        return;
      }
      if (budgetNanos != Long.MAX_VALUE) {
        long took = System.nanoTime() - start;
        if (took > budgetNanos) {
          t.fail("scorer " + s.provenance().scorerId() + " took " + millis(took) + " ms, over the budget of "
              + millis(budgetNanos) + " ms");
          return;
        }
      }
      t.addScore(score, scorers.length);
      values[i] = score.value();
    }
    try {
      t.finalScore = combiner.combine(values, t.points);
      t.explainWith = scorers.length > 0 ? scorers[0] : null;
    } catch (RuntimeException e) {
      t.fail("combiner failed: " + describe(e));
    }
  }

  /** Drops the scorers' results and scores with the rule baseline, if there is one. */
  private void fallBack(Features row, Trace t) {
    t.clearScores();
    t.finalScore = Double.NaN;
    t.explainWith = null;
    if (baseline == null) {
      t.reason("no rule baseline configured");
      return;
    }
    if (!t.rowValid) {
      return;
    }
    try {
      Score b = baseline.score(row);
      t.addScore(b, 1);
      t.finalScore = b.value();
      t.explainWith = baseline;
      t.reason("fell back to the rule baseline " + b.provenance().scorerId());
    } catch (RuntimeException e) {
      t.review("the rule baseline failed too: " + describe(e));
    }
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
      int band = Double.isNaN(t.finalScore) ? -1 : policy.bandIndex(t.finalScore);
      if (band < 0) {
        String why = Double.isNaN(t.finalScore) ? "no score" : "score " + t.finalScore + " is in no band";
        if (!t.fallback) {
          t.review(why);
        }
        return Action.review(policy.reviewQueue(), why);
      }
      proposed = policy.bandAction(band);
      t.reason(policy.bandReason(band));
    }
    if (proposed instanceof Action.Review r) {
      if (!t.fallback) {
        t.review(r.reason());
      }
    } else if (proposed instanceof Action.Auto a && a.negative()) {
      t.review("negative action '" + a.name() + "' is never automatic");
    }
    return proposed;
  }

  /**
   * What one decision has gathered so far; lists are made only when something is added, so an
   * automatic decision allocates little.
   */
  private static final class Trace {
    final double[] one = new double[1];
    boolean rowValid;
    boolean fallback;
    double points;
    double finalScore = Double.NaN;
    @Nullable Action decided;
    @Nullable Scorer explainWith;
    @Nullable List<String> reasons;
    @Nullable List<String> reviewReasons;
    @Nullable List<FiredRule> fired;
    boolean firedShared;
    @Nullable Score onlyScore;
    @Nullable List<Score> scores;

    void reason(String reason) {
      if (reasons == null) {
        reasons = List.of(reason);
        return;
      }
      if (reasons.size() == 1 && !(reasons instanceof ArrayList)) {
        reasons = new ArrayList<>(reasons);
      }
      reasons.add(reason);
    }

    void review(String reason) {
      if (reviewReasons == null) {
        reviewReasons = new ArrayList<>(2);
      }
      if (!reviewReasons.contains(reason)) {
        reviewReasons.add(reason);
      }
    }

    void fail(String reason) {
      fallback = true;
      review(reason);
    }

    void addFired(List<FiredRule> more) {
      if (more.isEmpty()) {
        return;
      }
      if (fired == null) {
        fired = more;
        firedShared = true;
        return;
      }
      if (firedShared) {
        fired = new ArrayList<>(fired);
        firedShared = false;
      }
      fired.addAll(more);
    }

    List<FiredRule> fired() {
      return fired == null ? List.of() : fired;
    }

    void addScore(Score score, int expected) {
      if (expected == 1 && onlyScore == null && scores == null) {
        onlyScore = score;
        return;
      }
      if (scores == null) {
        scores = new ArrayList<>(expected + 1);
        if (onlyScore != null) {
          scores.add(onlyScore);
          onlyScore = null;
        }
      }
      scores.add(score);
    }

    void clearScores() {
      onlyScore = null;
      scores = null;
    }

    /** The first scorer's score (the baseline's after a fallback), or null. */
    @Nullable Score firstScore() {
      return onlyScore != null ? onlyScore : scores == null || scores.isEmpty() ? null : scores.get(0);
    }

    List<Score> scores() {
      if (onlyScore != null) {
        return List.of(onlyScore);
      }
      return scores == null ? List.of() : scores;
    }
  }

  private void addTopFactors(Scorer scorer, Features row, Trace t) {
    try {
      Explanation e = scorer.explain(row);
      for (var c : e.topPositive(explainTopK)) {
        t.reason("factor: " + c.reason());
      }
      for (var c : e.topNegative(explainTopK)) {
        t.reason("factor: " + c.reason());
      }
    } catch (RuntimeException e) {
      t.reason("no explanation: " + describe(e));
    }
  }

  private static String describe(RuntimeException e) {
    String msg = e.getMessage();
    return e instanceof RecordException || e instanceof dev.scoring.api.ModelException
        ? String.valueOf(msg)
        : e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
  }

  private static String millis(long nanos) {
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
    private @Nullable Scorer baseline;
    private Combiner combiner = Combiner.first();
    private @Nullable GuardrailPolicy policy;
    private ReviewQueue queue = new BoundedReviewQueue(10_000);
    private AuditSink audit = record -> {};
    private Clock clock = Clock.systemUTC();
    private @Nullable Duration budget;
    private int explainTopK = 3;
    private @Nullable Supplier<String> ids;

    private Builder(FeatureSchema schema) {
      this.schema = schema;
    }

    /** Adds a rule stage; rule stages run in the order added, before any scorer. */
    public Builder rules(RuleStage stage) {
      rules.add(Objects.requireNonNull(stage));
      return this;
    }

    /**
     * Adds a scorer; scorers run in the order added.
     *
     * @throws IllegalArgumentException if it is bound to another schema or its id is already used
     */
    public Builder scorer(Scorer scorer) {
      checkScorer(scorer);
      for (Scorer s : scorers) {
        if (s.provenance().scorerId().equals(scorer.provenance().scorerId())) {
          throw new IllegalArgumentException("two scorers with id '" + s.provenance().scorerId() + "'");
        }
      }
      scorers.add(scorer);
      return this;
    }

    /** The rule baseline that scores when a scorer fails (e.g. the rules scorecard); optional. */
    public Builder baseline(Scorer scorer) {
      checkScorer(scorer);
      this.baseline = scorer;
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

    /** Where reviews go (default: a {@link BoundedReviewQueue} of 10,000). */
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
     * How many top positive and negative factors to add to the reasons of decisions that go to
     * review (computed with the scorer's explain, only for reviews); 0 turns it off. Default 3.
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

    private void checkScorer(Scorer scorer) {
      if (!scorer.schema().equals(schema)) {
        throw new IllegalArgumentException(
            "scorer '" + scorer.provenance().scorerId() + "' is bound to " + scorer.schema() + ", not the pipeline's " + schema);
      }
    }

    /**
     * The pipeline.
     *
     * @throws IllegalStateException if no policy was given
     */
    public DecisionPipeline build() {
      if (policy == null) {
        throw new IllegalStateException("a decision pipeline needs a guardrail policy");
      }
      return new DecisionPipeline(this, policy);
    }
  }
}
