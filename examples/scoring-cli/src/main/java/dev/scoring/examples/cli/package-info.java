/** The {@code scoring} command-line tool, written only against the public API and the registry. */
@NullMarked
package dev.scoring.examples.cli;

import org.jspecify.annotations.NullMarked;
