/** Implementation shared by the packages of {@code scoring-monitoring}; not exported by the module, not API. */
@NullMarked
package dev.scoring.monitoring.internal;

import org.jspecify.annotations.NullMarked;
