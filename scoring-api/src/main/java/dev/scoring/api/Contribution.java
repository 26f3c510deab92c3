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

  /** A reason with the contribution in margin units, e.g. {@code "company_size = 800 (+0.42)"}. */
  public String reason() {
    return reason(Explanation.Unit.MARGIN);
  }

  /**
   * A reason a sales manager can read, the contribution stated in {@code unit}: {@code "Company
   * size = 800 raises the odds 1.5×"}, {@code "large company adds 10 points"}, {@code "Country is
   * missing lowers the probability by 4.2 points"}.
   */
  public String reason(Explanation.Unit unit) {
    boolean up = weight >= 0;
    double size = Math.abs(weight);
    return switch (unit) {
      case MARGIN -> observed + " (" + (up ? "+" : "-") + Explanation.format(size) + ")";
      case LOG_ODDS -> observed + (up ? " raises" : " lowers") + " the odds " + Explanation.format(Math.exp(size)) + "×";
      case POINTS -> observed + (up ? " adds " : " takes away ") + Explanation.format(size)
          + (size == 1.0 ? " point" : " points");
      case PROBABILITY -> observed + (up ? " raises" : " lowers") + " the probability by "
          + Explanation.format(100 * size) + " points";
    };
  }
}
