/** End-to-end tests of the {@code scoring} tool. */
@NullMarked
package dev.scoring.examples.cli;

import org.jspecify.annotations.NullMarked;
