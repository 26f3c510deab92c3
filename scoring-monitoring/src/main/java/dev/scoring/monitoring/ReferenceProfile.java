package dev.scoring.monitoring;

import dev.scoring.api.Feature;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.ModelException;
import dev.scoring.api.FeatureType;
import dev.scoring.api.Features;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The reference distributions of a model's input features and of its score, built from training
 * (or any trusted) data and saved with the model as JSON; a {@link DriftMonitor} compares live
 * windows with it.
 *
 * <p>Numbers, booleans and timestamps get quantile bins (by default 100, fine enough for the
 * Kolmogorov–Smirnov statistic; PSI and Jensen–Shannon merge them into about 10); categories keep
 * their most frequent values (by default 50) and put the rest in "other". Text features are not
 * profiled, and timestamps only if asked for ({@link Builder#include(String)}), since time itself
 * always drifts.
 *
 * <pre>{@code
 * ReferenceProfile.Builder b = ReferenceProfile.builder(schema);
 * for (int i = 0; i < rows.size(); i++) b.add(rows.get(i), scores[i]);
 * ReferenceProfile profile = b.build();
 * profile.write(Path.of("model.profile.json"));
 * ReferenceProfile again = ReferenceProfile.read(Path.of("model.profile.json"), schema);
 * }</pre>
 *
 * Immutable and thread-safe.
 */
public final class ReferenceProfile {

  /** The name of the score's profile. */
  public static final String SCORE = "score";

  private final FeatureSchema schema;
  private final List<FeatureProfile> features;
  private final FeatureProfile score;

  /**
   * A profile from its parts.
   *
   * @param schema the schema the features belong to
   * @param features the feature profiles; each name must be a feature of the schema, numeric
   *     profiles for numbers, booleans and timestamps, categorical ones for categories
   * @param score the score's profile (numeric)
   * @throws IllegalArgumentException if a profile does not fit the schema
   */
  public ReferenceProfile(FeatureSchema schema, List<FeatureProfile> features, FeatureProfile score) {
    Set<String> seen = new HashSet<>();
    for (FeatureProfile p : features) {
      Feature f = schema.find(p.name()).orElseThrow(() -> new IllegalArgumentException(
          "profile '" + p.name() + "' names no feature of the schema " + schema.names()));
      boolean categorical = f.type() == FeatureType.CATEGORY;
      if (f.type() == FeatureType.TEXT || categorical != (p.kind() == FeatureProfile.Kind.CATEGORICAL)) {
        throw new IllegalArgumentException("profile '" + p.name() + "' is " + p.kind() + " but the feature is " + f.type());
      }
      if (!seen.add(p.name())) {
        throw new IllegalArgumentException("two profiles for feature '" + p.name() + "'");
      }
    }
    if (score.kind() != FeatureProfile.Kind.NUMERIC) {
      throw new IllegalArgumentException("the score's profile must be numeric");
    }
    this.schema = schema;
    this.features = List.copyOf(features);
    this.score = score;
  }

  /** Starts a profile of rows of {@code schema}. */
  public static Builder builder(FeatureSchema schema) {
    return new Builder(schema);
  }

  /** The schema. */
  public FeatureSchema schema() {
    return schema;
  }

  /** The feature profiles, in schema order. */
  public List<FeatureProfile> features() {
    return features;
  }

  /** The score's profile. */
  public FeatureProfile score() {
    return score;
  }

  /** The profile of a feature, if it was profiled. */
  public Optional<FeatureProfile> feature(String name) {
    return features.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** The profile as JSON (see {@link #fromJson(String, FeatureSchema)}). */
  public String toJson() {
    return ProfileJson.write(this);
  }

  /**
   * Reads a profile written by {@link #toJson()} and binds it to {@code schema}.
   *
   * @throws ModelException if the JSON is malformed (with the line and column), nested deeper than
   *     64 levels, or does not fit the schema
   */
  public static ReferenceProfile fromJson(String json, FeatureSchema schema) {
    return ProfileJson.read(json, schema);
  }

  /** Writes {@link #toJson()} to a UTF-8 file. @throws UncheckedIOException naming the file if writing fails */
  public void write(Path file) {
    try {
      Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write profile " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a profile from a UTF-8 file.
   *
   * @throws ModelException naming the file if it cannot be read or is not a profile for the schema
   *     (with the line and column)
   */
  public static ReferenceProfile read(Path file, FeatureSchema schema) {
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ModelException("cannot read profile " + file + ": " + e.getMessage(), e);
    }
    try {
      return fromJson(json, schema);
    } catch (ModelException e) {
      throw new ModelException(file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(@org.jspecify.annotations.Nullable Object o) {
    return o instanceof ReferenceProfile p && schema.equals(p.schema) && features.equals(p.features) && score.equals(p.score);
  }

  @Override
  public int hashCode() {
    return 31 * features.hashCode() + score.hashCode();
  }

  @Override
  public String toString() {
    return "ReferenceProfile" + features + " " + score;
  }

  /** Collects reference rows and scores; not thread-safe. Memory grows with the rows added. */
  public static final class Builder {
    private final FeatureSchema schema;
    private int bins = 100;
    private int maxCategories = 50;
    private final Map<String, double[]> fixedEdges = new HashMap<>();
    private final Set<String> excluded = new HashSet<>();
    private final Set<String> included = new HashSet<>();
    private final Map<Integer, Values> numbers = new LinkedHashMap<>();
    private final Map<Integer, Map<String, long[]>> categories = new LinkedHashMap<>();
    private final Map<Integer, long[]> missing = new HashMap<>();
    private final Values scores = new Values();
    private long scoresMissing;
    private boolean started;

    private Builder(FeatureSchema schema) {
      this.schema = schema;
    }

    /** Quantile bins per number (default 100). @throws IllegalArgumentException unless in [2, 10000] */
    public Builder bins(int bins) {
      requireNotStarted();
      if (bins < 2 || bins > 10_000) {
        throw new IllegalArgumentException("bins must be in [2, 10000]: " + bins);
      }
      this.bins = bins;
      return this;
    }

    /** The most categories kept per feature, the rest go to "other" (default 50). @throws IllegalArgumentException if below 1 */
    public Builder maxCategories(int max) {
      requireNotStarted();
      if (max < 1) {
        throw new IllegalArgumentException("maxCategories must be at least 1: " + max);
      }
      this.maxCategories = max;
      return this;
    }

    /**
     * Fixed bin edges for a numeric feature (or {@value #SCORE}) instead of quantiles.
     *
     * @throws IllegalArgumentException if the name is unknown or not numeric, or the edges are not finite and strictly ascending
     */
    public Builder edges(String feature, double... edges) {
      if (!feature.equals(SCORE)) {
        Feature f = schema.find(feature).orElseThrow(() -> new IllegalArgumentException("unknown feature '" + feature + "'"));
        if (f.type().isString()) {
          throw new IllegalArgumentException("feature '" + feature + "' is " + f.type() + ": only numeric features have edges");
        }
      }
      FeatureProfile.numeric(feature, edges, new long[edges.length + 1], 0); // checks the edges
      fixedEdges.put(feature, edges.clone());
      return this;
    }

    /** Leaves a feature out of the profile. @throws IllegalArgumentException if the name is unknown */
    public Builder exclude(String feature) {
      requireNotStarted();
      schema.find(feature).orElseThrow(() -> new IllegalArgumentException("unknown feature '" + feature + "'"));
      excluded.add(feature);
      return this;
    }

    /** Profiles a timestamp feature (left out by default). @throws IllegalArgumentException unless it is a timestamp */
    public Builder include(String feature) {
      requireNotStarted();
      Feature f = schema.find(feature).orElseThrow(() -> new IllegalArgumentException("unknown feature '" + feature + "'"));
      if (f.type() != FeatureType.TIMESTAMP) {
        throw new IllegalArgumentException("only timestamps need include(): '" + feature + "' is " + f.type());
      }
      included.add(feature);
      return this;
    }

    /**
     * Adds a reference row and its score ({@code NaN} if it has none).
     *
     * @throws dev.scoring.api.RecordException if the row is bound to another schema
     */
    public Builder add(Features row, double score) {
      row.requireSchema(schema);
      if (!started) {
        started = true;
        for (Feature f : schema.features()) {
          if (excluded.contains(f.name())) {
            continue;
          }
          switch (f.type()) {
            case NUMBER, BOOLEAN -> numbers.put(f.index(), new Values());
            case TIMESTAMP -> {
              if (included.contains(f.name())) {
                numbers.put(f.index(), new Values());
              }
            }
            case CATEGORY -> categories.put(f.index(), new HashMap<>());
            case TEXT -> { }
          }
          missing.put(f.index(), new long[1]);
        }
      }
      for (Map.Entry<Integer, Values> e : numbers.entrySet()) {
        int i = e.getKey();
        if (row.isMissing(i)) {
          java.util.Objects.requireNonNull(missing.get(i))[0]++;
        } else {
          e.getValue().add(row.number(i));
        }
      }
      for (Map.Entry<Integer, Map<String, long[]>> e : categories.entrySet()) {
        String v = row.string(e.getKey());
        if (v == null) {
          java.util.Objects.requireNonNull(missing.get(e.getKey()))[0]++;
        } else {
          e.getValue().computeIfAbsent(v, k -> new long[1])[0]++;
        }
      }
      if (Double.isNaN(score)) {
        scoresMissing++;
      } else if (Double.isInfinite(score)) {
        throw new IllegalArgumentException("score is infinite: " + score);
      } else {
        scores.add(score);
      }
      return this;
    }

    /**
     * The profile.
     *
     * @throws IllegalStateException if no row was added
     */
    public ReferenceProfile build() {
      if (!started) {
        throw new IllegalStateException("no reference rows were added");
      }
      List<FeatureProfile> out = new ArrayList<>();
      for (Feature f : schema.features()) {
        int i = f.index();
        if (numbers.containsKey(i)) {
          out.add(numeric(f.name(), numbers.get(i), java.util.Objects.requireNonNull(missing.get(i))[0]));
        } else if (categories.containsKey(i)) {
          out.add(categorical(f.name(), categories.get(i), java.util.Objects.requireNonNull(missing.get(i))[0]));
        }
      }
      return new ReferenceProfile(schema, out, numeric(SCORE, scores, scoresMissing));
    }

    private FeatureProfile numeric(String name, Values values, long missingCount) {
      double[] sorted = Arrays.copyOf(values.data, values.size);
      Arrays.sort(sorted);
      double[] edges = fixedEdges.get(name);
      if (edges == null) {
        edges = quantileEdges(sorted, bins);
      }
      long[] counts = new long[edges.length + 1];
      FeatureProfile shape = FeatureProfile.numeric(name, edges, counts, 0);
      for (double v : sorted) {
        counts[shape.bin(v)]++;
      }
      return FeatureProfile.numeric(name, edges, counts, missingCount);
    }

    private FeatureProfile categorical(String name, Map<String, long[]> counts, long missingCount) {
      List<Map.Entry<String, long[]>> entries = new ArrayList<>(counts.entrySet());
      entries.sort((a, b) -> a.getValue()[0] != b.getValue()[0]
          ? Long.compare(b.getValue()[0], a.getValue()[0]) : a.getKey().compareTo(b.getKey()));
      int keep = Math.min(maxCategories, entries.size());
      List<String> cats = new ArrayList<>(keep);
      long[] c = new long[keep];
      long other = 0;
      for (int k = 0; k < entries.size(); k++) {
        if (k < keep) {
          cats.add(entries.get(k).getKey());
          c[k] = entries.get(k).getValue()[0];
        } else {
          other += entries.get(k).getValue()[0];
        }
      }
      return FeatureProfile.categorical(name, cats, c, other, missingCount);
    }

    private void requireNotStarted() {
      if (started) {
        throw new IllegalStateException("configure the builder before adding rows");
      }
    }
  }

  /**
   * Edges at the j/bins quantiles (the smallest value with at least that fraction at or below
   * it), duplicates dropped, the maximum dropped (it would leave an empty top bin).
   */
  static double[] quantileEdges(double[] sorted, int bins) {
    int n = sorted.length;
    if (n == 0) {
      return new double[0];
    }
    double[] edges = new double[bins - 1];
    int k = 0;
    for (int j = 1; j < bins; j++) {
      int pos = (int) Math.ceil((double) j * n / bins) - 1;
      double v = sorted[Math.max(0, Math.min(n - 1, pos))];
      if (v < sorted[n - 1] && (k == 0 || v > edges[k - 1])) {
        edges[k++] = v;
      }
    }
    if (k == 0) {
      return new double[] {sorted[0]};
    }
    return Arrays.copyOf(edges, k);
  }

  /** A growable array of doubles. */
  private static final class Values {
    double[] data = new double[64];
    int size;

    void add(double v) {
      if (size == data.length) {
        data = Arrays.copyOf(data, size * 2);
      }
      data[size++] = v;
    }
  }
}
