package dev.scoring.lifecycle;

import java.util.Objects;

/**
 * One stored version of a model.
 *
 * @param modelId the model's id (letters, digits, {@code . _ -}; at most 100 characters)
 * @param version the version number, 1 for the first version stored under {@code modelId}
 * @param type the scorer provider type that loads the bytes ({@code rules}, {@code xgboost},
 *     {@code lightgbm}, {@code logistic}, {@code onnx} or a plugin's type)
 * @param digest {@code "sha256:"} and the hex SHA-256 of the model bytes
 * @param state the version's lifecycle state
 * @param provenance who stored it, when, from what data, with which metrics
 */
public record ModelVersion(
    String modelId, int version, String type, String digest, ModelState state, ModelProvenance provenance) {

  /** Checks the fields. */
  public ModelVersion {
    checkModelId(modelId);
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(provenance, "provenance");
    if (version < 1) {
      throw new IllegalArgumentException("model " + modelId + ": version must be at least 1, got " + version);
    }
    if (type.isBlank()) {
      throw new IllegalArgumentException("model " + modelId + " v" + version + ": type must not be blank");
    }
    if (!digest.startsWith("sha256:")) {
      throw new IllegalArgumentException("model " + modelId + " v" + version + ": digest must start with sha256:");
    }
  }

  /** {@code "modelId@version"}, the name a decision's provenance and audit record give this version. */
  public String label() {
    return modelId + "@" + version;
  }

  /** This version in {@code newState}. */
  public ModelVersion withState(ModelState newState) {
    return new ModelVersion(modelId, version, type, digest, newState, provenance);
  }

  /**
   * Checks a model id: 1 to 100 characters, letters, digits, {@code .}, {@code _} or {@code -}, not
   * starting with {@code .} (ids name directories and database rows).
   *
   * @return {@code modelId}
   * @throws IllegalArgumentException if it is not a valid id
   */
  public static String checkModelId(String modelId) {
    Objects.requireNonNull(modelId, "modelId");
    boolean ok = !modelId.isEmpty() && modelId.length() <= 100 && modelId.charAt(0) != '.';
    for (int i = 0; ok && i < modelId.length(); i++) {
      char c = modelId.charAt(i);
      ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '-';
    }
    if (!ok) {
      throw new IllegalArgumentException("invalid model id \"" + modelId
          + "\": use 1 to 100 letters, digits, '.', '_' or '-', not starting with '.'");
    }
    return modelId;
  }
}
