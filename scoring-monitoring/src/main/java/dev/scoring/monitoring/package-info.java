/**
 * Online monitoring, in constant memory and thread-safe: reference profiles of features and
 * scores ({@link dev.scoring.monitoring.ReferenceProfile}), windowed drift statistics against them
 * ({@link dev.scoring.monitoring.DriftMonitor}: PSI, Kolmogorov–Smirnov, chi-square,
 * Jensen–Shannon, with multiple-testing correction; tumbling or sliding windows counted in rows or
 * in time, on event times or an injectable clock), quality from labelled feedback ({@link
 * dev.scoring.monitoring.QualityMonitor}), events to a {@link dev.scoring.monitoring.MonitorListener},
 * and a rule stage that tightens the guardrail while an alarm is raised ({@link
 * dev.scoring.monitoring.ReviewGate}).
 */
@NullMarked
package dev.scoring.monitoring;

import org.jspecify.annotations.NullMarked;
