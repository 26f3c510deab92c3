package dev.scoring.ml.logistic;

import dev.scoring.api.ModelException;
import dev.scoring.api.ModelSource;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerSpec;
import dev.scoring.spi.ScorerProvider;
import java.util.Set;

/**
 * Provides scorers of type {@code logistic} from a {@link LogisticModel} JSON file.
 *
 * <p>Option {@code calibration}: {@code model} (default) applies the calibration stored in the
 * model, {@code none} gives the uncalibrated probability. The scorer's model version is the file's
 * {@code model_version} and its digest the SHA-256 of the file's bytes.
 */
public final class LogisticProvider implements ScorerProvider {

  /** A provider; stateless. */
  public LogisticProvider() {}

  @Override
  public String type() {
    return "logistic";
  }

  @Override
  public Scorer create(ScorerSpec spec) {
    spec.requireKnownOptions(Set.of("calibration"));
    String calibration = spec.option("calibration", "model");
    if (!calibration.equals("model") && !calibration.equals("none")) {
      throw new ModelException("scorer '" + spec.id() + "': option 'calibration' must be 'model' or 'none', got '" + calibration + "'");
    }
    byte[] bytes = spec.source().read();
    LogisticModel model = LogisticModel.read(bytes, spec.source().name());
    return new LogisticScorer(model, spec.id(), spec.schema(), ModelSource.digest(bytes), calibration.equals("model"));
  }
}
