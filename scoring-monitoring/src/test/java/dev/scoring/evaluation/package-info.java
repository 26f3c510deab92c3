/** Tests of the offline evaluation. */
@NullMarked
package dev.scoring.evaluation;

import org.jspecify.annotations.NullMarked;
