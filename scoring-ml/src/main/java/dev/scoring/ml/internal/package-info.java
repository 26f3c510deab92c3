/** Helpers the readers of this module share; not exported. */
@NullMarked
package dev.scoring.ml.internal;

import org.jspecify.annotations.NullMarked;
