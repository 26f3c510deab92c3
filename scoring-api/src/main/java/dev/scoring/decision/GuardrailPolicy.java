package dev.scoring.decision;

import dev.scoring.api.Action;
import dev.scoring.api.Features;
import dev.scoring.api.ScoreKind;
import dev.scoring.api.Score;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Turns a final score into an action, and enforces the constraints no score can override.
 *
 * <p>Bands map score ranges to actions. A band whose action is a {@link Action.Review} is an
 * uncertainty band. The constraints, applied after the bands and to rule decisions alike:
 * <ul>
 *   <li>a negative action ({@link Action#negative(String)}) is never automatic: it becomes a review;
 *   <li>a record matching a high-impact predicate ({@link Builder#alwaysReview(String, Predicate)})
 *       always goes to review;
 *   <li>a score outside every band goes to review.
 * </ul>
 * The bands read one kind of score ({@link Builder#scoreKind(ScoreKind)}): a pipeline refuses to
 * build when its final score (or its baseline's) is of another kind, for example scorecard points
 * fed into probability bands. Without a declared kind, bands that all lie within [0, 1] read
 * probabilities (and refuse points), other bands read points or values (and refuse probabilities).
 *
 * <p><b>Class policy.</b> For classifiers (a ticket category, a forecast risk class) the action can
 * come from the predicted class instead of a band: {@link Builder#classAction(String, Action)} maps
 * each class to an action, and {@link Builder#classConfidence(double, double)} sets how sure the
 * model must be. The pipeline reads the class probabilities of its first scorer's score: the class
 * with the highest probability proposes its action, which stands only when that probability is at
 * least the minimum and leads the second class by at least the minimum margin; otherwise the record
 * goes to review with both classes and their probabilities in the reason. A negative class action is
 * never automatic, like any other; a predicted class without an action goes to review. A score
 * without class probabilities falls back to the bands (and to review if there are none).
 *
 * <p>Immutable and thread-safe; the predicates must be too.
 *
 * <pre>{@code
 * GuardrailPolicy policy = GuardrailPolicy.builder()
 *     .band(0.0, 0.2, Action.negative("disqualify"))
 *     .band(0.2, 0.5, Action.review("sdr-review", "uncertain score"))
 *     .band(0.5, 0.8, Action.route("inside-sales"))
 *     .band(0.8, 1.0, Action.auto("fast-track"))
 *     .alwaysReview("deal amount over 100k", row -> row.number(amount) > 100_000)
 *     .build();
 *
 * GuardrailPolicy byClass = GuardrailPolicy.builder()
 *     .classAction("on track", Action.auto("no-action"))
 *     .classAction("at risk", Action.route("deal-desk"))
 *     .classAction("likely slip", Action.negative("downgrade-forecast"))
 *     .classConfidence(0.6, 0.2)
 *     .build();
 * }</pre>
 */
public final class GuardrailPolicy {

  /**
   * A score range and its action: {@code [from, to)}, except that the highest band also holds
   * its upper bound.
   *
   * @param from the lowest score in the band
   * @param to the bound above the band
   * @param action the action for scores in the band
   */
  public record Band(double from, double to, Action action) {
    /** Checks the bounds. */
    public Band {
      if (Double.isNaN(from) || Double.isNaN(to) || !(from < to)) {
        throw new IllegalArgumentException("band [" + from + ", " + to + ") is empty or not a range");
      }
    }
  }

  /** A named predicate that sends matching records to review. @param reason the review reason @param test the predicate */
  public record HighImpact(String reason, Predicate<Features> test) {}

  private final Band[] bands;
  private final String[] bandReasons;
  private final List<HighImpact> highImpact;
  private final String[] highImpactReasons;
  private final String reviewQueue;
  private final @Nullable ScoreKind scoreKind;
  private final double sampleShare;
  private final String sampleQueue;
  private final String sampleReason;
  private final Map<String, Action> classActions;
  private final double minClassProbability;
  private final double minClassMargin;

  private GuardrailPolicy(List<Band> bands, List<HighImpact> highImpact, String reviewQueue, Builder builder) {
    this.scoreKind = builder.scoreKind;
    this.sampleShare = builder.sampleShare;
    this.sampleQueue = builder.sampleQueue;
    this.sampleReason = AuditSampling.REASON + " (" + DecisionPipeline.format(sampleShare * 100) + "% by decision-id hash)";
    this.classActions = Collections.unmodifiableMap(new LinkedHashMap<>(builder.classActions));
    this.minClassProbability = builder.minClassProbability;
    this.minClassMargin = builder.minClassMargin;
    this.bands = bands.toArray(new Band[0]);
    this.bandReasons = new String[this.bands.length];
    for (int i = 0; i < this.bands.length; i++) {
      Band b = this.bands[i];
      String close = i == this.bands.length - 1 ? "]" : ")";
      bandReasons[i] = "score in band [" + DecisionPipeline.format(b.from()) + ", " + DecisionPipeline.format(b.to()) + close
          + ": " + b.action().describe();
    }
    this.highImpact = List.copyOf(highImpact);
    this.highImpactReasons = new String[highImpact.size()];
    for (int i = 0; i < highImpactReasons.length; i++) {
      highImpactReasons[i] = dev.scoring.review.ReviewItem.HIGH_IMPACT + highImpact.get(i).reason();
    }
    this.reviewQueue = reviewQueue;
  }

  /** Starts a policy. */
  public static Builder builder() {
    return new Builder();
  }

  /** The bands, lowest first. */
  public List<Band> bands() {
    return List.of(bands);
  }

  /** The high-impact predicates. */
  public List<HighImpact> highImpact() {
    return highImpact;
  }

  /** The queue for every review whose action does not name one (constraints, fallbacks, rule flags). */
  public String reviewQueue() {
    return reviewQueue;
  }

  /** The kind of score the bands read, if it was declared. */
  public Optional<ScoreKind> scoreKind() {
    return Optional.ofNullable(scoreKind);
  }

  /**
   * Why these bands cannot read scores of {@code kind} made by {@code what}, or {@code null} if
   * they can (a {@link ScoreKind#VALUE} fits any bands).
   */
  @Nullable String refusal(ScoreKind kind, String what) {
    if (bands.length == 0) {
      return null; // no band reads the score (a class policy, or review for every record)
    }
    boolean unitBands = true;
    boolean touchesUnit = false;
    for (Band b : bands) {
      unitBands &= b.from() >= 0.0 && b.to() <= 1.0;
      touchesUnit |= b.from() <= 1.0 && b.to() >= 0.0;
    }
    String shown = "bands " + describeBands();
    if (scoreKind != null) {
      if (kind == scoreKind || kind == ScoreKind.VALUE || scoreKind == ScoreKind.VALUE) {
        return null;
      }
      return what + " gives " + name(kind) + " but the " + shown + " read " + name(scoreKind) + advice(kind);
    }
    if (kind == ScoreKind.POINTS && unitBands) {
      return what + " gives points but the " + shown + " read probabilities in [0, 1]" + advice(kind);
    }
    if (kind == ScoreKind.PROBABILITY && !touchesUnit) {
      return what + " gives probabilities in [0, 1] but no band of " + shown + " holds one" + advice(kind);
    }
    return null;
  }

  private static String name(ScoreKind kind) {
    return switch (kind) {
      case PROBABILITY -> "probabilities";
      case POINTS -> "points";
      case VALUE -> "values";
    };
  }

  private static String advice(ScoreKind kind) {
    return kind == ScoreKind.POINTS
        ? ": calibrate the points to a probability (dev.scoring.ml.calibration), or give a baseline its own bands "
            + "with DecisionPipeline.Builder.baseline(scorer, policy)"
        : ": give bands on the scale of the score (GuardrailPolicy.Builder.scoreKind declares it)";
  }

  private String describeBands() {
    StringBuilder sb = new StringBuilder();
    for (Band b : bands) {
      sb.append(sb.length() == 0 ? "" : " ").append('[').append(DecisionPipeline.format(b.from())).append(", ")
          .append(DecisionPipeline.format(b.to())).append(')');
    }
    return sb.toString();
  }

  /** The share of automatic decisions sampled into review (0 when sampling is off). */
  public double sampleShare() {
    return sampleShare;
  }

  /** The queue audit samples go to. */
  public String sampleQueue() {
    return sampleQueue;
  }

  /** Whether the automatic decision with this id is in the audit sample. */
  boolean sampled(String decisionId) {
    return sampleShare > 0 && AuditSampling.sampled(decisionId, sampleShare);
  }

  String sampleReason() {
    return sampleReason;
  }

  /** The action for each class of the class policy, in the order given; empty if there is no class policy. */
  public Map<String, Action> classActions() {
    return classActions;
  }

  /** The least top-class probability for a class action to stand (0 if not set). */
  public double minClassProbability() {
    return minClassProbability;
  }

  /** The least lead of the top class over the second for a class action to stand (0 if not set). */
  public double minClassMargin() {
    return minClassMargin;
  }

  /**
   * The action the class policy proposes for a classifier's score: the top class's action, or a
   * review when the model is not sure enough or the class has no action. Every review names the
   * top two classes and their probabilities.
   *
   * @throws IllegalStateException if the policy has no class actions
   * @throws IllegalArgumentException if the score has no class probabilities
   */
  public Action classActionFor(Score score) {
    if (classActions.isEmpty()) {
      throw new IllegalStateException("the policy has no class actions");
    }
    int n = score.classes().size();
    if (n == 0 || score.classProbabilities().length == 0) {
      throw new IllegalArgumentException("score of " + score.provenance().scorerId() + " has no class probabilities");
    }
    int top = 0;
    int second = -1;
    for (int i = 1; i < n; i++) {
      double p = score.classProbability(i);
      if (p > score.classProbability(top)) {
        second = top;
        top = i;
      } else if (second < 0 || p > score.classProbability(second)) {
        second = i;
      }
    }
    String topClass = score.classes().get(top);
    double pTop = score.classProbability(top);
    double pSecond = second < 0 ? 0.0 : score.classProbability(second);
    String evidence = "'" + topClass + "' " + DecisionPipeline.format(pTop)
        + (second < 0 ? "" : ", '" + score.classes().get(second) + "' " + DecisionPipeline.format(pSecond));
    Action action = classActions.get(topClass);
    if (action == null) {
      return Action.review(reviewQueue, "no action for class " + evidence);
    }
    if (pTop < minClassProbability) {
      return Action.review(reviewQueue, "uncertain class: " + evidence + " (top probability below "
          + DecisionPipeline.format(minClassProbability) + ")");
    }
    if (pTop - pSecond < minClassMargin) {
      return Action.review(reviewQueue, "uncertain class: " + evidence + " (margin "
          + DecisionPipeline.format(pTop - pSecond) + " below " + DecisionPipeline.format(minClassMargin) + ")");
    }
    return action;
  }

  /** The band holding {@code score}, or {@code null} if none does (or the score is NaN). */
  public @Nullable Band bandFor(double score) {
    int i = bandIndex(score);
    return i < 0 ? null : bands[i];
  }

  int bandIndex(double score) {
    for (int i = 0; i < bands.length; i++) {
      Band b = bands[i];
      if (score >= b.from() && (score < b.to() || (i == bands.length - 1 && score == b.to()))) {
        return i;
      }
    }
    return -1;
  }

  Action bandAction(int index) {
    return bands[index].action();
  }

  String bandReason(int index) {
    return bandReasons[index];
  }

  /**
   * Adds the reasons of every high-impact predicate that {@code row} matches to {@code reasons}
   * (made if null and needed); returns the list.
   */
  @Nullable List<String> addHighImpactReasons(Features row, @Nullable List<String> reasons) {
    for (int i = 0; i < highImpactReasons.length; i++) {
      if (highImpact.get(i).test().test(row)) {
        if (reasons == null) {
          reasons = new ArrayList<>(2);
        }
        reasons.add(highImpactReasons[i]);
      }
    }
    return reasons;
  }

  /** Builds a {@link GuardrailPolicy}; not thread-safe. */
  public static final class Builder {
    private final List<Band> bands = new ArrayList<>();
    private final List<HighImpact> highImpact = new ArrayList<>();
    private String reviewQueue = "review";
    private @Nullable ScoreKind scoreKind;
    private double sampleShare;
    private String sampleQueue = "audit-sample";
    private final Map<String, Action> classActions = new LinkedHashMap<>();
    private double minClassProbability;
    private double minClassMargin;

    private Builder() {}

    /**
     * Declares the kind of score the bands read; a pipeline whose final score is of another kind
     * (other than {@link ScoreKind#VALUE}) refuses to build. Default: inferred from the bands.
     */
    public Builder scoreKind(ScoreKind kind) {
      this.scoreKind = java.util.Objects.requireNonNull(kind);
      return this;
    }

    /**
     * Sends {@code share} (0 to 1) of automatic decisions (auto and route actions) to review in
     * {@code queue}, chosen by a hash of the decision id ({@link AuditSampling}), so the quality of
     * automation is measured from reviewers' labels. Sampled decisions carry the reason
     * {@value AuditSampling#REASON} with the share, in the decision and its audit record.
     *
     * @throws IllegalArgumentException if the share is not in [0, 1] or the queue is blank
     */
    public Builder sampleAutomatic(double share, String queue) {
      if (!(share >= 0 && share <= 1)) {
        throw new IllegalArgumentException("sample share must be in [0, 1]: " + share);
      }
      if (queue.isBlank()) {
        throw new IllegalArgumentException("queue must not be blank");
      }
      this.sampleShare = share;
      this.sampleQueue = queue;
      return this;
    }

    /**
     * Maps a predicted class (as the scorer names it in {@link Score#classes()}) to an action.
     *
     * @throws IllegalArgumentException if the class is blank or already has an action
     */
    public Builder classAction(String className, Action action) {
      if (className.isBlank()) {
        throw new IllegalArgumentException("class name must not be blank");
      }
      if (classActions.putIfAbsent(className, java.util.Objects.requireNonNull(action)) != null) {
        throw new IllegalArgumentException("class '" + className + "' already has an action");
      }
      return this;
    }

    /**
     * How sure a classifier must be for its class's action to stand: the top class's probability
     * at least {@code minProbability} and at least {@code minMargin} above the second class's
     * (defaults 0 and 0: always).
     *
     * @throws IllegalArgumentException if a bound is outside [0, 1]
     */
    public Builder classConfidence(double minProbability, double minMargin) {
      if (!(minProbability >= 0 && minProbability <= 1) || !(minMargin >= 0 && minMargin <= 1)) {
        throw new IllegalArgumentException("class confidence bounds must be in [0, 1]: " + minProbability + ", " + minMargin);
      }
      this.minClassProbability = minProbability;
      this.minClassMargin = minMargin;
      return this;
    }

    /**
     * Maps scores in {@code [from, to)} to {@code action}.
     *
     * @throws IllegalArgumentException if the range is empty or overlaps an earlier band
     */
    public Builder band(double from, double to, Action action) {
      Band band = new Band(from, to, action);
      for (Band b : bands) {
        if (from < b.to() && b.from() < to) {
          throw new IllegalArgumentException("band [" + from + ", " + to + ") overlaps band [" + b.from() + ", " + b.to() + ")");
        }
      }
      bands.add(band);
      return this;
    }

    /** Sends every record matching {@code test} to review with {@code reason}, whatever its score. */
    public Builder alwaysReview(String reason, Predicate<Features> test) {
      if (reason.isBlank()) {
        throw new IllegalArgumentException("reason must not be blank");
      }
      highImpact.add(new HighImpact(reason, test));
      return this;
    }

    /**
     * The review queue: every review goes here unless its action names a queue itself (a band's or
     * a rule's {@link Action.Review}); constraints, fallbacks, rule flags, high-impact records and
     * invalid records all land here (default {@code "review"}).
     */
    public Builder reviewQueue(String queue) {
      if (queue.isBlank()) {
        throw new IllegalArgumentException("queue must not be blank");
      }
      this.reviewQueue = queue;
      return this;
    }

    /**
     * The policy.
     *
     * @throws IllegalStateException if neither a band nor a class action was given
     */
    public GuardrailPolicy build() {
      if (bands.isEmpty() && classActions.isEmpty()) {
        throw new IllegalStateException("a guardrail policy needs at least one band or class action");
      }
      List<Band> sorted = new ArrayList<>(bands);
      sorted.sort(Comparator.comparingDouble(Band::from));
      return new GuardrailPolicy(sorted, highImpact, reviewQueue, this);
    }
  }
}
