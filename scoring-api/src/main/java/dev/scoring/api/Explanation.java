package dev.scoring.api;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Why a scorer gave a record its score, in one format for every kind of scorer: per-feature
 * contributions that sum, with the {@link #bias()}, to the score's {@link Score#margin()}; the
 * rules that fired; and reason codes (top positive and negative factors) for people.
 *
 * <p>Explanations are computed on demand with {@link Scorer#explain(Features)}, never on the hot
 * path; some (TreeSHAP on large ensembles, sampling explainers) cost far more than a score.
 *
 * @param scorerId the scorer explained
 * @param bias the margin with no feature information (the expected margin, the intercept, a scorecard's base)
 * @param contributions per-feature (or per-scorecard-line) contributions, in the scorer's order
 * @param firedRules the rules that fired, in order; empty for models
 * @param unit what the contributions are measured in, which decides how reasons state them
 */
public record Explanation(String scorerId, double bias, List<Contribution> contributions, List<FiredRule> firedRules,
    Unit unit) {

  /** What an explanation's contributions are measured in. */
  public enum Unit {
    /** The scorer's margin, unit unstated: a reason shows the signed contribution, {@code (+0.842)}. */
    MARGIN,
    /** Log-odds: a reason states the factor on the odds, {@code raises the odds 2.3×}. */
    LOG_ODDS,
    /** Scorecard points: {@code adds 10 points}. */
    POINTS,
    /** Probability: a reason states percentage points, {@code raises the probability by 4.2 points}. */
    PROBABILITY
  }

  /** Copies the lists. */
  public Explanation {
    contributions = List.copyOf(contributions);
    firedRules = List.copyOf(firedRules);
  }

  /** An explanation in {@link Unit#MARGIN}. */
  public Explanation(String scorerId, double bias, List<Contribution> contributions, List<FiredRule> firedRules) {
    this(scorerId, bias, contributions, firedRules, Unit.MARGIN);
  }

  /** This explanation with its contributions stated in {@code unit}. */
  public Explanation withUnit(Unit unit) {
    return new Explanation(scorerId, bias, contributions, firedRules, unit);
  }

  /** The margin this explanation accounts for: the bias plus every contribution. */
  public double margin() {
    double sum = bias;
    for (Contribution c : contributions) {
      sum += c.weight();
    }
    return sum;
  }

  /** Up to {@code k} contributions that raised the score, largest first. */
  public List<Contribution> topPositive(int k) {
    return top(k, true);
  }

  /** Up to {@code k} contributions that lowered the score, most negative first. */
  public List<Contribution> topNegative(int k) {
    return top(k, false);
  }

  /**
   * Reason codes a rep or manager can read, one line per reason: the outcomes of fired rules that
   * are not also contributions, then up to {@code k} top positive and {@code k} top negative
   * factors stated in the explanation's {@link #unit()}, e.g.
   * {@code "Company size = 800 raises the odds 1.5×"} or {@code "large company adds 10 points"}.
   */
  public List<String> reasons(int k) {
    List<String> reasons = new ArrayList<>();
    java.util.Set<String> contributing = new java.util.HashSet<>();
    for (Contribution c : contributions) {
      contributing.add(c.feature());
    }
    for (FiredRule r : firedRules) {
      if (!contributing.contains(r.name())) {
        add(reasons, r.name() + ": " + r.outcome());
      }
    }
    for (Contribution c : topPositive(k)) {
      add(reasons, c.reason(unit));
    }
    for (Contribution c : topNegative(k)) {
      add(reasons, c.reason(unit));
    }
    return reasons;
  }

  private static void add(List<String> reasons, String reason) {
    if (!reasons.contains(reason)) {
      reasons.add(reason);
    }
  }

  private List<Contribution> top(int k, boolean positive) {
    if (k < 0) {
      throw new IllegalArgumentException("k must not be negative: " + k);
    }
    Comparator<Contribution> order = Comparator.comparingDouble(Contribution::weight);
    return contributions.stream()
        .filter(c -> positive ? c.weight() > 0 : c.weight() < 0)
        .sorted(positive ? order.reversed() : order)
        .limit(k)
        .toList();
  }

  static String format(double v) {
    return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
  }
}
