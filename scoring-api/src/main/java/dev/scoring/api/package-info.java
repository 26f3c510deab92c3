/**
 * The public types a host application uses: {@link dev.scoring.api.FeatureSchema} and
 * {@link dev.scoring.api.Features} for records, {@link dev.scoring.api.Scorer},
 * {@link dev.scoring.api.Score} and {@link dev.scoring.api.Explanation} for scoring, and
 * {@link dev.scoring.api.Scorers}, the one entry point that loads a scorer from a specification.
 *
 * <p>Exceptions come in two families: {@link dev.scoring.api.ModelException} (a model or
 * configuration is unusable; fail fast) and {@link dev.scoring.api.RecordException} (one record is
 * bad; the guardrail layer sends it to review).
 */
@NullMarked
package dev.scoring.api;

import org.jspecify.annotations.NullMarked;
