package dev.scoring.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 *
 * <p>A feature may carry a display label and a number format for reasons people read
 * ({@link Builder#label(String, String)}, {@link Builder#format(String, String)}), and be marked
 * personal ({@link Builder#personal(String...)}): its values are redacted before anything is
 * written (audit, review items, feedback; see {@code dev.scoring.review.Redaction}). None of them
 * takes part in equality.
 */
public final class FeatureSchema {

  private final List<Feature> features;
  private final Map<String, Feature> byName;
  private final int hash;
  /** The features' types by position, shared (never modified) by every row of this schema. */
  final FeatureType[] types;

  private final Map<String, String> labels;
  private final Map<String, String> formats;
  private final Set<String> personal;

  private FeatureSchema(List<Feature> features, Map<String, String> labels, Map<String, String> formats,
      Set<String> personal) {
    this.labels = Map.copyOf(labels);
    this.personal = Set.copyOf(personal);
    this.formats = Map.copyOf(formats);
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
    // stable across JVMs (names and type names, not enum identity hashes), so row digests in audit
    // records written by different processes agree
    int h = 1;
    for (Feature f : this.features) {
      h = 31 * (31 * h + f.name().hashCode()) + f.type().name().hashCode();
    }
    this.hash = h;
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

  /** Whether feature {@code name} is marked personal ({@link Builder#personal(String...)}). */
  public boolean isPersonal(String name) {
    return personal.contains(name);
  }

  /** The names of the features marked personal. */
  public Set<String> personal() {
    return personal;
  }

  /** Whether any feature is marked personal. */
  public boolean hasPersonal() {
    return !personal.isEmpty();
  }

  /** The feature's display label for people ({@link Builder#label(String, String)}), else its name. */
  public String label(String name) {
    return labels.getOrDefault(name, name);
  }

  /** The feature's number format for reasons ({@link Builder#format(String, String)}), if it has one. */
  public java.util.Optional<String> format(String name) {
    return java.util.Optional.ofNullable(formats.get(name));
  }

  /**
   * The value of feature {@code index} of {@code row} for people: its label, then {@code = value}
   * (numbers in the feature's {@linkplain Builder#format(String, String) format}) or
   * {@code is missing}, e.g. {@code "Company size = 31,400"}.
   */
  public String describe(Features row, int index) {
    String name = feature(index).name();
    String label = label(name);
    if (row.isMissing(index)) {
      return label + " is missing";
    }
    String format = formats.get(name);
    if (format != null && features.get(index).type() == FeatureType.NUMBER) {
      return label + " = " + String.format(java.util.Locale.ROOT, format, row.number(index));
    }
    return label + " = " + row.display(index);
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
    private final Map<String, String> labels = new HashMap<>();
    private final Map<String, String> formats = new HashMap<>();
    private final Set<String> personal = new TreeSet<>();

    private Builder() {}

    /**
     * Marks features as personal data (an e-mail address, a name, a phone number): their values
     * are redacted before an audit record, review item or labelled example is written, by the
     * store's {@code Redaction} (dropped unless it replaces them by keyed hashes), and so are
     * their occurrences in reason texts. The features must be added by {@link #build()}.
     */
    public Builder personal(String... features) {
      for (String f : features) {
        personal.add(java.util.Objects.requireNonNull(f, "feature"));
      }
      return this;
    }

    /**
     * A display label for reasons people read, e.g. {@code "Company size"} for
     * {@code company_size}; the feature must be added by {@link #build()}.
     *
     * @throws IllegalArgumentException if the label is blank
     */
    public Builder label(String feature, String label) {
      if (label.isBlank()) {
        throw new IllegalArgumentException("label of '" + feature + "' must not be blank");
      }
      labels.put(feature, label.strip());
      return this;
    }

    /**
     * A {@link String#format(String, Object...)} pattern for a number feature's value in reasons,
     * e.g. {@code "%,.0f employees"} or {@code "$%,.0f"}.
     *
     * @throws IllegalArgumentException if the pattern does not format one number
     */
    public Builder format(String feature, String pattern) {
      try {
        String.format(java.util.Locale.ROOT, pattern, 1.0);
      } catch (java.util.IllegalFormatException e) {
        throw new IllegalArgumentException("format of '" + feature + "' does not format a number: " + pattern, e);
      }
      formats.put(feature, pattern);
      return this;
    }

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

    /**
     * The schema; the builder may be reused, later changes do not affect it.
     *
     * @throws IllegalArgumentException if a label or format names a feature that was not added
     */
    public FeatureSchema build() {
      for (String name : labels.keySet()) {
        requireAdded(name, "label");
      }
      for (String name : personal) {
        requireAdded(name, "personal mark");
      }
      for (String name : formats.keySet()) {
        requireAdded(name, "format");
        if (seen.get(name) != FeatureType.NUMBER) {
          throw new IllegalArgumentException("format of '" + name + "': the feature is " + seen.get(name) + ", not a number");
        }
      }
      return new FeatureSchema(features, labels, formats, personal);
    }

    private void requireAdded(String name, String what) {
      if (!seen.containsKey(name)) {
        throw new IllegalArgumentException(what + " of '" + name + "': no such feature; the schema has "
            + new TreeSet<>(seen.keySet()));
      }
    }
  }
}
