package dev.scoring.lifecycle;

import dev.scoring.api.ModelException;
import org.jspecify.annotations.Nullable;

/**
 * A new version of a stage was refused by {@link LivePipeline}: it failed to load, failed its
 * {@link SmokeCheck}, or does not fit the pipeline. The version in use stays.
 */
public final class ModelRefusedException extends ModelException {

  private static final long serialVersionUID = 1L;

  private final String stage;

  /** A refusal of a new version of {@code stage}, described by {@code message}. */
  public ModelRefusedException(String stage, String message, @Nullable Throwable cause) {
    super("stage '" + stage + "': new version refused, the current one stays: " + message, cause);
    this.stage = stage;
  }

  /** The name of the stage whose new version was refused. */
  public String stage() {
    return stage;
  }
}
