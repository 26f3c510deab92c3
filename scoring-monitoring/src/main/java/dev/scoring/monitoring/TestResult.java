package dev.scoring.monitoring;

/**
 * A statistical test's outcome.
 *
 * @param statistic the test statistic (the KS distance D, or the chi-square statistic)
 * @param degreesOfFreedom the chi-square degrees of freedom; NaN for Kolmogorov–Smirnov
 * @param pValue the p-value (asymptotic); NaN if the test is undefined (an empty sample)
 */
public record TestResult(double statistic, double degreesOfFreedom, double pValue) {}
