/** Tests of {@code dev.scoring.api}. */
@NullMarked
package dev.scoring.api;

import org.jspecify.annotations.NullMarked;
