package dev.scoring.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.Provenance;
import dev.scoring.api.Score;
import dev.scoring.api.ScoreKind;
import dev.scoring.api.Scorer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The kit fails scorers that break the contract: null scores, NaN values, a kind they do not keep, scoring after close. */
final class ContractKitCatchesTest {

  private static final FeatureSchema SCHEMA = FeatureSchema.builder().number("x").build();
  private static final List<Features> ROWS = List.of(Features.builder(SCHEMA).set("x", 1).build());

  /** A scorer that breaks the contract in one way. */
  private static final class Broken implements Scorer {
    private final Provenance provenance = new Provenance("broken", "test", "1", "sha256:01");
    private final LinearScorer good = new LinearScorer(SCHEMA);
    private final String how;
    private boolean closed;

    Broken(String how) {
      this.how = how;
    }

    @Override
    public Provenance provenance() {
      return provenance;
    }

    @Override
    public FeatureSchema schema() {
      return SCHEMA;
    }

    @Override
    public Optional<ScoreKind> kind() {
      return Optional.of(how.equals("kind") ? ScoreKind.POINTS : ScoreKind.PROBABILITY);
    }

    @Override
    @SuppressWarnings("NullAway")
    public Score score(Features row) {
      if (how.equals("null")) {
        return null;
      }
      Score s = good.score(row);
      return new Score(s.value(), s.margin(), s.kind(), null, List.of(), new double[0], provenance);
    }

    @Override
    public double scoreValue(Features row) {
      return how.equals("nan") ? Double.NaN : score(row).value();
    }

    @Override
    public Explanation explain(Features row) {
      return good.explain(row);
    }

    @Override
    public void close() {
      closed = true; // releases "resources" but keeps scoring: breaks the promise when how == "close"
    }
  }

  private static ScorerContract kit(String how) {
    ScorerContract kit = new ScorerContract() {
      @Override
      protected Scorer createScorer() {
        return new Broken(how);
      }

      @Override
      protected List<Features> sampleRows() {
        return ROWS;
      }
    };
    kit.openScorer();
    return kit;
  }

  @Test
  void aNullScore_fails() {
    assertThrows(AssertionFailedError.class, () -> kit("null").score_isNeverNullNorNaN());
  }

  @Test
  void aNaNValue_fails() {
    assertThrows(AssertionFailedError.class, () -> kit("nan").score_isNeverNullNorNaN());
  }

  @Test
  void aKindNotKept_fails() {
    assertThrows(AssertionFailedError.class, () -> kit("kind").score_keepsTheDeclaredKind());
  }

  @Test
  void scoringAfterClose_fails() {
    assertThrows(AssertionFailedError.class, () -> kit("close").score_afterCloseThrowsIllegalStateException());
  }
}
