import org.jspecify.annotations.NullMarked;

/**
 * The contract test kit for scorer and plugin authors: extend {@code dev.scoring.testing.ScorerContract}
 * in a JUnit Jupiter test to check thread safety, determinism, batch = single, explanations that sum to
 * the margin and the close contract.
 */
@NullMarked
module dev.scoring.testing {
  requires transitive dev.scoring.api;
  requires transitive org.junit.jupiter.api;
  requires static transitive org.jspecify;

  exports dev.scoring.testing;
}
