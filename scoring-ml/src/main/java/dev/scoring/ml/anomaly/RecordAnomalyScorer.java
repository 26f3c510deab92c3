package dev.scoring.ml.anomaly;

import dev.scoring.api.Contribution;
import dev.scoring.api.Explanation;
import dev.scoring.api.Feature;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.FeatureType;
import dev.scoring.api.Features;
import dev.scoring.api.ModelException;
import dev.scoring.api.FiredRule;
import dev.scoring.api.Provenance;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import dev.scoring.decision.RuleOutcome;
import dev.scoring.decision.RuleStage;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Scores how unusual one record is (a form submission, a deal change) against recent normal
 * records, explains which fields made it so, and gates the decision pipeline: a suspect record goes
 * to review, never to an automatic action.
 *
 * <p>The model is an {@link IsolationForest isolation forest} over the chosen features (numbers,
 * booleans and categories; a category is encoded as its share of recent records, so a rare one
 * stands apart). It is refitted from a sliding window of the last {@link Builder#window(int)}
 * learned records every {@link Builder#refitEvery(int)} records, so it follows the stream; with
 * {@link Builder#learnOnlyNormal(boolean)} (the default) records flagged as unusual are not learned.
 * The flag threshold is the {@code 1 − flagRate} quantile of the window's own out-of-bag scores
 * (each record scored by the trees that did not see it), lowered in share by the records refused
 * lately, so that about {@link Builder#flagRate(double)} of all recent records are flagged, whatever
 * the data.
 *
 * <p>The score ({@link dev.scoring.api.ScoreKind#VALUE}, in (0, 1]) is about 0.5 for an ordinary
 * record and near 1 for one isolated in few splits. The explanation's contribution of a feature is
 * how much the score falls when that feature alone is set to its typical value (median, commonest
 * category); the bias is the window's mean out-of-bag score, and whatever the features do only together is
 * one more contribution, {@code "(combination)"}, so the contributions sum to the score.
 *
 * <pre>{@code
 * RecordAnomalyScorer bots = RecordAnomalyScorer.builder(schema)
 *     .features("seconds_to_submit", "fields_filled", "free_mail", "email_domain", "ip_block_leads_1h")
 *     .build();
 * DecisionPipeline pipeline = DecisionPipeline.builder(schema)
 *     .rules(bots.reviewStage())          // an unusual lead goes to review, with the reason
 *     .scorer(model).policy(policy).build();
 * // after each decision: bots.learn(row);
 * }</pre>
 *
 * Thread-safe: scoring reads the current model without a lock; {@link #learn(Features)} and
 * refits are serialised. Scores change as the model is refitted.
 */
public final class RecordAnomalyScorer implements Scorer {

  private static final String KIND = "record anomaly scorer";

  /** The fitted state: read by scorers as one volatile reference. */
  private record Model(RecordProfile profile, IsolationForest forest, double threshold, double bias) {}

  private final String id;
  private final FeatureSchema schema;
  private final int[] columns;
  private final FeatureType[] types;
  private final String[] names;
  private final int window;
  private final int trees;
  private final int sampleSize;
  private final int minRecords;
  private final int refitEvery;
  private final double flagRate;
  private final boolean learnOnlyNormal;
  private final Provenance provenance;
  private final String queueReason;
  private final String configuration;
  private final ThreadLocal<double[]> buffer;

  private volatile @Nullable Model model;
  private final Features[] recent;
  private int filled;
  private int next;
  private long learned;
  /** The encoded window and its scores, reused from one refit to the next (guarded by this). */
  private double[][] fitData = new double[0][];
  private double[] fitScores = new double[0];
  private long refits;
  private int sinceRefit;
  private double offered;
  private double rejected;
  private final IsolationForest.SplitMix rng;

  private RecordAnomalyScorer(Builder b) {
    this.id = b.id;
    this.schema = b.schema;
    List<String> chosen = b.features.isEmpty() ? defaultFeatures(b.schema) : b.features;
    if (chosen.isEmpty()) {
      throw new ModelException("the schema has no number, boolean or category feature to score");
    }
    this.columns = new int[chosen.size()];
    this.types = new FeatureType[chosen.size()];
    this.names = chosen.toArray(new String[0]);
    for (int i = 0; i < columns.length; i++) {
      Feature f = b.schema.feature(names[i]);
      if (f.type() != FeatureType.NUMBER && f.type() != FeatureType.BOOLEAN && f.type() != FeatureType.CATEGORY) {
        throw new ModelException("feature '" + f.name() + "' is " + f.type() + "; only NUMBER, BOOLEAN and CATEGORY can be scored");
      }
      columns[i] = f.index();
      types[i] = f.type();
    }
    this.window = b.window;
    this.trees = b.trees;
    this.sampleSize = b.sampleSize;
    this.minRecords = Math.min(b.minRecords, b.window);
    this.refitEvery = b.refitEvery;
    this.flagRate = b.flagRate;
    this.learnOnlyNormal = b.learnOnlyNormal;
    this.recent = new Features[window];
    this.rng = new IsolationForest.SplitMix(b.seed);
    this.configuration = "features=" + Arrays.toString(names) + ",window=" + window + ",trees=" + trees + ",sampleSize="
        + sampleSize + ",minRecords=" + minRecords + ",refitEvery=" + refitEvery + ",flagRate=" + flagRate
        + ",learnOnlyNormal=" + learnOnlyNormal + ",seed=" + b.seed;
    this.provenance = new Provenance(id, "isolation-forest", "online",
        "config:" + Integer.toHexString(configuration.hashCode()));
    this.queueReason = "unusual record for '" + id + "'";
    int dims = 0;
    for (FeatureType t : types) {
      dims += t == FeatureType.NUMBER ? 2 : 1;
    }
    int d = dims;
    this.buffer = ThreadLocal.withInitial(() -> new double[d]);
  }

  private static List<String> defaultFeatures(FeatureSchema schema) {
    List<String> list = new ArrayList<>();
    for (Feature f : schema.features()) {
      if (f.type() == FeatureType.NUMBER || f.type() == FeatureType.BOOLEAN || f.type() == FeatureType.CATEGORY) {
        list.add(f.name());
      }
    }
    return list;
  }

  /** Starts a scorer for rows of {@code schema}. */
  public static Builder builder(FeatureSchema schema) {
    return new Builder(schema);
  }

  @Override
  public Provenance provenance() {
    return provenance;
  }

  @Override
  public FeatureSchema schema() {
    return schema;
  }

  /** Whether the model has been fitted (after {@link Builder#minRecords(int)} learned records). */
  public boolean ready() {
    return model != null;
  }

  /** The score at or above which a record is unusual; NaN before the first fit. */
  public double threshold() {
    Model m = model;
    return m == null ? Double.NaN : m.threshold;
  }

  /** How many records have been learned. */
  public synchronized long learned() {
    return learned;
  }

  /** How many times the model has been fitted. */
  public synchronized long refits() {
    return refits;
  }

  private Model requireModel() {
    Model m = model;
    if (m == null) {
      throw new IllegalStateException("record anomaly scorer '" + id + "' has learned " + learned() + " of the "
          + minRecords + " records it needs before it scores");
    }
    return m;
  }

  @Override
  public double scoreValue(Features row) {
    row.requireSchema(schema);
    Model m = requireModel();
    double[] x = buffer.get();
    m.profile.encode(row, x);
    return m.forest.score(x);
  }

  /**
   * Scores one record.
   *
   * @throws IllegalStateException before the first fit
   * @throws dev.scoring.api.RecordException if the row is bound to another schema
   */
  @Override
  public Score score(Features row) {
    double s = scoreValue(row);
    return Score.value(s, s, provenance);
  }

  /** Whether the record scores at or above the threshold; {@code false} before the first fit. */
  public boolean unusual(Features row) {
    row.requireSchema(schema);
    Model m = model;
    if (m == null) {
      return false;
    }
    double[] x = buffer.get();
    m.profile.encode(row, x);
    return m.forest.score(x) >= m.threshold;
  }

  /**
   * Explains a record's score: for each feature, how much the score falls when it alone is set to
   * its typical value; reasons name the value and what is typical.
   *
   * @throws IllegalStateException before the first fit
   */
  @Override
  public Explanation explain(Features row) {
    row.requireSchema(schema);
    Model m = requireModel();
    RecordProfile p = m.profile;
    double[] x = new double[p.dims];
    p.encode(row, x);
    double s = m.forest.score(x);
    double[] y = new double[p.dims];
    List<Contribution> contributions = new ArrayList<>();
    double sum = 0;
    for (int f = 0; f < columns.length; f++) {
      System.arraycopy(x, 0, y, 0, x.length);
      p.typical(f, y);
      double delta = s - m.forest.score(y);
      sum += delta;
      contributions.add(new Contribution(names[f], delta, p.describe(f, row)));
    }
    double rest = s - m.bias - sum;
    if (Math.abs(rest) > 1e-12) {
      contributions.add(new Contribution("(combination)", rest, "the features together"));
    }
    return new Explanation(id, m.bias, contributions, List.of());
  }

  /**
   * A rule stage for the decision pipeline's first stage: it flags an unusual record for review with
   * the reason (its score, the threshold and the top three fields), and passes every other record
   * (and every record before the first fit). It never decides, so an unusual record is reviewed, not
   * rejected.
   */
  public RuleStage reviewStage() {
    return row -> {
      Model m = model;
      if (m == null) {
        return RuleOutcome.pass();
      }
      row.requireSchema(schema);
      double[] x = buffer.get();
      m.profile.encode(row, x);
      double s = m.forest.score(x);
      if (s < m.threshold) {
        return RuleOutcome.pass();
      }
      String reason = reason(row, s, m);
      return new RuleOutcome.Adjust(0, List.of(reason), List.of(new FiredRule(id, "anomaly score >= threshold", "review " + reason)));
    };
  }

  /** Why a record is unusual, for a reviewer: score, threshold and the fields that made it so. */
  public String reason(Features row) {
    Model m = requireModel();
    double[] x = new double[m.profile.dims];
    m.profile.encode(row, x);
    return reason(row, m.forest.score(x), m);
  }

  private String reason(Features row, double s, Model m) {
    List<String> top = new ArrayList<>();
    for (Contribution c : explain(row).topPositive(3)) {
      top.add(c.observed());
    }
    return queueReason + " (anomaly score " + Interval.round(s) + ", threshold " + Interval.round(m.threshold) + "): "
        + (top.isEmpty() ? "no single field stands out" : String.join("; ", top));
  }

  /**
   * Learns one record (a snapshot is kept): after {@link Builder#minRecords(int)} records the model
   * is fitted, and refitted every {@link Builder#refitEvery(int)} records. With
   * {@link Builder#learnOnlyNormal(boolean)}, a record the current model flags is not learned.
   *
   * @return whether the record was learned
   * @throws dev.scoring.api.RecordException if the row is bound to another schema
   */
  public synchronized boolean learn(Features row) {
    row.requireSchema(schema);
    Model m = model;
    if (m != null && learnOnlyNormal) {
      double[] x = buffer.get();
      m.profile.encode(row, x);
      double keep = 1 - 1.0 / window;
      offered = offered * keep + 1;
      rejected *= keep;
      if (m.forest.score(x) >= m.threshold) {
        rejected += 1;
        return false;
      }
    }
    recent[next] = row.snapshot();
    next = (next + 1) % window;
    filled = Math.min(window, filled + 1);
    learned++;
    sinceRefit++;
    if ((m == null && filled >= minRecords) || (m != null && sinceRefit >= refitEvery)) {
      refit();
    }
    return true;
  }

  private void refit() {
    sinceRefit = 0;
    refits++;
    RecordProfile p = RecordProfile.of(columns, types, names, recent, filled);
    if (fitData.length < filled || (filled > 0 && fitData[0].length != p.dims)) {
      fitData = new double[window][p.dims];
      fitScores = new double[window];
    }
    double[][] data = fitData;
    for (int i = 0; i < filled; i++) {
      p.encode(recent[i], data[i]);
    }
    IsolationForest forest = IsolationForest.grow(data, filled, p.dims, trees, sampleSize, rng);
    double[] scores = fitScores;
    double mean = 0;
    for (int i = 0; i < filled; i++) {
      scores[i] = forest.outOfBagScore(i, data[i]);
      mean += scores[i];
    }
    Arrays.sort(scores, 0, filled);
    // the window lacks the records already refused as unusual (a share r of those offered lately): of
    // all recent records flagRate should be flagged, r of them already are, so flag (flagRate − r) / (1 − r)
    // of the window; without this, each refit would lower the threshold a little more
    double r = offered > 0 ? rejected / offered : 0;
    double share = Math.max(0, (flagRate - r) / (1 - r));
    int at = Math.min(filled - 1, (int) Math.ceil((1 - share) * filled));
    double threshold = Math.nextUp(scores[at]);
    model = new Model(p, forest, threshold, mean / filled);
  }

  /**
   * Writes the model, the window of recent records and the generator's state.
   *
   * @throws java.io.UncheckedIOException if writing fails
   */
  public synchronized void save(OutputStream out) {
    try {
      DataOutputStream o = new DataOutputStream(out);
      StateIo.writeHeader(o, KIND, configuration);
      o.writeLong(learned);
      o.writeLong(refits);
      o.writeInt(sinceRefit);
      o.writeLong(rng.state);
      o.writeDouble(offered);
      o.writeDouble(rejected);
      o.writeInt(filled);
      o.writeInt(next);
      for (int i = 0; i < filled; i++) {
        writeRow(o, Objects.requireNonNull(recent[i]));
      }
      Model m = model;
      o.writeBoolean(m != null);
      if (m != null) {
        o.writeDouble(m.threshold);
        o.writeDouble(m.bias);
        m.profile.write(o);
        m.forest.write(o);
      }
      o.flush();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Replaces this scorer's state with a saved one: the same scores, and the same refits afterwards.
   * On failure the state is unchanged.
   *
   * @throws dev.scoring.api.ModelException if the state is corrupt, truncated, or was saved by a
   *     scorer with another configuration
   */
  public void restore(InputStream in) {
    try {
      DataInputStream i = new DataInputStream(in);
      StateIo.readHeader(i, KIND, configuration);
      long l = i.readLong();
      long r = i.readLong();
      int since = i.readInt();
      long state = i.readLong();
      double off = i.readDouble();
      double rej = i.readDouble();
      if (!(off >= 0 && rej >= 0 && rej <= off)) {
        throw new IOException("impossible counts of refused records");
      }
      int f = i.readInt();
      int n = i.readInt();
      if (f < 0 || f > window || n < 0 || n >= window || since < 0) {
        throw new IOException("window position out of range");
      }
      Features[] rows = new Features[f];
      for (int k = 0; k < f; k++) {
        rows[k] = readRow(i);
      }
      Model m = null;
      if (i.readBoolean()) {
        double threshold = i.readDouble();
        double bias = i.readDouble();
        RecordProfile p = RecordProfile.read(i, columns, types, names);
        m = new Model(p, IsolationForest.read(i, p.dims), threshold, bias);
      }
      synchronized (this) {
        learned = l;
        refits = r;
        sinceRefit = since;
        rng.state = state;
        offered = off;
        rejected = rej;
        filled = f;
        next = n;
        Arrays.fill(recent, null);
        System.arraycopy(rows, 0, recent, 0, f);
        model = m;
      }
    } catch (IOException | RuntimeException e) {
      throw StateIo.corrupt(KIND, e);
    }
  }

  private void writeRow(DataOutputStream o, Features row) throws IOException {
    for (int f = 0; f < columns.length; f++) {
      int c = columns[f];
      boolean missing = row.isMissing(c);
      o.writeBoolean(missing);
      if (!missing) {
        if (types[f] == FeatureType.CATEGORY) {
          o.writeUTF(Objects.requireNonNull(row.string(c)));
        } else {
          o.writeDouble(row.number(c));
        }
      }
    }
  }

  private Features readRow(DataInputStream i) throws IOException {
    Features.Builder b = Features.builder(schema);
    for (int f = 0; f < columns.length; f++) {
      if (!i.readBoolean()) {
        switch (types[f]) {
          case CATEGORY -> b.set(names[f], i.readUTF());
          case BOOLEAN -> b.set(names[f], i.readDouble() == 1.0);
          default -> b.set(names[f], i.readDouble());
        }
      }
    }
    return b.build();
  }

  /** Configures a {@link RecordAnomalyScorer}; not thread-safe. */
  public static final class Builder {
    private final FeatureSchema schema;
    private String id = "record-anomaly";
    private List<String> features = List.of();
    private int window = 2048;
    private int trees = 100;
    private int sampleSize = 256;
    private int minRecords = 256;
    private int refitEvery = 256;
    private double flagRate = 0.01;
    private boolean learnOnlyNormal = true;
    private long seed = 42;

    private Builder(FeatureSchema schema) {
      this.schema = Objects.requireNonNull(schema, "schema");
    }

    /** The scorer's id in scores and review reasons (default {@code "record-anomaly"}). */
    public Builder id(String id) {
      if (id.isBlank()) {
        throw new IllegalArgumentException("id must not be blank");
      }
      this.id = id;
      return this;
    }

    /** The features to score (default: every number, boolean and category feature of the schema). */
    public Builder features(String... names) {
      if (names.length == 0) {
        throw new IllegalArgumentException("at least one feature is needed");
      }
      this.features = List.of(names);
      return this;
    }

    /** How many recent learned records the model is fitted on (default 2,048). */
    public Builder window(int records) {
      if (records < 16) {
        throw new IllegalArgumentException("window must be at least 16 records: " + records);
      }
      this.window = records;
      return this;
    }

    /** The number of trees (default 100). */
    public Builder trees(int trees) {
      if (trees < 1 || trees > 10_000) {
        throw new IllegalArgumentException("trees must be 1 to 10,000: " + trees);
      }
      this.trees = trees;
      return this;
    }

    /** The subsample each tree is grown on (default 256, as Liu et al. recommend). */
    public Builder sampleSize(int records) {
      if (records < 2) {
        throw new IllegalArgumentException("sampleSize must be at least 2: " + records);
      }
      this.sampleSize = records;
      return this;
    }

    /** How many records are learned before the first fit (default 256). */
    public Builder minRecords(int records) {
      if (records < 16) {
        throw new IllegalArgumentException("minRecords must be at least 16: " + records);
      }
      this.minRecords = records;
      return this;
    }

    /** How many learned records between refits (default 256). */
    public Builder refitEvery(int records) {
      if (records < 1) {
        throw new IllegalArgumentException("refitEvery must be positive: " + records);
      }
      this.refitEvery = records;
      return this;
    }

    /** The share of normal records flagged as unusual (default 0.01). */
    public Builder flagRate(double share) {
      if (!(share > 0 && share < 0.5)) {
        throw new IllegalArgumentException("flagRate must be in (0, 0.5): " + share);
      }
      this.flagRate = share;
      return this;
    }

    /** Whether records the model flags are kept out of what it learns (default true). */
    public Builder learnOnlyNormal(boolean only) {
      this.learnOnlyNormal = only;
      return this;
    }

    /** The seed of the forest's generator (default 42): the same records give the same model. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * The scorer, not fitted yet.
     *
     * @throws ModelException for an unknown feature or one that is not a number, boolean or category
     */
    public RecordAnomalyScorer build() {
      return new RecordAnomalyScorer(this);
    }
  }
}
