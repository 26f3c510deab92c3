/**
 * Implementation shared by the packages of {@code scoring-api}; not exported by the module, not API.
 */
@NullMarked
package dev.scoring.internal;

import org.jspecify.annotations.NullMarked;
