/** JMH benchmarks of the hot paths; each class's Javadoc gives its run command. */
@NullMarked
package dev.scoring.benchmarks;

import org.jspecify.annotations.NullMarked;
