package dev.scoring.spark;

import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.MutableFeatures;
import dev.scoring.api.RecordException;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerSpec;
import dev.scoring.api.Scorers;
import dev.scoring.decision.DecisionPipeline;
import dev.scoring.review.AuditRecord;
import dev.scoring.review.AuditSink;
import dev.scoring.review.ReviewItem;
import dev.scoring.review.ReviewQueue;
import java.io.Serializable;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.catalyst.expressions.SpecificInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.jspecify.annotations.Nullable;

/**
 * Scores and decides a whole table on Spark with the same scorers and pipeline as in process.
 *
 * <p>Both methods check the table's columns against the schema on the driver (a
 * {@link SchemaMismatchException} naming the column and the expected type before any job runs), read
 * the model bytes on the driver and load each scorer there once (a bad model fails there too), then
 * broadcast the bytes: each executor JVM builds the scorers or the pipeline once per broadcast, and
 * each partition is read into reused {@link MutableFeatures} rows. The result is lazy, like any
 * Dataset: the columns of the table, then the appended columns listed below.
 *
 * <p>A row that cannot be scored never fails the job: {@link #score} leaves its scores {@code null}
 * and sets {@value #REVIEW} with the reason in {@value #REVIEW_REASON}; {@link #decide} passes it to
 * the pipeline's audited path for raw input ({@link DecisionPipeline#decide(Map)}), which makes it a
 * review listing its problems.
 */
public final class SparkScoring {

  /** {@link #score}: per scorer, {@code <id>_score} (double), {@code <id>_label} (string) and {@code <id>_version} (string). */
  public static final String SCORE_SUFFIX = "_score";
  /** {@link #score}: the predicted label of a scorer whose kind is not fixed at bind time (a classifier), else null. */
  public static final String LABEL_SUFFIX = "_label";
  /** {@link #score}: the model version of each scorer. */
  public static final String VERSION_SUFFIX = "_version";
  /** Both: whether the row goes to review (boolean). */
  public static final String REVIEW = "review";
  /** {@link #score}: why a row could not be scored, else null. */
  public static final String REVIEW_REASON = "review_reason";
  /** {@link #decide}: the decision's id. */
  public static final String DECISION_ID = "decision_id";
  /** {@link #decide}: the final score, null when there is none. */
  public static final String SCORE = "score";
  /** {@link #decide}: the first predicted label among the decision's scores, else null. */
  public static final String LABEL = "label";
  /** {@link #decide}: the action, described ({@code "route inside-sales"}, {@code "review sdr: uncertain score"}). */
  public static final String ACTION = "action";
  /** {@link #decide}: the action's kind: {@code AUTO}, {@code NEGATIVE}, {@code ROUTE} or {@code REVIEW}. */
  public static final String ACTION_KIND = "action_kind";
  /** {@link #decide}: the review queue, else null. */
  public static final String QUEUE = "queue";
  /** {@link #decide}: the decision's reasons, for people (array of strings; top factors for reviews). */
  public static final String REASONS = "reasons";
  /** {@link #decide}: the model version of each score, {@code scorerId -> version} (map). */
  public static final String MODEL_VERSIONS = "model_versions";
  /** {@link #decide}: whether the rule baseline stood in for a failed scorer. */
  public static final String FALLBACK = "fallback";
  /** {@link #decide}: when the decision was made. */
  public static final String DECIDED_AT = "decided_at";
  /** {@link #decide}: the decision's audit record as JSON ({@link AuditRecord#toJson()}). */
  public static final String AUDIT = "audit";

  /** Rows per batch call. */
  static final int CHUNK = 512;

  private SparkScoring() {}

