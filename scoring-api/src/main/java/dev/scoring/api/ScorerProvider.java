package dev.scoring.api;

import java.util.Optional;

/**
 * Supplies scorers of one type: the plugin interface (implement it to add a kind of scorer without
 * changing the library; it sits beside {@link ScorerRegistry}, which finds it, so the API has no
 * package cycle). Implementations are found with
 * {@link java.util.ServiceLoader}; register one in
 * {@code META-INF/services/dev.scoring.api.ScorerProvider} for class-path users and with
 * {@code provides dev.scoring.api.ScorerProvider with ...} in a module descriptor.
 *
 * <p>A provider is a cheap, stateless factory with a public no-argument constructor; the heavy
 * work (reading and checking the model) happens in {@link #create(ScorerSpec)}. It must be
 * thread-safe.
 */
public interface ScorerProvider {

  /**
   * The type this provider handles, a plain token unique among the providers on the class path,
   * e.g. {@code rules}, {@code logistic}, {@code xgboost}, {@code lightgbm}, {@code onnx}.
   */
  String type();

  /**
   * Builds a scorer: reads and checks the model, binds it to the spec's schema.
   *
   * @throws ModelException if the model or options are unusable, naming what and where
   */
  Scorer create(ScorerSpec spec);

  /**
   * Reads what the spec's model declares (format, features, details) without binding it to the
   * spec's schema, for tools that inspect models or build schemas for them. The default says
   * nothing; providers whose models name their features should override it.
   *
   * @throws ModelException if the model cannot be read
   */
  default Optional<ModelDescription> describe(ScorerSpec spec) {
    return Optional.empty();
  }
}
