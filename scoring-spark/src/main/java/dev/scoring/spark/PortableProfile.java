package dev.scoring.spark;

import dev.scoring.monitoring.FeatureProfile;
import dev.scoring.monitoring.ReferenceProfile;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** A {@link ReferenceProfile} as plain serializable data (the exact edges, categories and counts), for a broadcast. */
record PortableProfile(PortableSchema schema, List<Column> features, Column score) implements Serializable {

  private static final long serialVersionUID = 1L;

  /** One feature's (or the score's) profile. */
  record Column(String name, boolean categorical, double[] edges, List<String> categories, long[] counts, long other,
      long missing) implements Serializable {
    private static final long serialVersionUID = 1L;

    static Column of(FeatureProfile p) {
      boolean cat = p.kind() == FeatureProfile.Kind.CATEGORICAL;
      long[] counts = p.counts();
      long other = 0;
      if (cat) {
        // FeatureProfile.categorical keeps "other" as the count after the kept categories
        other = counts.length > p.categories().size() ? counts[p.categories().size()] : 0;
        counts = java.util.Arrays.copyOf(counts, p.categories().size());
      }
      return new Column(p.name(), cat, cat ? new double[0] : p.edges(), List.copyOf(p.categories()), counts, other, p.missing());
    }

    FeatureProfile toProfile() {
      return categorical ? FeatureProfile.categorical(name, categories, counts, other, missing)
          : FeatureProfile.numeric(name, edges, counts, missing);
    }
  }

  static PortableProfile of(ReferenceProfile profile) {
    List<Column> fs = new ArrayList<>();
    for (FeatureProfile f : profile.features()) {
      fs.add(Column.of(f));
    }
    return new PortableProfile(PortableSchema.of(profile.schema()), List.copyOf(fs), Column.of(profile.score()));
  }

  ReferenceProfile toProfile() {
    List<FeatureProfile> fs = new ArrayList<>();
    for (Column c : features) {
      fs.add(c.toProfile());
    }
    return new ReferenceProfile(schema.toSchema(), fs, score.toProfile());
  }
}
