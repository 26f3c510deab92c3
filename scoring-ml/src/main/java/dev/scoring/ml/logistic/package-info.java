/**
 * Logistic regression trained in the library: {@link dev.scoring.ml.logistic.LogisticTrainer}
 * (built with its builder) fits a feature transformation and binary or softmax coefficients from
 * labelled rows or a feedback log; {@link dev.scoring.ml.logistic.LogisticModel} holds them with
 * their provenance and saves to a versioned JSON format; {@link dev.scoring.ml.logistic.LogisticScorer}
 * scores and explains rows; {@link dev.scoring.ml.logistic.LogisticProvider} loads model files
 * for provider type {@code logistic}.
 */
@NullMarked
package dev.scoring.ml.logistic;

import org.jspecify.annotations.NullMarked;
