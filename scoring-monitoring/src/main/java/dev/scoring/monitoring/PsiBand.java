package dev.scoring.monitoring;

/** The customary reading of a population stability index. */
public enum PsiBand {
  /** PSI below 0.1: no significant shift. */
  STABLE,
  /** PSI in [0.1, 0.25): a moderate shift, worth a look. */
  MODERATE,
  /** PSI of 0.25 or more: a major shift. */
  MAJOR;

  /** The band of {@code psi} (NaN reads as {@link #STABLE}). */
  public static PsiBand of(double psi) {
    return psi >= 0.25 ? MAJOR : psi >= 0.1 ? MODERATE : STABLE;
  }
}
