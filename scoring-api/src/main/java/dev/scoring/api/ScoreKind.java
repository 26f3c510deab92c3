package dev.scoring.api;

/** What a {@link Score}'s value means, which bounds it must respect, and how guardrail bands read it. */
public enum ScoreKind {
  /** A probability in [0, 1]. */
  PROBABILITY,
  /** Points from a scorecard; unbounded. */
  POINTS,
  /** A regression output or an untransformed margin; unbounded. */
  VALUE
}
