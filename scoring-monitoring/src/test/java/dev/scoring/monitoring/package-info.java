/** Tests of the monitoring package. */
@NullMarked
package dev.scoring.monitoring;

import org.jspecify.annotations.NullMarked;
