/**
 * Implementation shared by the packages of {@code scoring-api} and, through qualified exports only,
 * with {@code scoring-monitoring} and {@code scoring-ml}; not API.
 */
@NullMarked
package dev.scoring.internal;

import org.jspecify.annotations.NullMarked;
