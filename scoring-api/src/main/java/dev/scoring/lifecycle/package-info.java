/**
 * Model lifecycle without a database: a {@link dev.scoring.lifecycle.ModelStore} keeps model files by
 * id and version with their digest, {@link dev.scoring.lifecycle.ModelProvenance provenance} and
 * {@link dev.scoring.lifecycle.ModelState state}; {@link dev.scoring.lifecycle.DirectoryModelStore}
 * is the embedded default (a directory on disk, written atomically).
 *
 * <p>At most one version of a model is the {@link dev.scoring.lifecycle.ModelState#CHAMPION champion};
 * promoting another retires it, and {@link dev.scoring.lifecycle.ModelStore#rollback(String)} brings
 * back the previous champion in one call.
 */
@NullMarked
package dev.scoring.lifecycle;

import org.jspecify.annotations.NullMarked;
