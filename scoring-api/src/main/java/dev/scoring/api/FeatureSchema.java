package dev.scoring.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The ordered, typed features that rows carry and scorers bind to.
 *
 * <p>A schema is built once and is immutable and thread-safe. Scorers look features up by name
 * when they bind ({@link #require(String, FeatureType)}), keep the index, and address values by
 * index on the hot path; no name lookup happens per score.
 *
 * <pre>{@code
 * FeatureSchema schema = FeatureSchema.builder()
 *     .number("company_size").category("country").bool("inbound").text("email_body")
 *     .build();
 * }</pre>
 */
public final class FeatureSchema {

  private final List<Feature> features;
  private final Map<String, Feature> byName;
  private final int hash;
  /** The features' types by position, shared (never modified) by every row of this schema. */
  final FeatureType[] types;

  private FeatureSchema(List<Feature> features) {
    this.features = List.copyOf(features);
    this.types = new FeatureType[this.features.size()];
    for (int i = 0; i < types.length; i++) {
      types[i] = this.features.get(i).type();
    }
    Map<String, Feature> names = new HashMap<>();
    for (Feature f : this.features) {
      names.put(f.name(), f);
    }
    this.byName = Map.copyOf(names);
    this.hash = this.features.hashCode();
  }

  /** Starts a schema; features take positions in the order they are added. */
  public static Builder builder() {
    return new Builder();
  }

  /** The number of features. */
  public int size() {
    return features.size();
  }

  /** The feature at {@code index}. */
  public Feature feature(int index) {
    return features.get(index);
  }

  /** All features, in order. */
  public List<Feature> features() {
    return features;
  }

  /** The feature with this name, if the schema has one. */
  public Optional<Feature> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * The feature with this name, for binding.
   *
   * @throws ModelException if there is none; the message lists the known names
   */
  public Feature feature(String name) {
    Feature f = byName.get(name);
    if (f == null) {
      throw new ModelException("the schema has no feature '" + name + "'; it has " + knownNames());
    }
    return f;
  }

  /**
   * The index of the feature with this name and type, for a scorer that binds to the schema.
   *
   * @throws ModelException if there is no such feature or it has another type
   */
  public int require(String name, FeatureType type) {
    Feature f = feature(name);
    if (f.type() != type) {
      throw new ModelException(
          "feature '" + name + "' is " + f.type() + " in the schema but the model needs " + type);
    }
    return f.index();
  }

  /** The feature names, in order. */
  public List<String> names() {
    List<String> names = new ArrayList<>(features.size());
    for (Feature f : features) {
      names.add(f.name());
    }
    return names;
  }

  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof FeatureSchema other && hash == other.hash && features.equals(other.features));
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return "FeatureSchema" + features;
  }

  String knownNames() {
    return new TreeSet<>(byName.keySet()).toString();
  }

  /** Builds a {@link FeatureSchema}; not thread-safe. */
  public static final class Builder {
    private final List<Feature> features = new ArrayList<>();
    private final Map<String, FeatureType> seen = new HashMap<>();

    private Builder() {}

    /**
     * Adds a feature at the next position.
     *
     * @throws IllegalArgumentException if a feature of this name was already added, or the name is not valid
     */
    public Builder add(String name, FeatureType type) {
      FeatureType earlier = seen.putIfAbsent(name, type);
      if (earlier != null) {
        throw new IllegalArgumentException(
            "duplicate feature '" + name + "': already added as " + earlier + " at position " + indexOf(name));
      }
      features.add(new Feature(name, type, features.size()));
      return this;
    }

    /** Adds a {@link FeatureType#NUMBER} feature. */
    public Builder number(String name) {
      return add(name, FeatureType.NUMBER);
    }

    /** Adds a {@link FeatureType#CATEGORY} feature. */
    public Builder category(String name) {
      return add(name, FeatureType.CATEGORY);
    }

    /** Adds a {@link FeatureType#BOOLEAN} feature. */
    public Builder bool(String name) {
      return add(name, FeatureType.BOOLEAN);
    }

    /** Adds a {@link FeatureType#TEXT} feature. */
    public Builder text(String name) {
      return add(name, FeatureType.TEXT);
    }

    /** Adds a {@link FeatureType#TIMESTAMP} feature. */
    public Builder timestamp(String name) {
      return add(name, FeatureType.TIMESTAMP);
    }

    private int indexOf(String name) {
      for (Feature f : features) {
        if (f.name().equals(name)) {
          return f.index();
        }
      }
      return -1;
    }

    /** The schema; the builder may be reused, later changes do not affect it. */
    public FeatureSchema build() {
      return new FeatureSchema(features);
    }
  }
}
