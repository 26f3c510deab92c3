/**
 * Champion/challenger: {@link dev.scoring.shadow.ShadowComparison} reads a shadow log (written by
 * {@link dev.scoring.decision.ShadowScoring}) and the feedback, and reports agreement, the
 * action-change matrix, AUC with intervals and DeLong's test, calibration, precision at the same
 * review rate and per-segment differences; {@link dev.scoring.shadow.JsonLinesShadowLog} keeps the
 * log in a file.
 */
@NullMarked
package dev.scoring.shadow;

import org.jspecify.annotations.NullMarked;
