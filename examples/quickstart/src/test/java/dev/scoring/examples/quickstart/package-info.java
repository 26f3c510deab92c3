/** Tests of the quickstart and of the README's code. */
@NullMarked
package dev.scoring.examples.quickstart;

import org.jspecify.annotations.NullMarked;
