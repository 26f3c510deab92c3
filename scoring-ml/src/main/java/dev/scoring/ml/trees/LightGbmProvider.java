package dev.scoring.ml.trees;

import dev.scoring.api.ModelDescription;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerSpec;
import dev.scoring.api.ScorerProvider;
import java.util.Optional;

/**
 * Provides scorers of type {@code lightgbm}: LightGBM text models ({@code model.txt}, format v2 to v4)
 * and JSON model dumps ({@code dump_model()}; a dump without an objective scores raw margins),
 * for binary, multiclass (softmax and one-vs-all), regression, Poisson/Gamma/Tweedie, cross-entropy
 * and ranking objectives, with categorical splits, {@code average_output} (random forest) and
 * linear trees. The scorer is a {@link TreeScorer}.
 *
 * <p>Model features bind to schema features by the model's {@code feature_names}. Options are those
 * of {@link XGBoostProvider} ({@code features}, {@code classes}, {@code version}, {@code max_bytes}, {@code iterations}: LightGBM's
 * {@code num_iteration}).
 * A categorical feature may be {@code NUMBER} (the code) or {@code CATEGORY}: with the model's
 * {@code pandas_categorical} list the string is the pandas category, otherwise the code as a string.
 */
public final class LightGbmProvider implements ScorerProvider {

  /** For {@link java.util.ServiceLoader}. */
  public LightGbmProvider() {}

  @Override
  public String type() {
    return "lightgbm";
  }

  @Override
  public Scorer create(ScorerSpec spec) {
    return Providers.create(spec, type(), LightGbmModels::read);
  }

  @Override
  public Optional<ModelDescription> describe(ScorerSpec spec) {
    return Providers.describe(spec, type(), LightGbmModels::read);
  }
}
