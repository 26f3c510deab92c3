/** An example third-party plugin: an engagement scorer registered through {@code META-INF/services}. */
@NullMarked
package dev.scoring.examples.plugin;

import org.jspecify.annotations.NullMarked;
