package dev.scoring.ml.anomaly;

/** Which way an observed rate or volume left its expected level. */
public enum Direction {
  /** Above the expected level: a rise in rate, a spike in volume. */
  RISE,
  /** Below the expected level: a drop in rate or volume. */
  DROP;

  /** The other direction. */
  public Direction opposite() {
    return this == RISE ? DROP : RISE;
  }
}
