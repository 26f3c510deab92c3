/** The contract test kit for scorer and plugin authors: extend {@link dev.scoring.testing.ScorerContract}. */
@NullMarked
package dev.scoring.testing;

import org.jspecify.annotations.NullMarked;
