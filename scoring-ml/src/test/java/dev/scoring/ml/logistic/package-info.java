/** Tests of logistic regression training, the model format, scoring and explanation. */
@NullMarked
package dev.scoring.ml.logistic;

import org.jspecify.annotations.NullMarked;
