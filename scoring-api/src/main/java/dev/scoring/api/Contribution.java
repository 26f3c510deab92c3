package dev.scoring.api;

/**
 * How much one feature (or one scorecard line) moved a score's margin, for an {@link Explanation}.
 *
 * @param feature the feature's name, or the rule's name for a scorecard line
 * @param weight the change in margin it caused: positive raises the score
 * @param observed what was observed, for people: {@code "company_size = 800"}, {@code "country is missing"}, or a rule's text
 */
public record Contribution(String feature, double weight, String observed) {

  /** Checks that the weight is finite. */
  public Contribution {
    if (!Double.isFinite(weight)) {
      throw new IllegalArgumentException("contribution of '" + feature + "' is not finite: " + weight);
    }
  }

  /** A reason a sales manager can read, e.g. {@code "company_size = 800 (+0.42)"}. */
  public String reason() {
    return observed + " (" + (weight >= 0 ? "+" : "") + Explanation.format(weight) + ")";
  }
}
