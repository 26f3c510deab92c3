package dev.scoring.ml.matching;

import dev.scoring.api.Features;
import dev.scoring.api.Scorer;
import dev.scoring.testing.ScorerContract;
import java.util.List;

/** The scorer contract for a pair matcher loaded through the registry. */
final class MatcherContractTest extends ScorerContract {

  @Override
  protected Scorer createScorer() {
    return MatcherProviderTest.load(MatcherProviderTest.MATCHER.toJson("contract"));
  }

  @Override
  protected List<Features> sampleRows() {
    return List.of(
        MatcherProviderTest.pair("Acme Incorporated", "acme.com", "ACME Inc.", "acme.com"),
        MatcherProviderTest.pair("Globex", "globex.com", "Initech", "initech.com"),
        Features.of(MatcherProviderTest.PAIRS, java.util.Map.of("left.company", "Umbrella Corp")));
  }
}
