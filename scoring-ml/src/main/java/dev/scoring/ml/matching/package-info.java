/**
 * Record matching: whether two records (a lead and an account, two rows of a CRM table) are the
 * same entity, how likely, and why.
 *
 * <p>{@link dev.scoring.ml.matching.MatchField}s say what each field holds ({@link
 * dev.scoring.ml.matching.FieldType}: company, person, email, phone, address, domain, text, ...);
 * the type chooses the normalisation ({@link dev.scoring.ml.matching.CompanyNames}, {@link
 * dev.scoring.ml.matching.Normalize}) and the similarities ({@link dev.scoring.ml.matching.Similarity}),
 * whose values map to comparison levels. A {@link dev.scoring.ml.matching.MatchModel} turns levels
 * into a probability with a per-field weight table: Fellegi-Sunter m/u weights estimated by EM
 * without labels or counted from labels ({@link dev.scoring.ml.matching.FellegiSunter}), or a
 * logistic model trained in the library ({@link dev.scoring.ml.matching.LogisticMatchTrainer}).
 * {@link dev.scoring.ml.matching.Matcher} compares pairs; {@link dev.scoring.ml.matching.Blocking}
 * proposes candidate pairs for a whole table, {@link dev.scoring.ml.matching.Clustering} turns
 * matched pairs into entities, {@link dev.scoring.ml.matching.MatchIndex} finds the best accounts
 * for one new record in real time, and {@link dev.scoring.ml.matching.AccountMatchStage} puts that
 * lookup in front of a decision pipeline's rules. {@link dev.scoring.ml.matching.MatcherProvider}
 * provides pair scorers of type {@code matcher}.
 */
@NullMarked
package dev.scoring.ml.matching;

import org.jspecify.annotations.NullMarked;
