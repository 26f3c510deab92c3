package dev.scoring.monitoring;

/**
 * A segment's quality over its rolling window of labelled scores.
 *
 * @param segment the segment ({@value QualityMonitor#ALL} for every label)
 * @param labels labels in the window
 * @param positives of those, labelled 1
 * @param rocAuc ROC AUC (NaN with one class only)
 * @param expectedCalibrationError ECE over equal-width bins (NaN if the scores are not probabilities)
 * @param brier Brier score (NaN if the scores are not probabilities)
 * @param logLoss log loss, probabilities clipped to [1e-15, 1 − 1e-15] (NaN if not probabilities)
 * @param baselineAuc the AUC the segment is held to (configured, or its first evaluated AUC)
 * @param dropped whether the segment's quality is below its thresholds
 */
public record SegmentQuality(
    String segment,
    int labels,
    int positives,
    double rocAuc,
    double expectedCalibrationError,
    double brier,
    double logLoss,
    double baselineAuc,
    boolean dropped) {}
