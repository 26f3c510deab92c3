package dev.scoring.spark;

import dev.scoring.api.ModelSource;
import dev.scoring.api.ScorerSpec;
import java.io.Serializable;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ScorerSpec} with its model read into bytes on the driver (so a missing or oversized model
 * fails there, before any job runs), as serializable data for a broadcast.
 */
record PortableSpec(String type, String id, String sourceName, byte @Nullable [] model, PortableSchema schema,
    Map<String, String> options) implements Serializable {

  private static final long serialVersionUID = 1L;

  static PortableSpec of(ScorerSpec spec) {
    byte[] model = spec.source() == ModelSource.none() ? null : spec.readSource();
    return new PortableSpec(spec.type(), spec.id(), spec.source().name(), model, PortableSchema.of(spec.schema()),
        Map.copyOf(spec.options()));
  }

  ScorerSpec toSpec() {
    return ScorerSpec.builder(type).id(id)
        .source(model == null ? ModelSource.none() : ModelSource.bytes(sourceName, model))
        .schema(schema.toSchema()).options(options).build();
  }
}