  /**
   * Appends each scorer's score, label and model version, and the review flag and reason, to every
   * row of {@code table}.
   *
   * @param specs the scorers, all bound to one schema whose features are columns of {@code table}
   * @throws SchemaMismatchException if a feature's column is missing or of the wrong type
   * @throws IllegalArgumentException if no spec is given, specs are bound to different schemas, or an
   *     appended column exists already
   * @throws dev.scoring.api.ModelException if a model cannot be read or loaded
   */
  public static Dataset<Row> score(Dataset<Row> table, ScorerSpec... specs) {
    if (specs.length == 0) {
      throw new IllegalArgumentException("score needs at least one scorer spec");
    }
    FeatureSchema schema = specs[0].schema();
    List<PortableSpec> portable = new ArrayList<>();
    boolean[] labelled = new boolean[specs.length];
    StructType out = table.schema();
    for (int s = 0; s < specs.length; s++) {
      ScorerSpec spec = specs[s];
      if (!spec.schema().equals(schema)) {
        throw new IllegalArgumentException("scorer '" + spec.id() + "' is bound to " + spec.schema() + ", not " + schema);
      }
      PortableSpec p = PortableSpec.of(spec);
      try (Scorer local = Scorers.load(p.toSpec())) {
        labelled[s] = local.kind().isEmpty();
      }
      portable.add(p);
      out = add(out, spec.id() + SCORE_SUFFIX, DataTypes.DoubleType);
      out = add(out, spec.id() + LABEL_SUFFIX, DataTypes.StringType);
      out = add(out, spec.id() + VERSION_SUFFIX, DataTypes.StringType);
    }
    out = add(out, REVIEW, DataTypes.BooleanType);
    out = add(out, REVIEW_REASON, DataTypes.StringType);
    ColumnBinding binding = ColumnBinding.bind(schema, table.schema());
    Broadcast<ArrayList<PortableSpec>> models = broadcast(table, new ArrayList<>(portable));
    if (table instanceof org.apache.spark.sql.classic.Dataset<Row> classic) {
      // Spark's own row form: no conversion to and from Row objects, primitive getters, one reused output row
      RDD<InternalRow> rows = classic.queryExecution().toRdd();
      JavaRDD<InternalRow> scored = rows.toJavaRDD().mapPartitions(new ScoreInternal(models, binding, labelled,
          table.schema().size()));
      return classic.sparkSession().internalCreateDataFrame(scored.rdd(), out, false);
    }
    return table.mapPartitions(new ScorePartition(models, binding, labelled, table.schema().size()), Encoders.row(out));
  }

