package dev.scoring.lifecycle;

import dev.scoring.api.ModelException;
import java.util.List;
import java.util.Optional;

/**
 * Model files kept by id and version, with their digest, provenance and lifecycle state.
 *
 * <p>Versions are numbered 1, 2, 3... per model id and never change their bytes. At most one version
 * of a model id is {@link ModelState#CHAMPION}: making a version champion retires the previous one
 * and remembers it, so {@link #rollback(String)} brings it back in one call.
 *
 * <p>Implementations are thread-safe; a change is durable when its method returns.
 * {@link DirectoryModelStore} keeps a directory on disk; {@code scoring-store} has a database store.
 */
public interface ModelStore {

  /**
   * Stores {@code bytes} as the next version of {@code modelId}.
   *
   * @param type the scorer provider type that loads the bytes (e.g. {@code "xgboost"})
   * @param state the new version's state; {@link ModelState#CHAMPION} retires the current champion
   * @return the stored version, with its number and digest
   * @throws IllegalArgumentException if the model id or type is invalid
   * @throws ModelException if the store cannot be written
   */
  ModelVersion save(String modelId, String type, byte[] bytes, ModelProvenance provenance, ModelState state);

  /**
   * The bytes of a version, checked against its digest.
   *
   * @throws ModelException if the version does not exist, cannot be read or does not match its digest
   */
  byte[] read(String modelId, int version);

  /** A version's metadata, if it exists. */
  Optional<ModelVersion> version(String modelId, int version);

  /** The versions of {@code modelId}, oldest first; empty if the model is unknown. */
  List<ModelVersion> versions(String modelId);

  /** The model ids in the store, sorted. */
  List<String> modelIds();

  /** The current champion of {@code modelId}, if it has one. */
  default Optional<ModelVersion> champion(String modelId) {
    return versions(modelId).stream().filter(v -> v.state() == ModelState.CHAMPION).findFirst();
  }

  /**
   * Moves a version to {@code state}. Making it {@link ModelState#CHAMPION} retires the current
   * champion (if another) and records the change for {@link #rollback(String)}; moving the champion
   * to another state leaves the model without a champion.
   *
   * @return the version in its new state
   * @throws ModelException if the version does not exist or the store cannot be written
   */
  ModelVersion setState(String modelId, int version, ModelState state);

  /** Makes a version the champion: {@code setState(modelId, version, CHAMPION)}. */
  default ModelVersion promote(String modelId, int version) {
    return setState(modelId, version, ModelState.CHAMPION);
  }

  /**
   * Retires the current champion and makes the previous champion the champion again, in one change.
   * Calling it again goes one champion further back.
   *
   * @return the restored champion
   * @throws ModelException if the model has no champion or no previous champion to roll back to
   */
  ModelVersion rollback(String modelId);
}
