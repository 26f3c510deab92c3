/** A host app written for the module path: see {@link dev.scoring.examples.modulehost.ModuleHost}. */
@NullMarked
package dev.scoring.examples.modulehost;

import org.jspecify.annotations.NullMarked;
