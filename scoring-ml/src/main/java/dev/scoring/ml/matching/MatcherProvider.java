package dev.scoring.ml.matching;

import dev.scoring.api.ModelDescription;
import dev.scoring.api.ModelSource;
import dev.scoring.api.Provenance;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerSpec;
import dev.scoring.api.ScorerProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Provides pair scorers of type {@code matcher} from a matcher file ({@link Matcher#toJson(String)}):
 * the spec's schema holds {@code left.f} and {@code right.f} for each field {@code f}
 * ({@link PairScorer#pairSchema(java.util.List)}); the score is the match probability. No options.
 */
public final class MatcherProvider implements ScorerProvider {

  /** A provider; stateless. */
  public MatcherProvider() {}

  @Override
  public String type() {
    return "matcher";
  }

  @Override
  public Scorer create(ScorerSpec spec) {
    spec.requireKnownOptions(Set.of());
    byte[] bytes = spec.source().read(ModelSource.DEFAULT_MAX_BYTES);
    MatcherJson.Read read = MatcherJson.read(bytes, spec.source().name());
    Provenance provenance = new Provenance(spec.id(), type(), read.modelVersion(), ModelSource.digest(bytes));
    return new PairScorer(read.matcher().withId(spec.id()), spec.schema(), provenance);
  }

  /** The matcher's fields (as the pair schema), kind and weight table. */
  @Override
  public Optional<ModelDescription> describe(ScorerSpec spec) {
    MatcherJson.Read read = MatcherJson.read(spec.source().read(ModelSource.DEFAULT_MAX_BYTES), spec.source().name());
    MatchModel model = read.matcher().model();
    Map<String, String> details = new LinkedHashMap<>();
    details.put("model version", read.modelVersion());
    details.put("kind", model.kind().name().toLowerCase(java.util.Locale.ROOT));
    details.put("weights", String.join("; ", model.describe()));
    return Optional.of(new ModelDescription("matcher", MatcherJson.FORMAT + " JSON, format_version " + MatcherJson.FORMAT_VERSION,
        PairScorer.pairSchema(model.fields()).features(), details));
  }
}
