package dev.scoring.lifecycle;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.ModelException;
import dev.scoring.api.ModelSource;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerRegistry;
import dev.scoring.api.ScorerSpec;
import java.util.Map;
import java.util.Objects;

/**
 * Loads stored model versions as scorers through the {@link ScorerRegistry}: the version's bytes
 * (checked against their digest) become a {@link ScorerSpec} of the version's type, bound to the
 * schema, with the version's label ({@code "modelId@version"}) as the scorer's model version, so
 * every score names the stored version in its provenance.
 *
 * <pre>{@code
 * ModelLoader loader = ModelLoader.of(store, ScorerRegistry.discover(), schema);
 * Scorer champion = loader.champion("lead-score", "lead-score");
 * live.swapScorer("lead-score", () -> loader.load("lead-score", "lead-score", 4));
 * }</pre>
 *
 * <p>Thread-safe if the store is.
 */
public final class ModelLoader {

  private final ModelStore store;
  private final ScorerRegistry registry;
  private final FeatureSchema schema;
  private final Map<String, String> options;

  private ModelLoader(ModelStore store, ScorerRegistry registry, FeatureSchema schema, Map<String, String> options) {
    this.store = Objects.requireNonNull(store, "store");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.schema = Objects.requireNonNull(schema, "schema");
    this.options = Map.copyOf(options);
  }

  /** A loader of scorers bound to {@code schema} from {@code store}, built by {@code registry}'s providers. */
  public static ModelLoader of(ModelStore store, ScorerRegistry registry, FeatureSchema schema) {
    return new ModelLoader(store, registry, schema, Map.of());
  }

  /** This loader passing {@code options} (e.g. {@code missing}) to every spec it builds. */
  public ModelLoader withOptions(Map<String, String> options) {
    return new ModelLoader(store, registry, schema, options);
  }

  /** The store models are loaded from. */
  public ModelStore store() {
    return store;
  }

  /**
   * The spec of a stored version: its type, {@code scorerId}, its bytes, the schema, this loader's
   * options and its label as the {@value ScorerSpec#VERSION} option.
   *
   * @throws ModelException if the version does not exist or its bytes are unreadable or corrupt
   */
  public ScorerSpec spec(String scorerId, String modelId, int version) {
    ModelVersion v = store.version(modelId, version).orElseThrow(() -> new ModelException(
        "the model store has no version " + version + " of model " + modelId));
    byte[] bytes = store.read(modelId, version);
    return ScorerSpec.builder(v.type())
        .id(scorerId)
        .source(ModelSource.bytes(v.label(), bytes))
        .schema(schema)
        .options(options)
        .option(ScorerSpec.VERSION, v.label())
        .build();
  }

  /**
   * A stored version as a scorer with id {@code scorerId}.
   *
   * @throws ModelException if the version does not exist, is corrupt, or its provider refuses it
   */
  public Scorer load(String scorerId, String modelId, int version) {
    return registry.load(spec(scorerId, modelId, version));
  }

  /**
   * The current champion of {@code modelId} as a scorer with id {@code scorerId}.
   *
   * @throws ModelException if the model has no champion or it cannot be loaded
   */
  public Scorer champion(String scorerId, String modelId) {
    ModelVersion champion = store.champion(modelId).orElseThrow(() -> new ModelException(
        "model " + modelId + " has no champion in the store"));
    return load(scorerId, modelId, champion.version());
  }
}