  /**
   * Decides every row of {@code table} with the pipeline and appends the decision's columns:
   * {@value #DECISION_ID}, {@value #SCORE}, {@value #LABEL}, {@value #ACTION}, {@value #ACTION_KIND},
   * {@value #REVIEW}, {@value #QUEUE}, {@value #REASONS}, {@value #MODEL_VERSIONS}, {@value #FALLBACK},
   * {@value #DECIDED_AT} and {@value #AUDIT}. The pipeline's review items and audit records are these
   * columns (write them with {@link DecisionOutput}).
   *
   * @throws SchemaMismatchException if a feature's column is missing or of the wrong type
   * @throws IllegalArgumentException if the key column is missing or an appended column exists already
   * @throws dev.scoring.api.ModelException if a model cannot be read or loaded
   * @throws IllegalStateException if the factory's pipeline cannot be built (checked on the driver)
   */
  public static Dataset<Row> decide(Dataset<Row> table, SparkPipeline pipeline) {
    FeatureSchema schema = pipeline.schema();
    ColumnBinding binding = ColumnBinding.bind(schema, table.schema());
    int key = -1;
    if (pipeline.keyColumn() != null) {
      key = Arrays.asList(table.schema().fieldNames()).indexOf(pipeline.keyColumn());
      if (key < 0) {
        throw new IllegalArgumentException("the table has no key column '" + pipeline.keyColumn() + "'");
      }
    }
    ArrayList<PortableSpec> portable = new ArrayList<>();
    for (ScorerSpec spec : pipeline.specs()) {
      portable.add(PortableSpec.of(spec));
    }
    PipelineDefinition definition = new PipelineDefinition(PortableSchema.of(schema), portable, pipeline.factory());
    definition.build(); // on the driver: a bad model or policy fails here, before any job
    StructType out = table.schema();
    out = add(out, DECISION_ID, DataTypes.StringType);
    out = add(out, SCORE, DataTypes.DoubleType);
    out = add(out, LABEL, DataTypes.StringType);
    out = add(out, ACTION, DataTypes.StringType);
    out = add(out, ACTION_KIND, DataTypes.StringType);
    out = add(out, REVIEW, DataTypes.BooleanType);
    out = add(out, QUEUE, DataTypes.StringType);
    out = add(out, REASONS, DataTypes.createArrayType(DataTypes.StringType, false));
    out = add(out, MODEL_VERSIONS, DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, false));
    out = add(out, FALLBACK, DataTypes.BooleanType);
    out = add(out, DECIDED_AT, DataTypes.TimestampType);
    out = add(out, AUDIT, DataTypes.StringType);
    Broadcast<PipelineDefinition> b = broadcast(table, definition);
    return table.mapPartitions(new DecidePartition(b, binding, key, pipeline.runId(), table.schema().size()), Encoders.row(out));
  }

  private static <T> Broadcast<T> broadcast(Dataset<Row> table, T value) {
    return JavaSparkContext.fromSparkContext(table.sparkSession().sparkContext()).broadcast(value);
  }

  private static StructType add(StructType schema, String name, org.apache.spark.sql.types.DataType type) {
    if (Arrays.asList(schema.fieldNames()).contains(name)) {
      throw new IllegalArgumentException("the table already has a column '" + name + "', which the output appends");
    }
    return schema.add(new StructField(name, type, true, org.apache.spark.sql.types.Metadata.empty()));
  }

  /** Reads a partition in chunks of {@link #CHUNK} rows into reused feature rows. */
  private abstract static class Chunked implements Iterator<Row> {
    final Iterator<Row> in;
    final Row[] rows = new Row[CHUNK];
    final Row[] done = new Row[CHUNK];
    int size;
    int next;

    Chunked(Iterator<Row> in) {
      this.in = in;
    }

    @Override
    public boolean hasNext() {
      if (next < size) {
        return true;
      }
      size = 0;
      next = 0;
      while (size < CHUNK && in.hasNext()) {
        rows[size++] = in.next();
      }
      if (size == 0) {
        return false;
      }
      process();
      return true;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Row r = done[next];
      rows[next] = null;
      done[next++] = null;
      return r;
    }

    /** Turns {@code rows[0, size)} into {@code done[0, size)}. */
    abstract void process();
  }

  private static Object[] copy(Row row, int width, int extra) {
    Object[] v = new Object[width + extra];
    for (int i = 0; i < width; i++) {
      v[i] = row.get(i);
    }
    return v;
  }

  /** The scorers of one broadcast, built once per executor JVM. */
  private static List<Scorer> scorers(Broadcast<ArrayList<PortableSpec>> models) {
    return ExecutorCache.get(models.id(), () -> {
      List<Scorer> built = new ArrayList<>();
      for (PortableSpec p : models.value()) {
        built.add(Scorers.load(p.toSpec()));
      }
      return List.copyOf(built);
    });
  }

  private static final class ScorePartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<ArrayList<PortableSpec>> models;
    private final ColumnBinding binding;
    private final boolean[] labelled;
    private final int width;

    ScorePartition(Broadcast<ArrayList<PortableSpec>> models, ColumnBinding binding, boolean[] labelled, int width) {
      this.models = models;
      this.binding = binding;
      this.labelled = labelled;
      this.width = width;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
      List<Scorer> scorers = scorers(models);
      FeatureSchema schema = scorers.get(0).schema();
      int n = scorers.size();
      String[] versions = new String[n];
      for (int s = 0; s < n; s++) {
        versions[s] = scorers.get(s).provenance().modelVersion();
      }
      MutableFeatures[] features = new MutableFeatures[CHUNK];
      for (int i = 0; i < CHUNK; i++) {
        features[i] = Features.mutable(schema);
      }
      return new Chunked(input) {
        final @Nullable String[] reason = new String[CHUNK];
        final List<Features> batch = new ArrayList<>(CHUNK);
        final int[] position = new int[CHUNK];
        final double[] values = new double[CHUNK];
        final double[][] scores = new double[n][CHUNK];
        final @Nullable String[][] labels = new String[n][CHUNK];

        @Override
        void process() {
          batch.clear();
          for (int i = 0; i < size; i++) {
            reason[i] = null;
            try {
              binding.fill(rows[i], features[i]);
              position[batch.size()] = i;
              batch.add(features[i]);
            } catch (RecordException e) {
              reason[i] = e.getMessage();
            }
          }
          for (int s = 0; s < n; s++) {
            scoreChunk(scorers.get(s), batch, position, values, scores[s], labels[s], labelled[s], reason, size);
          }
          for (int i = 0; i < size; i++) {
            Object[] v = copy(rows[i], width, 3 * n + 2);
            int k = width;
            for (int s = 0; s < n; s++) {
              double x = scores[s][i];
              v[k++] = Double.isNaN(x) ? null : x;
              v[k++] = labels[s][i];
              v[k++] = versions[s];
            }
            v[k++] = reason[i] != null;
            v[k] = reason[i];
            done[i] = RowFactory.create(v);
          }
        }
      };
    }
  }

  /**
   * Scores partitions of Spark's internal rows: each chunk of {@link #CHUNK} rows is copied (the input
   * iterator reuses its row), read into reused feature rows with primitive getters and scored with the
   * batch API; each output row is the input row joined with one reused row of the appended values.
   */
  private static final class ScoreInternal implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<ArrayList<PortableSpec>> models;
    private final ColumnBinding binding;
    private final boolean[] labelled;
    private final int width;

    ScoreInternal(Broadcast<ArrayList<PortableSpec>> models, ColumnBinding binding, boolean[] labelled, int width) {
      this.models = models;
      this.binding = binding;
      this.labelled = labelled;
      this.width = width;
    }

    @Override
    public Iterator<InternalRow> call(Iterator<InternalRow> input) {
      List<Scorer> scorers = scorers(models);
      FeatureSchema schema = scorers.get(0).schema();
      int n = scorers.size();
      UTF8String[] versions = new UTF8String[n];
      List<org.apache.spark.sql.types.DataType> appended = new ArrayList<>();
      for (int s = 0; s < n; s++) {
        versions[s] = UTF8String.fromString(scorers.get(s).provenance().modelVersion());
        appended.add(DataTypes.DoubleType);
        appended.add(DataTypes.StringType);
        appended.add(DataTypes.StringType);
      }
      appended.add(DataTypes.BooleanType);
      appended.add(DataTypes.StringType);
      SpecificInternalRow extra = new SpecificInternalRow(scala.jdk.javaapi.CollectionConverters.asScala(appended).toSeq());
      JoinedRow joined = new JoinedRow();
      MutableFeatures[] features = new MutableFeatures[CHUNK];
      for (int i = 0; i < CHUNK; i++) {
        features[i] = Features.mutable(schema);
      }
      InternalRow[] rows = new InternalRow[CHUNK];
      return new Iterator<>() {
        int size;
        int next;
        final @Nullable String[] reason = new String[CHUNK];
        final List<Features> batch = new ArrayList<>(CHUNK);
        final int[] position = new int[CHUNK];
        final double[] values = new double[CHUNK];
        final double[][] scores = new double[n][CHUNK];
        final @Nullable String[][] labels = new String[n][CHUNK];

        @Override
        public boolean hasNext() {
          if (next < size) {
            return true;
          }
          size = 0;
          next = 0;
          while (size < CHUNK && input.hasNext()) {
            rows[size++] = input.next().copy();
          }
          if (size == 0) {
            return false;
          }
          process();
          return true;
        }

        private void process() {
          batch.clear();
          for (int i = 0; i < size; i++) {
            reason[i] = null;
            try {
              binding.fill(rows[i], features[i]);
              position[batch.size()] = i;
              batch.add(features[i]);
            } catch (RecordException e) {
              reason[i] = e.getMessage();
            }
          }
          for (int s = 0; s < n; s++) {
            scoreChunk(scorers.get(s), batch, position, values, scores[s], labels[s], labelled[s], reason, size);
          }
        }

        @Override
        public InternalRow next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          int i = next++;
          int k = 0;
          for (int s = 0; s < n; s++) {
            double x = scores[s][i];
            if (Double.isNaN(x)) {
              extra.setNullAt(k++);
            } else {
              extra.setDouble(k++, x);
            }
            String label = labels[s][i];
            extra.update(k++, label == null ? null : UTF8String.fromString(label));
            extra.update(k++, versions[s]);
          }
          extra.setBoolean(k++, reason[i] != null);
          extra.update(k, reason[i] == null ? null : UTF8String.fromString(reason[i]));
          InternalRow row = rows[i];
          rows[i] = null;
          return joined.apply(row, extra);
        }
      };
    }
  }

  /**
   * Scores {@code batch} (rows {@code position[b]} of a chunk of {@code size}) with one scorer into
   * {@code out} (NaN where a row has no score) and {@code labels}; a row the scorer refuses gets its
   * reason appended to {@code reason}.
   */
  private static void scoreChunk(Scorer scorer, List<Features> batch, int[] position, double[] values, double[] out,
      @Nullable String[] labels, boolean labelled, @Nullable String[] reason, int size) {
    Arrays.fill(out, 0, size, Double.NaN);
    Arrays.fill(labels, 0, size, null);
    try {
      scorer.scoreBatch(batch, values);
      for (int b = 0; b < batch.size(); b++) {
        out[position[b]] = values[b];
      }
    } catch (RecordException e) {
      // find the rows that fail, one by one
      for (int b = 0; b < batch.size(); b++) {
        try {
          out[position[b]] = scorer.scoreValue(batch.get(b));
        } catch (RecordException one) {
          int i = position[b];
          reason[i] = (reason[i] == null ? "" : reason[i] + "; ") + "scorer '" + scorer.provenance().scorerId()
              + "': " + one.getMessage();
        }
      }
    }
    if (labelled) {
      for (int b = 0; b < batch.size(); b++) {
        if (!Double.isNaN(out[position[b]])) {
          labels[position[b]] = scorer.score(batch.get(b)).label();
        }
      }
    }
  }

  /** What the pipeline gives for the row being decided on this thread: its id, its review item and audit record. */
  private static final class Capture {
    static final ThreadLocal<Capture> CURRENT = ThreadLocal.withInitial(Capture::new);
    String id = "";
    @Nullable ReviewItem item;
    @Nullable AuditRecord audit;
  }

  /** The pipeline's definition as broadcast data; builds the pipeline wired to {@link Capture}. */
  record PipelineDefinition(PortableSchema schema, ArrayList<PortableSpec> specs, PipelineFactory factory)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    DecisionPipeline build() {
      FeatureSchema s = schema.toSchema();
      List<Scorer> scorers = new ArrayList<>();
      for (PortableSpec p : specs) {
        scorers.add(Scorers.load(p.toSpec()));
      }
      return factory.builder(s, List.copyOf(scorers))
          .reviewQueue(new ReviewQueue() {
            @Override
            public boolean offer(ReviewItem item) {
              Capture.CURRENT.get().item = item;
              return true;
            }

            @Override
            public int size() {
              return 0;
            }
          })
          .audit(new AuditSink() {
            @Override
            public void record(AuditRecord record) {
              Capture.CURRENT.get().audit = record;
            }
          })
          .ids(() -> Capture.CURRENT.get().id)
          .build();
    }
  }

  private static final class DecidePartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<PipelineDefinition> definition;
    private final ColumnBinding binding;
    private final int key;
    private final String runId;
    private final int width;

    DecidePartition(Broadcast<PipelineDefinition> definition, ColumnBinding binding, int key, String runId, int width) {
      this.definition = definition;
      this.binding = binding;
      this.key = key;
      this.runId = runId;
      this.width = width;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
      DecisionPipeline pipeline = ExecutorCache.get(definition.id(), () -> definition.value().build());
      MutableFeatures features = Features.mutable(pipeline.schema());
      Capture capture = Capture.CURRENT.get();
      TaskContext task = TaskContext.get();
      String prefix = runId + ":" + (task == null ? 0 : task.partitionId()) + ":";
      return new Chunked(input) {
        long index;

        @Override
        void process() {
          for (int i = 0; i < size; i++) {
            Row row = rows[i];
            capture.id = key >= 0 ? runId + ":" + row.get(key) : prefix + index;
            index++;
            capture.item = null;
            capture.audit = null;
            Decision d;
            try {
              binding.fill(row, features);
              d = pipeline.decide(features);
            } catch (RecordException e) {
              d = pipeline.decide(binding.values(row));
            }
            done[i] = output(row, d, capture.audit);
          }
        }
      };
    }

    private Row output(Row row, Decision d, @Nullable AuditRecord audit) {
      Object[] v = copy(row, width, 12);
      int k = width;
      v[k++] = d.id();
      v[k++] = Double.isNaN(d.score()) ? null : d.score();
      String label = null;
      Map<String, String> versions = new LinkedHashMap<>();
      for (Score s : d.scores()) {
        if (label == null) {
          label = s.label();
        }
        versions.put(s.provenance().scorerId(), s.provenance().modelVersion());
      }
      v[k++] = label;
      v[k++] = d.action().describe();
      v[k++] = kind(d.action());
      v[k++] = d.requiresReview();
      v[k++] = d.queue().orElse(null);
      v[k++] = scala.jdk.javaapi.CollectionConverters.asScala(d.reasons()).toSeq();
      v[k++] = scala.jdk.javaapi.CollectionConverters.asScala(versions);
      v[k++] = d.fallback();
      v[k++] = Timestamp.from(d.decidedAt());
      v[k] = audit == null ? null : audit.toJson();
      return RowFactory.create(v);
    }

    private static String kind(Action a) {
      if (a instanceof Action.Auto auto) {
        return auto.negative() ? "NEGATIVE" : "AUTO";
      }
      return a instanceof Action.Route ? "ROUTE" : "REVIEW";
    }
  }
}
