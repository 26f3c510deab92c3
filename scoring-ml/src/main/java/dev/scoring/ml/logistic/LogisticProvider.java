package dev.scoring.ml.logistic;

import dev.scoring.api.ModelDescription;
import dev.scoring.api.ModelException;
import dev.scoring.api.ModelSource;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerSpec;
import dev.scoring.api.ScorerProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Provides scorers of type {@code logistic} from a {@link LogisticModel} JSON file.
 *
 * <p>Option {@code calibration}: {@code model} (default) applies the calibration stored in the
 * model, {@code none} gives the uncalibrated probability; and the common options of
 * {@link ScorerSpec} ({@code version}, {@code missing} = {@code model}, {@code max-bytes}). The
 * scorer's model version is the {@code version} option, else the file's {@code model_version};
 * its digest is the SHA-256 of the file's bytes.
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
    spec.missing("model");
    byte[] bytes = spec.readSource();
    LogisticModel model = LogisticModel.read(bytes, spec.source().name());
    return new LogisticScorer(model, spec.id(), spec.version(model.modelVersion()), spec.schema(), ModelSource.digest(bytes),
        calibration.equals("model"));
  }

  /** The model's features (with their types), classes, columns, calibration and training provenance. */
  @Override
  public Optional<ModelDescription> describe(ScorerSpec spec) {
    spec.requireKnownOptions(Set.of("calibration"));
    LogisticModel model = LogisticModel.read(spec.readSource(), spec.source().name());
    TrainingProvenance p = model.provenance();
    Map<String, String> details = new LinkedHashMap<>();
    details.put("model version", model.modelVersion());
    details.put("classes", model.classes().toString());
    details.put("kind", model.isMultinomial() ? "multinomial (softmax)" : "binary");
    details.put("columns", Integer.toString(model.columns().size()));
    details.put("calibration", model.calibration().map(c -> c.getClass().getSimpleName()).orElse("none"));
    details.put("trained on", p.trainingRows() + " rows, " + p.trainingDataDigest());
    details.put("solver", p.solver() + ", " + p.iterations() + " iterations");
    details.put("hyper-parameters", p.hyperParameters().toString());
    details.put("created", p.createdAt() + " by scoring-ml " + p.libraryVersion() + " on Java " + p.javaVersion());
    return Optional.of(new ModelDescription("logistic", "dev.scoring.logistic JSON, format_version " + LogisticModel.FORMAT_VERSION,
        model.requiredSchema().features(), details));
  }
}
