/** Tests of {@code dev.scoring.decision}. */
@NullMarked
package dev.scoring.decision;

import org.jspecify.annotations.NullMarked;
