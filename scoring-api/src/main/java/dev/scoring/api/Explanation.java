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
 */
public record Explanation(String scorerId, double bias, List<Contribution> contributions, List<FiredRule> firedRules) {

  /** Copies the lists. */
  public Explanation {
    contributions = List.copyOf(contributions);
    firedRules = List.copyOf(firedRules);
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
   * Reason codes a rep or manager can read: the fired rules' outcomes, then up to {@code k} top
   * positive and {@code k} top negative factors, e.g. {@code "company_size = 800 (+0.42)"}.
   */
  public List<String> reasons(int k) {
    List<String> reasons = new ArrayList<>();
    for (FiredRule r : firedRules) {
      reasons.add(r.name() + ": " + r.outcome());
    }
    for (Contribution c : topPositive(k)) {
      reasons.add(c.reason());
    }
    for (Contribution c : topNegative(k)) {
      reasons.add(c.reason());
    }
    return reasons;
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
