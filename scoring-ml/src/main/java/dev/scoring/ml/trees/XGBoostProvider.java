package dev.scoring.ml.trees;

import dev.scoring.api.ModelDescription;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerSpec;
import dev.scoring.api.ScorerProvider;
import java.util.Optional;

/**
 * Provides scorers of type {@code xgboost}: XGBoost models saved as JSON ({@code save_model("m.json")},
 * XGBoost 1.0 to 3.x) with the gbtree, dart or gblinear booster. The scorer is a {@link TreeScorer}.
 *
 * <p>Model features bind to schema features by the model's {@code feature_names} (or {@code f0, f1, ...}
 * when it has none). Options:
 * <ul>
 *   <li>{@code features}: comma-separated schema names for the model's features, in model order;
 *   <li>{@code classes}: comma-separated class names for a multiclass model (default {@code 0, 1, ...});
 *   <li>{@code version}: the model version recorded in provenance (default: the XGBoost version);
 *   <li>{@code max_bytes}: the largest model file accepted (default 1 GiB);
 *   <li>{@code iterations}: score with the first N boosting iterations only (e.g. the best
 *       iteration of early stopping; XGBoost's {@code iteration_range=(0, N)}); default all.
 * </ul>
 * Numerical features may be {@code NUMBER}, {@code BOOLEAN} or {@code TIMESTAMP}; a feature with
 * native categorical splits may be {@code NUMBER} (the category code) or {@code CATEGORY} (the code
 * as a string, e.g. {@code "3"}); an unknown category is scored as missing and counted. A feature
 * the model's {@code feature_types} marks as an indicator ({@code "i"}) is described as
 * {@code BOOLEAN}, so rows built from text take {@code TRUE}/{@code FALSE}, {@code yes}/{@code no},
 * {@code 1}/{@code 0} and the other spellings of {@link dev.scoring.api.Features#parseBoolean}.
 * JSON files may hold XGBoost's non-standard numbers {@code NaN}, {@code Infinity} and
 * {@code -Infinity}, and start with a byte-order mark.
 */
public final class XGBoostProvider implements ScorerProvider {

  /** For {@link java.util.ServiceLoader}. */
  public XGBoostProvider() {}

  @Override
  public String type() {
    return "xgboost";
  }

  @Override
  public Scorer create(ScorerSpec spec) {
    return Providers.create(spec, type(), XGBoostModels::read);
  }

  @Override
  public Optional<ModelDescription> describe(ScorerSpec spec) {
    return Providers.describe(spec, type(), XGBoostModels::read);
  }
}
