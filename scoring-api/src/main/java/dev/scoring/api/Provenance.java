package dev.scoring.api;

/**
 * Which scorer and which model produced a score: carried by every {@link Score} and written to
 * every audit record.
 *
 * @param scorerId the scorer's id in the host app (e.g. {@code "lead-conversion"})
 * @param type the provider type that built it (e.g. {@code "xgboost"})
 * @param modelVersion the model's version as its file or spec states it ({@code "unversioned"} if none)
 * @param modelDigest a digest of the model's bytes ({@code "sha256:..."}), or of its definition for code-built scorers
 */
public record Provenance(String scorerId, String type, String modelVersion, String modelDigest) {

  /** Checks that no component is blank. */
  public Provenance {
    requireText(scorerId, "scorerId");
    requireText(type, "type");
    requireText(modelVersion, "modelVersion");
    requireText(modelDigest, "modelDigest");
  }

  private static void requireText(String value, String name) {
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }

  @Override
  public String toString() {
    return scorerId + " (" + type + " " + modelVersion + ", " + modelDigest + ")";
  }
}
