/**
 * What happens around a decision: the {@link dev.scoring.review.ReviewQueue} where records wait
 * for a person, the {@link dev.scoring.review.AuditSink} that records every decision, and the
 * {@link dev.scoring.review.FeedbackLog} that turns reviewers' overrides and observed outcomes
 * into labelled examples.
 */
@NullMarked
package dev.scoring.review;

import org.jspecify.annotations.NullMarked;
