/** The contract test kit for scorers, shipped in the test-jar. */
@NullMarked
package dev.scoring.testing;

import org.jspecify.annotations.NullMarked;
