package dev.scoring.spark;

import dev.scoring.api.Feature;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.FeatureType;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A {@link FeatureSchema} as plain serializable data (names, types, labels, formats), for shipping to executors. */
record PortableSchema(List<Column> columns) implements Serializable {

  private static final long serialVersionUID = 1L;

  /** One feature. */
  record Column(String name, FeatureType type, @Nullable String label, @Nullable String format) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  static PortableSchema of(FeatureSchema schema) {
    List<Column> columns = new ArrayList<>(schema.size());
    for (Feature f : schema.features()) {
      String label = schema.label(f.name());
      columns.add(new Column(f.name(), f.type(), label.equals(f.name()) ? null : label, schema.format(f.name()).orElse(null)));
    }
    return new PortableSchema(List.copyOf(columns));
  }

  FeatureSchema toSchema() {
    FeatureSchema.Builder b = FeatureSchema.builder();
    for (Column c : columns) {
      b.add(c.name(), c.type());
      if (c.label() != null) {
        b.label(c.name(), c.label());
      }
      if (c.format() != null) {
        b.format(c.name(), c.format());
      }
    }
    return b.build();
  }
}
