package dev.scoring.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a model declares about itself, read without binding it to a schema: its format, the
 * features it reads (with the types it expects, in the model's own order), and details such as
 * the objective, the number of trees or the ONNX inputs and outputs. Tools use it to inspect a
 * model and to build a schema for it.
 *
 * @param type the provider type, e.g. {@code xgboost}
 * @param format the file format, e.g. {@code "XGBoost JSON 2.1"}
 * @param features the features the model reads; {@link Feature#index()} is the position in the model
 * @param details other facts as readable text, in a stable order (copied)
 */
public record ModelDescription(String type, String format, List<Feature> features, Map<String, String> details) {

  /** Copies the collections, keeping the details' order. */
  public ModelDescription {
    features = List.copyOf(features);
    details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /** A schema of exactly the model's features, in the model's order. */
  public FeatureSchema schema() {
    FeatureSchema.Builder b = FeatureSchema.builder();
    for (Feature f : features) {
      b.add(f.name(), f.type());
    }
    return b.build();
  }
}
