package dev.scoring.api;

/**
 * The one entry point a host app needs: build a scorer from a {@link ScorerSpec} with the
 * providers on the class path.
 *
 * <pre>{@code
 * try (Scorer scorer = Scorers.load(spec)) {
 *   Score score = scorer.score(row);
 * }
 * }</pre>
 *
 * <p>Each call discovers providers anew (cheap: a few class instantiations); a host that loads
 * many scorers, or wants a fixed class loader, keeps a {@link ScorerRegistry}.
 */
public final class Scorers {

  private Scorers() {}

  /**
   * Builds a scorer with the provider registered for {@code spec.type()}.
   *
   * @throws ModelException if no provider handles the type (the message lists those available),
   *     two claim it, or the provider rejects the model or options
   */
  public static Scorer load(ScorerSpec spec) {
    return ScorerRegistry.discover().load(spec);
  }
}
