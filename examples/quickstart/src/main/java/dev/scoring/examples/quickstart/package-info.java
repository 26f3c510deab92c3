/** The quickstart host app. */
@NullMarked
package dev.scoring.examples.quickstart;

import org.jspecify.annotations.NullMarked;
