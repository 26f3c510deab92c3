/**
 * The durable side of the decision loop: {@link dev.scoring.store.Store} opens a SQLite file or a
 * PostgreSQL database and gives a {@link dev.scoring.review.ReviewQueue} with the reviewer
 * workflow, a hash-chained {@link dev.scoring.review.AuditSink} and a
 * {@link dev.scoring.review.FeedbackLog}, sharing one schema that the store migrates itself.
 */
@NullMarked
package dev.scoring.store;

import org.jspecify.annotations.NullMarked;
