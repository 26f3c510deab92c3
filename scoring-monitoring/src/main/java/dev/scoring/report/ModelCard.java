package dev.scoring.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a reader needs to know about a model before trusting its numbers: what it is, where it came
 * from, what it was trained on, and where it should not be used.
 *
 * <pre>{@code
 * ModelCard card = new ModelCard("term-deposit propensity", Map.of(
 *     "type", "logistic regression (scoring-ml), Platt-calibrated",
 *     "training data", "bank-marketing calls May 2008 - Jun 2009, 27,000 rows"),
 *     List.of("duration is excluded: it is only known after the call"));
 * }</pre>
 *
 * @param model the model's name
 * @param facts provenance, training data, intended use, metrics, in the order given
 * @param limitations known limitations and cautions, one sentence each
 */
public record ModelCard(String model, Map<String, String> facts, List<String> limitations) {

  /** Copies the map (keeping its order) and the list. */
  public ModelCard {
    if (model.isBlank()) {
      throw new IllegalArgumentException("a model card needs the model's name");
    }
    facts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    limitations = List.copyOf(limitations);
  }
}
