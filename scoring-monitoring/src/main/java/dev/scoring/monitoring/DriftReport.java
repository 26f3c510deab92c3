package dev.scoring.monitoring;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The drift of one window against the reference profile.
 *
 * @param window the window's sequence number (1 for the first evaluated window; 0 for {@link DriftMonitor#evaluateNow()})
 * @param start a time window's start (inclusive); null for a window counted in rows
 * @param end a time window's end (exclusive); null for a window counted in rows
 * @param windowRows rows in the window
 * @param referenceRows rows in the reference profile
 * @param correction the multiple-testing correction applied
 * @param features every profiled feature, then the score
 */
public record DriftReport(
    long window,
    @Nullable Instant start,
    @Nullable Instant end,
    long windowRows, long referenceRows, Correction correction, List<FeatureDrift> features) {

  /** Copies the list. */
  public DriftReport {
    features = List.copyOf(features);
  }

  /** Whether any feature (or the score) drifted. */
  public boolean drifted() {
    return features.stream().anyMatch(FeatureDrift::drifted);
  }

  /** The features (and score) that drifted. */
  public List<FeatureDrift> driftedFeatures() {
    return features.stream().filter(FeatureDrift::drifted).toList();
  }

  /** The entry for a feature (or {@value ReferenceProfile#SCORE}), if profiled. */
  public Optional<FeatureDrift> feature(String name) {
    return features.stream().filter(f -> f.name().equals(name)).findFirst();
  }
}
