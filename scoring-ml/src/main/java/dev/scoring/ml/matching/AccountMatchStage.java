package dev.scoring.ml.matching;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.FeatureType;
import dev.scoring.api.Features;
import dev.scoring.api.FiredRule;
import dev.scoring.api.MutableFeatures;
import dev.scoring.decision.RuleOutcome;
import dev.scoring.decision.RuleStage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RuleStage} that looks the record's account up in a {@link MatchIndex} and runs the
 * routing rules on the row enriched with the match: {@code matched_account_id},
 * {@code match_probability}, {@code match_band} ({@code strong}, {@code weak} or {@code none}) and
 * the matched account's attributes as {@code matched_<attribute>} (e.g. {@code matched_tier},
 * {@code matched_owner}). A rule file compiled against {@link #enrichedSchema()} can then say
 * "route to strategic-ae when matched_tier == "strategic" and match_probability >= 0.9; review when
 * match_band == "weak" ...", or route to the account's owner:
 * {@code owner: route matched_owner when matched_tier == "strategic" and match_band == "strong"}.
 *
 * <p>A weak match never decides on its own: the match fields are filled only for a probability at
 * or above the {@code weak} threshold, and if the inner rules decide while the match is weak (below
 * {@code strong}) the decision becomes a review flag naming the match. The index can be swapped
 * while the pipeline runs ({@link #swap(MatchIndex)}). Thread-safe.
 */
public final class AccountMatchStage implements RuleStage {

  /** Band of a match at or above the strong threshold. */
  public static final String STRONG = "strong";
  /** Band of a match between the weak and strong thresholds. */
  public static final String WEAK = "weak";
  /** Band when nothing matched at or above the weak threshold. */
  public static final String NONE = "none";

  private final FeatureSchema input;
  private final FeatureSchema enriched;
  private volatile MatchIndex index;
  private final String[] matchFields;
  private final int[] rowIndices;
  private final String[] attributes;
  private final double weak;
  private final double strong;
  private final RuleStage rules;
  private final int idIndex;
  private final int probabilityIndex;
  private final int bandIndex;
  private final int firstAttributeIndex;

  private AccountMatchStage(Builder b, RuleStage rules) {
    this.input = b.input;
    this.index = b.index;
    this.matchFields = new String[b.fields.size()];
    this.rowIndices = new int[matchFields.length];
    int i = 0;
    for (Map.Entry<String, String> e : b.fields.entrySet()) {
      matchFields[i] = e.getKey();
      String feature = e.getValue();
      var f = input.feature(feature);
      if (!f.type().isString()) {
        throw new IllegalArgumentException("feature '" + feature + "' must be CATEGORY or TEXT to match on, it is " + f.type());
      }
      rowIndices[i++] = f.index();
    }
    this.attributes = b.attributes.toArray(new String[0]);
    this.weak = b.weak;
    this.strong = b.strong;
    this.rules = rules;
    this.enriched = enrichedSchema(input, b.attributes);
    this.idIndex = enriched.require("matched_account_id", FeatureType.CATEGORY);
    this.probabilityIndex = enriched.require("match_probability", FeatureType.NUMBER);
    this.bandIndex = enriched.require("match_band", FeatureType.CATEGORY);
    this.firstAttributeIndex = bandIndex + 1;
  }

  /**
   * The input schema plus the match features: {@code matched_account_id}, {@code match_probability},
   * {@code match_band}, then {@code matched_<attribute>} for each attribute (all categories but the probability).
   */
  public static FeatureSchema enrichedSchema(FeatureSchema input, List<String> attributes) {
    FeatureSchema.Builder b = FeatureSchema.builder();
    for (var f : input.features()) {
      b.add(f.name(), f.type());
    }
    b.category("matched_account_id").number("match_probability").category("match_band");
    for (String a : attributes) {
      b.category("matched_" + a);
    }
    return b.build();
  }

  /** Starts a stage for rows of {@code input}, looking accounts up in {@code index}. */
  public static Builder builder(FeatureSchema input, MatchIndex index) {
    return new Builder(input, index);
  }

  /** The schema of the enriched rows the inner rules see. */
  public FeatureSchema enrichedSchema() {
    return enriched;
  }

  /** The index in use. */
  public MatchIndex index() {
    return index;
  }

  /** Replaces the index (e.g. rebuilt after the account table changed); lookups in flight finish on the old one. */
  public void swap(MatchIndex newIndex) {
    index = Objects.requireNonNull(newIndex);
  }

  /** The best account for the row, if any reaches the weak threshold. */
  public Optional<Candidate> match(Features row) {
    row.requireSchema(input);
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < matchFields.length; i++) {
      String v = row.string(rowIndices[i]);
      if (v != null) {
        values.put(matchFields[i], v);
      }
    }
    if (values.isEmpty()) {
      return Optional.empty();
    }
    return index.best(new MatchRecord("input", values)).filter(c -> c.probability() >= weak);
  }

  /** The row with the match features set (missing when nothing matched), bound to {@link #enrichedSchema()}. */
  public Features enrich(Features row) {
    return enrich(row, match(row).orElse(null));
  }

  private Features enrich(Features row, @Nullable Candidate c) {
    MutableFeatures out = Features.mutable(enriched);
    for (int i = 0; i < input.size(); i++) {
      out.set(i, row.value(i));
    }
    if (c == null) {
      out.setString(bandIndex, NONE);
      return out.snapshot();
    }
    out.setString(idIndex, c.account().id());
    out.setNumber(probabilityIndex, c.probability());
    out.setString(bandIndex, c.probability() >= strong ? STRONG : WEAK);
    for (int a = 0; a < attributes.length; a++) {
      out.setString(firstAttributeIndex + a, c.account().value(attributes[a]));
    }
    return out.snapshot();
  }

  @Override
  public RuleOutcome evaluate(Features row) {
    Candidate c = match(row).orElse(null);
    RuleOutcome outcome = rules.evaluate(enrich(row, c));
    List<FiredRule> fired = new ArrayList<>(outcome.fired());
    if (c != null) {
      fired.add(0, new FiredRule("account-match", "best account in the index",
          "matched " + c.account().id() + " p=" + MatchModel.fmt(c.probability()) + " (" + String.join("; ", c.result().reasons(2)) + ")"));
    }
    if (outcome instanceof RuleOutcome.Decide d && c != null && c.probability() < strong) {
      List<String> flags = new ArrayList<>(d.reviewFlags());
      flags.add(0, "weak account match " + c.account().id() + " (p="
          + MatchModel.fmt(c.probability()) + ") would have decided " + d.action().describe());
      return new RuleOutcome.Adjust(0, flags, fired);
    }
    if (outcome instanceof RuleOutcome.Decide d) {
      return new RuleOutcome.Decide(d.action(), d.reviewFlags(), fired); // the rules' flags still hold it for review
    }
    if (outcome instanceof RuleOutcome.Adjust a) {
      return new RuleOutcome.Adjust(a.points(), a.reviewFlags(), fired);
    }
    return fired.isEmpty() ? outcome : new RuleOutcome.Adjust(0, List.of(), fired);
  }

  /** Builds an {@link AccountMatchStage}; not thread-safe. */
  public static final class Builder {
    private final FeatureSchema input;
    private final MatchIndex index;
    private final Map<String, String> fields = new LinkedHashMap<>();
    private final List<String> attributes = new ArrayList<>();
    private double weak = 0.6;
    private double strong = 0.9;

    private Builder(FeatureSchema input, MatchIndex index) {
      this.input = input;
      this.index = index;
    }

    /** Matches the index's field {@code matchField} against the row's feature {@code feature}. */
    public Builder field(String matchField, String feature) {
      fields.put(matchField, feature);
      return this;
    }

    /** Copies the matched account's value {@code attribute} into {@code matched_<attribute>}. */
    public Builder attribute(String attribute) {
      attributes.add(attribute);
      return this;
    }

    /**
     * The probability thresholds: below {@code weak} there is no match; from {@code weak} to
     * {@code strong} the match is weak and cannot decide (defaults 0.6 and 0.9).
     */
    public Builder thresholds(double weakAt, double strongAt) {
      if (!(weakAt > 0 && weakAt <= strongAt && strongAt <= 1)) {
        throw new IllegalArgumentException("need 0 < weak <= strong <= 1, got " + weakAt + ", " + strongAt);
      }
      this.weak = weakAt;
      this.strong = strongAt;
      return this;
    }

    /**
     * The stage, running {@code rules} (bound to {@link AccountMatchStage#enrichedSchema(FeatureSchema, List)}
     * of this input and these attributes) on the enriched row.
     *
     * @throws IllegalArgumentException if no field is matched or a feature is not a string
     */
    public AccountMatchStage build(RuleStage rules) {
      if (fields.isEmpty()) {
        throw new IllegalArgumentException("an account match stage needs at least one field to match on");
      }
      return new AccountMatchStage(this, Objects.requireNonNull(rules));
    }
  }
}
