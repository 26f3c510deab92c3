package dev.scoring.spark;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.ScorerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A decision pipeline for {@link SparkScoring#decide}: the schema, the scorer specs (their model
 * bytes are read on the driver and broadcast), the {@link PipelineFactory} that assembles them, and
 * how decision ids are made: {@code runId + ":" + key} when a key column is given (the same id on
 * every re-run of the same run, so output tables overwrite rather than duplicate), else {@code runId
 * + ":" + partition + ":" + row} (stable under task retries of one job). Immutable.
 *
 * @param schema the features the pipeline reads (table columns of the same names)
 * @param specs the scorers' specs, each bound to {@code schema}
 * @param factory assembles the pipeline on each executor
 * @param keyColumn the table column that identifies a record (any type, printed as text), or {@code null}
 * @param runId the run's id, e.g. the nightly run's date
 */
public record SparkPipeline(FeatureSchema schema, List<ScorerSpec> specs, PipelineFactory factory,
    @Nullable String keyColumn, String runId) {

  /** Checks and copies the components. @throws IllegalArgumentException if a spec is bound to another schema */
  public SparkPipeline {
    specs = List.copyOf(specs);
    for (ScorerSpec s : specs) {
      if (!s.schema().equals(schema)) {
        throw new IllegalArgumentException("scorer '" + s.id() + "' is bound to " + s.schema() + ", not the pipeline's " + schema);
      }
    }
    if (runId.isBlank() || runId.contains(":")) {
      throw new IllegalArgumentException("run id must be non-blank text without ':': '" + runId + "'");
    }
  }

  /** The key column, if decision ids are made from it. */
  public Optional<String> key() {
    return Optional.ofNullable(keyColumn);
  }

  /** Starts a pipeline over {@code schema} assembled by {@code factory}. */
  public static Builder builder(FeatureSchema schema, PipelineFactory factory) {
    return new Builder(schema, factory);
  }

  /** Builds a {@link SparkPipeline}; not thread-safe. */
  public static final class Builder {
    private final FeatureSchema schema;
    private final PipelineFactory factory;
    private final List<ScorerSpec> specs = new ArrayList<>();
    private @Nullable String keyColumn;
    private String runId = java.util.UUID.randomUUID().toString();

    private Builder(FeatureSchema schema, PipelineFactory factory) {
      this.schema = Objects.requireNonNull(schema);
      this.factory = Objects.requireNonNull(factory);
    }

    /** Adds a scorer; the factory receives the scorers in this order. */
    public Builder scorer(ScorerSpec spec) {
      specs.add(spec);
      return this;
    }

    /** Makes decision ids from this column (default: from partition and row position). */
    public Builder keyColumn(String column) {
      this.keyColumn = column;
      return this;
    }

    /** The run's id in every decision id (default: a random UUID per pipeline). */
    public Builder runId(String runId) {
      this.runId = runId;
      return this;
    }

    /** The pipeline definition. @throws IllegalArgumentException if a spec is bound to another schema */
    public SparkPipeline build() {
      return new SparkPipeline(schema, specs, factory, keyColumn, runId);
    }
  }
}
