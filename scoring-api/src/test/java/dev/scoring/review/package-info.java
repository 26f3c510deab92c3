/** Tests of {@code dev.scoring.review}. */
@NullMarked
package dev.scoring.review;

import org.jspecify.annotations.NullMarked;
