package dev.scoring.evaluation;

/** The threshold-free binary metrics that bootstrap intervals and comparisons are given for. */
public enum BinaryMetric {
  /** Area under the ROC curve, ties counted one half (Mann–Whitney U / (n1·n0)); higher is better. */
  ROC_AUC,
  /** Area under the precision–recall curve as average precision; higher is better. */
  PR_AUC,
  /** Mean negative log-likelihood (natural log); lower is better; needs probabilities. */
  LOG_LOSS,
  /** Mean squared error of the probability; lower is better; needs probabilities. */
  BRIER
}
