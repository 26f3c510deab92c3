package dev.scoring.monitoring;

import dev.scoring.api.Features;
import dev.scoring.api.Scorer;
import dev.scoring.decision.RuleOutcome;
import dev.scoring.decision.RuleStage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RuleStage} that tightens the guardrail while a monitor's alarm is raised: it adds a
 * review flag, so the pipeline sends the record to review whatever its score. Add it as the
 * pipeline's first rule stage; while no alarm is raised it passes (a volatile read per alarm).
 *
 * <p>Without a band it flags every record while an alarm is up. With {@link
 * Builder#widenedBand(Scorer, double, double)} it flags only records whose score (computed by the
 * given scorer, normally the pipeline's model, and only while an alarm is up) falls in the wider
 * uncertainty band, e.g. [0.3, 0.8) instead of the policy's [0.4, 0.7).
 *
 * <pre>{@code
 * DecisionPipeline pipeline = DecisionPipeline.builder(schema)
 *     .rules(ReviewGate.builder().on(driftMonitor).on(qualityMonitor).build())
 *     .scorer(model).policy(policy).build();
 * }</pre>
 *
 * Immutable and thread-safe; allocation-free when no alarm is raised and when it flags.
 */
public final class ReviewGate implements RuleStage {

  private final Alarm[] alarms;
  private final RuleOutcome[] flags;
  private final @Nullable Scorer scorer;
  private final double from;
  private final double to;

  private ReviewGate(Builder b) {
    this.alarms = b.alarms.toArray(new Alarm[0]);
    this.flags = new RuleOutcome[alarms.length];
    for (int i = 0; i < alarms.length; i++) {
      String reason = "monitor '" + alarms[i].name() + "' alarm raised"
          + (b.scorer == null ? "" : ": score in the widened review band [" + b.from + ", " + b.to + ")");
      flags[i] = new RuleOutcome.Adjust(0, List.of(reason), List.of());
    }
    this.scorer = b.scorer;
    this.from = b.from;
    this.to = b.to;
  }

  /** Starts a gate. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public RuleOutcome evaluate(Features row) {
    for (int i = 0; i < alarms.length; i++) {
      if (alarms[i].raised()) {
        if (scorer == null) {
          return flags[i];
        }
        double s = scorer.score(row).value();
        return s >= from && s < to ? flags[i] : RuleOutcome.pass();
      }
    }
    return RuleOutcome.pass();
  }

  /** Configures a {@link ReviewGate}; not thread-safe. */
  public static final class Builder {
    private final List<Alarm> alarms = new ArrayList<>();
    private @Nullable Scorer scorer;
    private double from;
    private double to;

    private Builder() {}

    /** Watches a monitor's alarm (any {@link Alarm}). */
    public Builder on(Alarm alarm) {
      alarms.add(Objects.requireNonNull(alarm));
      return this;
    }

    /**
     * Flags only scores in {@code [from, to)} while an alarm is raised, scoring with {@code scorer}.
     *
     * @throws IllegalArgumentException if the range is empty or NaN
     */
    public Builder widenedBand(Scorer scorer, double from, double to) {
      if (!(from < to)) {
        throw new IllegalArgumentException("band [" + from + ", " + to + ") is empty or not a range");
      }
      this.scorer = Objects.requireNonNull(scorer);
      this.from = from;
      this.to = to;
      return this;
    }

    /** The gate. @throws IllegalStateException if no alarm was given */
    public ReviewGate build() {
      if (alarms.isEmpty()) {
        throw new IllegalStateException("a review gate needs at least one alarm (on(...))");
      }
      return new ReviewGate(this);
    }
  }
}
