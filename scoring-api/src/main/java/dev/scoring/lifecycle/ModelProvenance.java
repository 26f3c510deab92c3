package dev.scoring.lifecycle;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a model version comes from: who stored it and when, what data trained it, its evaluation
 * metrics and a free note.
 *
 * @param author who stored the version (a person, a job or a tool)
 * @param createdAt when it was stored
 * @param trainingData a description of the training data (a file, a query, a time window); may be empty
 * @param metrics evaluation figures by name (e.g. {@code "auc" -> 0.81}); finite values, sorted by name
 * @param note a free note; may be empty
 */
public record ModelProvenance(
    String author, Instant createdAt, String trainingData, Map<String, Double> metrics, String note) {

  /** Checks the fields and copies the metrics into an unmodifiable sorted map. */
  public ModelProvenance {
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(trainingData, "trainingData");
    Objects.requireNonNull(note, "note");
    if (author.isBlank()) {
      throw new IllegalArgumentException("a model version's author must not be blank");
    }
    TreeMap<String, Double> copy = new TreeMap<>();
    for (Map.Entry<String, Double> e : metrics.entrySet()) {
      String name = Objects.requireNonNull(e.getKey(), "metric name");
      double value = Objects.requireNonNull(e.getValue(), "metric " + name);
      if (name.isBlank()) {
        throw new IllegalArgumentException("a metric name must not be blank");
      }
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("metric " + name + " is not finite: " + value);
      }
      copy.put(name, value);
    }
    metrics = Collections.unmodifiableMap(copy);
  }

  /** Provenance stored now by {@code author}, with no training-data description, metrics or note. */
  public static ModelProvenance of(String author) {
    return new ModelProvenance(author, Instant.now(), "", Map.of(), "");
  }

  /** This provenance with {@code trainingData} as the training-data description. */
  public ModelProvenance withTrainingData(String trainingData) {
    return new ModelProvenance(author, createdAt, trainingData, metrics, note);
  }

  /** This provenance with {@code metrics} as the evaluation figures. */
  public ModelProvenance withMetrics(Map<String, Double> metrics) {
    return new ModelProvenance(author, createdAt, trainingData, metrics, note);
  }

  /** This provenance with {@code note} as the note. */
  public ModelProvenance withNote(String note) {
    return new ModelProvenance(author, createdAt, trainingData, metrics, note);
  }
}
