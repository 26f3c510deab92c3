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
 * schema it binds to, and options: the common ones below, spelt the same for every provider, and
 * provider-specific ones (documented by each provider). A misspelt or unknown option fails at load.
 *
 * <table>
 *   <caption>Common options</caption>
 *   <tr><th>option</th><th>meaning</th><th>values per provider (default first)</th></tr>
 *   <tr><td>{@value #VERSION}</td><td>the model version recorded in every score's provenance and audit record</td>
 *       <td>any text; default: the version the model states ({@code model_version}, the rule file's {@code version},
 *       the ONNX model's version), else {@code unversioned}</td></tr>
 *   <tr><td>{@value #MISSING}</td><td>what a missing value does</td>
 *       <td>{@code xgboost}, {@code lightgbm}: {@code model} or {@code nan} (the same: a missing value is NaN and
 *       takes each split's default branch, as in XGBoost and LightGBM); {@code logistic}: {@code model} (the
 *       imputation the model was trained with; a missing value it never saw fails the record);
 *       {@code rules}: {@code model} (every test on a missing value is false); {@code onnx}: {@code reject},
 *       {@code nan} or {@code fill} (see {@code OnnxOptions.MISSING})</td></tr>
 *   <tr><td>{@value #MAX_BYTES}</td><td>the largest model source read, in bytes; a larger one fails</td>
 *       <td>a positive integer; default {@value ModelSource#DEFAULT_MAX_BYTES}</td></tr>
 * </table>
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

  /** The common option naming the model version for provenance. */
  public static final String VERSION = "version";

  /** The common option saying what a missing value does. */
  public static final String MISSING = "missing";

  /** The common option limiting the model source's size, in bytes. */
  public static final String MAX_BYTES = "max-bytes";

  /** The options every provider accepts, with the same spelling and meaning. */
  public static final Set<String> COMMON_OPTIONS = Set.of(VERSION, MISSING, MAX_BYTES);

  /** Earlier or other spellings of common options, for a helpful error. */
  private static final Map<String, String> RESPELT = Map.of(
      "model.version", VERSION, "model_version", VERSION, "max_bytes", MAX_BYTES, "maxBytes", MAX_BYTES,
      "missing_values", MISSING, "missing-value", MISSING);

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
   * Checks that every option is a {@linkplain #COMMON_OPTIONS common option} or one the provider
   * knows; providers call it first, so a misspelt option fails instead of being ignored.
   *
   * @throws ModelException naming the unknown options (with the common spelling of a respelt one)
   *     and listing the known ones
   */
  public void requireKnownOptions(Set<String> known) {
    Set<String> all = new TreeSet<>(known);
    all.addAll(COMMON_OPTIONS);
    Set<String> unknown = new TreeSet<>(options.keySet());
    unknown.removeAll(all);
    if (!unknown.isEmpty()) {
      StringBuilder hints = new StringBuilder();
      for (String u : unknown) {
        String common = RESPELT.get(u);
        if (common != null) {
          hints.append("; '").append(u).append("' is spelt '").append(common).append("' for every provider");
        }
      }
      throw new ModelException(
          "scorer '" + id + "' (" + type + "): unknown option(s) " + unknown + hints + "; known: " + all);
    }
  }

  /**
   * The {@value #VERSION} option, or {@code modelsOwn} (the version the model states) when absent.
   *
   * @throws ModelException if it is given blank
   */
  public String version(String modelsOwn) {
    String v = options.get(VERSION);
    if (v == null) {
      return modelsOwn;
    }
    if (v.isBlank()) {
      throw new ModelException("scorer '" + id + "': option '" + VERSION + "' must not be blank");
    }
    return v.strip();
  }

  /**
   * The {@value #MISSING} option (lower case), {@code supported[0]} when absent.
   *
   * @throws ModelException naming the values this provider supports for any other value
   */
  public String missing(String... supported) {
    String v = options.getOrDefault(MISSING, supported[0]).strip().toLowerCase(java.util.Locale.ROOT);
    for (String s : supported) {
      if (s.equals(v)) {
        return v;
      }
    }
    throw new ModelException("scorer '" + id + "' (" + type + "): option '" + MISSING + "' must be one of "
        + java.util.Arrays.toString(supported) + " for this provider, got '" + options.get(MISSING) + "'");
  }

  /**
   * Reads the model source, at most {@value #MAX_BYTES} bytes (default {@link ModelSource#DEFAULT_MAX_BYTES}).
   *
   * @throws ModelException if it cannot be read, is larger, or the option is not a positive integer
   */
  public byte[] readSource() {
    String v = options.get(MAX_BYTES);
    if (v == null) {
      return source.read();
    }
    long max;
    try {
      max = Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      max = -1;
    }
    if (max < 1) {
      throw new ModelException("scorer '" + id + "': option '" + MAX_BYTES + "' must be a positive number of bytes, got '" + v + "'");
    }
    return source.read(max);
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
