package dev.scoring.ml.logistic;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a logistic model came from, stored in its file.
 *
 * @param trainingRows the number of training rows
 * @param trainingWeight the total of the rows' effective weights (sample weight times class weight)
 * @param trainingDataDigest {@code "sha256:..."} over the used features' values, labels and weights, in row order
 * @param hyperParameters the trainer's settings, by name (sorted)
 * @param solver {@code "newton"}, {@code "newton-cd"} (with an L1 penalty) or {@code "lbfgs"}
 * @param iterations the optimiser's iterations
 * @param libraryVersion the scoring-ml version that trained it
 * @param javaVersion the Java runtime version that trained it
 * @param createdAt when it was trained
 */
public record TrainingProvenance(
    long trainingRows,
    double trainingWeight,
    String trainingDataDigest,
    Map<String, String> hyperParameters,
    String solver,
    int iterations,
    String libraryVersion,
    String javaVersion,
    Instant createdAt) {

  /** Copies the hyper-parameters into a sorted, unmodifiable map. */
  public TrainingProvenance {
    hyperParameters = java.util.Collections.unmodifiableMap(new TreeMap<>(hyperParameters));
  }
}
