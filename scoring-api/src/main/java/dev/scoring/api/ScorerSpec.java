package dev.scoring.api;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Everything needed to build a scorer: its provider type, its id, where its model comes from, the
 * schema it binds to, and provider-specific options (documented by each provider).
 *
 * <pre>{@code
 * ScorerSpec spec = ScorerSpec.builder("xgboost")
 *     .id("lead-conversion")
 *     .source(ModelSource.path(Path.of("models/conversion.json")))
 *     .schema(schema)
 *     .option("missing", "nan")
 *     .build();
 * Scorer scorer = Scorers.load(spec);
 * }</pre>
 *
 * @param type the provider type, e.g. {@code rules}, {@code logistic}, {@code xgboost}, {@code lightgbm}, {@code onnx}
 * @param id the scorer's id, as it appears in scores, decisions and audit records
 * @param source the model
 * @param schema the schema the scorer binds to
 * @param options provider options (copied; iteration in insertion order is not guaranteed)
 */
public record ScorerSpec(String type, String id, ModelSource source, FeatureSchema schema, Map<String, String> options) {

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_.\\-]+");

  /**
   * Checks and copies the components.
   *
   * @throws IllegalArgumentException if the type or id is not a plain token
   */
  public ScorerSpec {
    if (!TOKEN.matcher(type).matches()) {
      throw new IllegalArgumentException("scorer type '" + type + "' must be letters, digits, '_', '.', '-'");
    }
    if (!TOKEN.matcher(id).matches()) {
      throw new IllegalArgumentException("scorer id '" + id + "' must be letters, digits, '_', '.', '-'");
    }
    options = Map.copyOf(options);
  }

  /** Starts a spec for a provider type; the id defaults to the type. */
  public static Builder builder(String type) {
    return new Builder(type);
  }

  /** The option's value, if given. */
  public Optional<String> option(String name) {
    return Optional.ofNullable(options.get(name));
  }

  /** The option's value, or {@code defaultValue}. */
  public String option(String name, String defaultValue) {
    return options.getOrDefault(name, defaultValue);
  }

  /**
   * An integer option.
   *
   * @throws ModelException naming the scorer and option if the value is not an integer
   */
  public int intOption(String name, int defaultValue) {
    String v = options.get(name);
    if (v == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new ModelException("scorer '" + id + "': option '" + name + "' must be an integer, got '" + v + "'");
    }
  }

  /**
   * A number option.
   *
   * @throws ModelException naming the scorer and option if the value is not a finite number
   */
  public double doubleOption(String name, double defaultValue) {
    String v = options.get(name);
    if (v == null) {
      return defaultValue;
    }
    try {
      double d = Double.parseDouble(v.trim());
      if (Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ModelException("scorer '" + id + "': option '" + name + "' must be a finite number, got '" + v + "'");
  }

  /**
   * A boolean option ({@code true} or {@code false}).
   *
   * @throws ModelException naming the scorer and option for any other value
   */
  public boolean booleanOption(String name, boolean defaultValue) {
    String v = options.get(name);
    if (v == null) {
      return defaultValue;
    }
    return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ModelException("scorer '" + id + "': option '" + name + "' must be true or false, got '" + v + "'");
    };
  }

  /**
   * Checks that every option is one the provider knows; providers call it first, so a misspelt
   * option fails instead of being ignored.
   *
   * @throws ModelException naming the unknown options and listing the known ones
   */
  public void requireKnownOptions(Set<String> known) {
    Set<String> unknown = new TreeSet<>(options.keySet());
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw new ModelException(
          "scorer '" + id + "' (" + type + "): unknown option(s) " + unknown + "; known: " + new TreeSet<>(known));
    }
  }

  /** Builds a {@link ScorerSpec}; not thread-safe. */
  public static final class Builder {
    private final String type;
    private String id;
    private ModelSource source = ModelSource.none();
    private FeatureSchema schema = FeatureSchema.builder().build();
    private final Map<String, String> options = new LinkedHashMap<>();

    private Builder(String type) {
      this.type = type;
      this.id = type;
    }

    /** Sets the scorer's id (default: the type). */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /** Sets the model source (default: none). */
    public Builder source(ModelSource source) {
      this.source = source;
      return this;
    }

    /** Sets the model source to a file. */
    public Builder path(Path path) {
      return source(ModelSource.path(path));
    }

    /** Sets the schema to bind to (default: empty). */
    public Builder schema(FeatureSchema schema) {
      this.schema = schema;
      return this;
    }

    /** Sets a provider option. */
    public Builder option(String name, String value) {
      options.put(name, value);
      return this;
    }

    /** Sets several provider options. */
    public Builder options(Map<String, String> more) {
      options.putAll(more);
      return this;
    }

    /** The spec. @throws IllegalArgumentException if the type or id is not valid */
    public ScorerSpec build() {
      return new ScorerSpec(type, id, source, schema, options);
    }
  }
}
