package dev.scoring.ml.logistic;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.FeatureType;
import dev.scoring.api.Features;
import dev.scoring.review.FeedbackLog;
import dev.scoring.review.LabelledExample;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Trains {@link LogisticModel}s from labelled rows: fits the feature transformation, then
 * minimises the weighted mean log-loss plus {@code (l2 / 2) * |beta|^2 + l1 * |beta|_1} (intercepts unpenalised).
 * Two distinct labels give a binary model, more give a softmax model. Immutable and thread-safe;
 * training is deterministic (the same rows, labels, weights and settings give the same model up
 * to {@link TrainingProvenance#createdAt()}).
 *
 * <pre>{@code
 * LogisticModel model = LogisticTrainer.builder()
 *     .l2(1e-3).minCategoryCount(20).positiveClass("converted").modelVersion("2026-11")
 *     .build()
 *     .train(rows, labels);
 * Files.write(path, model.toJson());
 * }</pre>
 *
 * <p>Solvers: {@link Optimizer#NEWTON} (Newton/IRLS with a Cholesky solve, for binary models with
 * up to {@code newtonMaxColumns} columns) and {@link Optimizer#LBFGS} (softmax models and wide
 * binary models); {@link Optimizer#AUTO} chooses. Standard errors are computed for unpenalised
 * ({@code l2 = 0}) binary Newton fits.
 */
public final class LogisticTrainer {

  /** The optimiser. */
  public enum Optimizer {
    /** Newton for binary models with at most {@code newtonMaxColumns} columns, L-BFGS otherwise. */
    AUTO,
    /** Newton's method (IRLS); binary models only. */
    NEWTON,
    /** Limited-memory BFGS. */
    LBFGS
  }

  private final double l2;
  private final double l1;
  private final @Nullable List<String> features;
  private final List<String> excluded;
  private final boolean standardise;
  private final int minCategoryCount;
  private final boolean alwaysMissingIndicators;
  private final Map<String, Long> timestampReference;
  private final Map<String, Double> classWeights;
  private final boolean balanced;
  private final @Nullable String positiveClass;
  private final Optimizer optimizer;
  private final int newtonMaxColumns;
  private final int maxIterations;
  private final double tolerance;
  private final double gradientTolerance;
  private final String modelVersion;
  private final Clock clock;

  private LogisticTrainer(Builder b) {
    this.l2 = b.l2;
    this.l1 = b.l1;
    this.features = b.features == null ? null : List.copyOf(b.features);
    this.excluded = List.copyOf(b.excluded);
    this.standardise = b.standardise;
    this.minCategoryCount = b.minCategoryCount;
    this.alwaysMissingIndicators = b.alwaysMissingIndicators;
    this.timestampReference = Map.copyOf(b.timestampReference);
    this.classWeights = Map.copyOf(b.classWeights);
    this.balanced = b.balanced;
    this.positiveClass = b.positiveClass;
    this.optimizer = b.optimizer;
    this.newtonMaxColumns = b.newtonMaxColumns;
    this.maxIterations = b.maxIterations;
    this.tolerance = b.tolerance;
    this.gradientTolerance = b.gradientTolerance;
    this.modelVersion = b.modelVersion;
    this.clock = b.clock;
  }

  /** Starts a trainer configuration with the defaults documented on each setter. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Trains on rows and labels, each row with sample weight 1.
   *
   * @throws IllegalArgumentException if the lists differ in length, are empty, or the rows are bound to different schemas
   * @throws TrainingException if the data cannot give a model (one class, a feature with no values,
   *     a singular design, no convergence)
   */
  public LogisticModel train(List<? extends Features> rows, List<String> labels) {
    double[] w = new double[rows.size()];
    java.util.Arrays.fill(w, 1.0);
    return train(rows, labels, w);
  }

  /**
   * Trains on the labelled examples of a feedback log (reviewers' overrides and observed outcomes):
   * each example's input row and label.
   *
   * @throws IllegalArgumentException if the log is empty or its inputs are bound to different schemas
   * @throws TrainingException as {@link #train(List, List)}
   */
  public LogisticModel train(FeedbackLog log) {
    return trainOnExamples(log.examples());
  }

  /** Trains on labelled examples' input rows and labels. @see #train(FeedbackLog) */
  public LogisticModel trainOnExamples(List<LabelledExample> examples) {
    List<Features> rows = new ArrayList<>(examples.size());
    List<String> labels = new ArrayList<>(examples.size());
    for (LabelledExample e : examples) {
      rows.add(e.input());
      labels.add(e.label());
    }
    return train(rows, labels);
  }

  /**
   * Trains on rows, labels and sample weights (multiplied by the class weights).
   *
   * @throws IllegalArgumentException if the lengths differ, there are no rows, a weight is negative
   *     or not finite, or the rows are bound to different schemas
   * @throws TrainingException if the data cannot give a model
   */
  public LogisticModel train(List<? extends Features> rows, List<String> labels, double[] sampleWeights) {
    int n = rows.size();
    if (labels.size() != n || sampleWeights.length != n) {
      throw new IllegalArgumentException(n + " rows, " + labels.size() + " labels and " + sampleWeights.length + " weights");
    }
    if (n == 0) {
      throw new IllegalArgumentException("no training rows");
    }
    FeatureSchema schema = rows.get(0).schema();
    for (int i = 0; i < n; i++) {
      if (!rows.get(i).schema().equals(schema)) {
        throw new IllegalArgumentException("training row " + i + " is bound to another schema than row 0");
      }
      double w = sampleWeights[i];
      if (!(w >= 0) || !Double.isFinite(w)) {
        throw new IllegalArgumentException("sample weight " + i + " must be finite and not negative: " + w);
      }
    }
    List<String> classes = classes(labels);
    Map<String, Integer> classIndex = new LinkedHashMap<>();
    for (int c = 0; c < classes.size(); c++) {
      classIndex.put(classes.get(c), c);
    }
    int[] y = new int[n];
    long[] counts = new long[classes.size()];
    for (int i = 0; i < n; i++) {
      y[i] = java.util.Objects.requireNonNull(classIndex.get(labels.get(i)));
      counts[y[i]]++;
    }
    double[] cw = new double[classes.size()];
    for (int c = 0; c < cw.length; c++) {
      cw[c] = balanced ? (double) n / (classes.size() * counts[c]) : classWeights.getOrDefault(classes.get(c), 1.0);
    }
    for (String c : classWeights.keySet()) {
      if (!classIndex.containsKey(c)) {
        throw new TrainingException("a class weight is set for '" + c + "', which is not among the labels " + classes);
      }
    }
    double[] w = new double[n];
    double total = 0;
    double[] classTotal = new double[classes.size()];
    for (int i = 0; i < n; i++) {
      w[i] = sampleWeights[i] * cw[y[i]];
      total += w[i];
      classTotal[y[i]] += w[i];
    }
    for (int c = 0; c < classes.size(); c++) {
      if (!(classTotal[c] > 0)) {
        throw new TrainingException("class '" + classes.get(c) + "' has no training weight (all its rows weigh 0)");
      }
    }

    List<String> used = usedFeatures(schema);
    Transformation t = Transformation.fit(schema, used, rows,
        new Transformation.Options(standardise, minCategoryCount, alwaysMissingIndicators, timestampReference));
    int[] index = new int[used.size()];
    for (int k = 0; k < index.length; k++) {
      index[k] = schema.feature(used.get(k)).index();
    }
    int p = t.columns;
    double[] x = new double[Math.multiplyExact(n, p)];
    for (int i = 0; i < n; i++) {
      t.transform(rows.get(i), index, x, i * p);
    }
    Solver solver = new Solver(x, n, p, y, w, l2, t.columnNames);
    boolean binary = classes.size() == 2;
    Optimizer chosen = optimizer == Optimizer.AUTO ? (binary && p <= newtonMaxColumns ? Optimizer.NEWTON : Optimizer.LBFGS) : optimizer;
    if (chosen == Optimizer.NEWTON && !binary) {
      throw new TrainingException("the NEWTON optimizer fits binary models only; these labels have " + classes.size() + " classes: use LBFGS or AUTO");
    }
    Solver.Fit fit;
    if (l1 > 0) {
      if (!binary) {
        throw new TrainingException("an L1 penalty is implemented for binary models only; these labels have "
            + classes.size() + " classes: use l1 = 0");
      }
      if (optimizer == Optimizer.LBFGS) {
        throw new TrainingException("the LBFGS optimizer does not support an L1 penalty: use AUTO or NEWTON");
      }
      fit = solver.elasticNet(l1, maxIterations > 0 ? maxIterations : 100, tolerance);
    } else {
      fit = chosen == Optimizer.NEWTON
          ? solver.newton(maxIterations > 0 ? maxIterations : 100, tolerance, l2 == 0)
          : solver.lbfgs(classes.size(), maxIterations > 0 ? maxIterations : 5000, gradientTolerance);
    }

    Map<String, String> hyper = new TreeMap<>();
    hyper.put("l2", Double.toString(l2));
    hyper.put("l1", Double.toString(l1));
    hyper.put("standardise", Boolean.toString(standardise));
    hyper.put("min_category_count", Integer.toString(minCategoryCount));
    hyper.put("missing_indicators", alwaysMissingIndicators ? "always" : "when_seen");
    hyper.put("optimizer", optimizer.name().toLowerCase(java.util.Locale.ROOT));
    hyper.put("newton_max_columns", Integer.toString(newtonMaxColumns));
    hyper.put("max_iterations", Integer.toString(maxIterations));
    hyper.put("tolerance", Double.toString(tolerance));
    hyper.put("gradient_tolerance", Double.toString(gradientTolerance));
    hyper.put("class_weights", balanced ? "balanced" : new TreeMap<>(classWeights).toString());
    hyper.put("positive_class", positiveClass == null ? "" : positiveClass);
    hyper.put("features", used.toString());
    TrainingProvenance prov = new TrainingProvenance(n, total, digest(rows, index, labels, w), hyper, fit.solver(),
        fit.iterations(), libraryVersion(), System.getProperty("java.version", "unknown"), Instant.now(clock));
    return new LogisticModel(modelVersion, classes, t, fit.coef(), fit.standardErrors(), null, prov);
  }

  private List<String> classes(List<String> labels) {
    TreeSet<String> distinct = new TreeSet<>(labels);
    if (positiveClass != null) {
      if (!distinct.contains(positiveClass)) {
        throw new TrainingException("no positive labels: none of the " + labels.size() + " labels is '" + positiveClass
            + "' (labels seen: " + abbreviate(distinct) + ")");
      }
      if (distinct.size() == 2) {
        distinct.remove(positiveClass);
        return List.of(distinct.first(), positiveClass);
      }
    }
    if (distinct.size() < 2) {
      throw new TrainingException("all " + labels.size() + " labels are '" + distinct.first()
          + "': a model needs at least two classes (no positive labels?)");
    }
    return List.copyOf(distinct);
  }

  private static String abbreviate(TreeSet<String> s) {
    return s.size() <= 10 ? s.toString() : new ArrayList<>(s).subList(0, 10) + "... (" + s.size() + ")";
  }

  private List<String> usedFeatures(FeatureSchema schema) {
    List<String> used = new ArrayList<>();
    if (features != null) {
      for (String f : features) {
        schema.feature(f); // fails naming the known features
        used.add(f);
      }
    } else {
      for (var f : schema.features()) {
        if (f.type() != FeatureType.TEXT) {
          used.add(f.name());
        }
      }
    }
    for (String e : excluded) {
      if (schema.find(e).isEmpty()) {
        throw new TrainingException("cannot exclude feature '" + e + "': the schema has no such feature");
      }
      used.remove(e);
    }
    if (used.isEmpty()) {
      throw new TrainingException("no features to train on");
    }
    return used;
  }

  private static String digest(List<? extends Features> rows, int[] index, List<String> labels, double[] w) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      ByteBuffer buf = ByteBuffer.allocate(8);
      for (int i = 0; i < rows.size(); i++) {
        Features r = rows.get(i);
        for (int k : index) {
          String s = r.string(k);
          if (s != null) {
            md.update((byte) 1);
            md.update(s.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
          } else {
            md.update((byte) 2);
            md.update(buf.clear().putDouble(r.number(k)).array());
          }
        }
        md.update(labels.get(i).getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(buf.clear().putDouble(w[i]).array());
      }
      return "sha256:" + HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  static String libraryVersion() {
    try (InputStream in = LogisticTrainer.class.getResourceAsStream("library.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version", "unknown");
        return v.contains("${") ? "unknown" : v;
      }
    } catch (IOException e) {
      // fall through
    }
    return "unknown";
  }

  /** Configures a {@link LogisticTrainer}; not thread-safe. */
  public static final class Builder {
    private double l2 = 1e-4;
    private double l1;
    private @Nullable List<String> features;
    private final List<String> excluded = new ArrayList<>();
    private boolean standardise = true;
    private int minCategoryCount = 10;
    private boolean alwaysMissingIndicators;
    private final Map<String, Long> timestampReference = new LinkedHashMap<>();
    private final Map<String, Double> classWeights = new LinkedHashMap<>();
    private boolean balanced;
    private @Nullable String positiveClass;
    private Optimizer optimizer = Optimizer.AUTO;
    private int newtonMaxColumns = 200;
    private int maxIterations;
    private double tolerance = 1e-10;
    private double gradientTolerance = 1e-8;
    private String modelVersion = "unversioned";
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The L2 penalty on the mean log-loss scale (default 1e-4); 0 fits an unpenalised model and
     * gives standard errors.
     *
     * @throws IllegalArgumentException if negative or not finite
     */
    public Builder l2(double l2) {
      if (!(l2 >= 0) || !Double.isFinite(l2)) {
        throw new IllegalArgumentException("l2 must be finite and not negative: " + l2);
      }
      this.l2 = l2;
      return this;
    }

    /**
     * The L1 penalty {@code l1 * |beta|_1} on the mean log-loss scale (default 0); with {@code l2}
     * it makes an elastic net. Binary models only; fitted by proximal Newton with coordinate
     * descent (solver {@code "newton-cd"}), which sets weak coefficients exactly to 0.
     *
     * @throws IllegalArgumentException if negative or not finite
     */
    public Builder l1(double l1) {
      if (!(l1 >= 0) || !Double.isFinite(l1)) {
        throw new IllegalArgumentException("l1 must be finite and not negative: " + l1);
      }
      this.l1 = l1;
      return this;
    }

    /** The features to use, in this order (default: every non-text feature of the rows' schema). */
    public Builder features(List<String> names) {
      this.features = List.copyOf(names);
      return this;
    }

    /** Leaves a feature out (for example a leaky one). */
    public Builder exclude(String name) {
      excluded.add(name);
      return this;
    }

    /** Whether numbers and days-since values are standardised with the training mean and standard deviation (default true). */
    public Builder standardise(boolean standardise) {
      this.standardise = standardise;
      return this;
    }

    /**
     * The fewest training rows a category level needs for its own column (default 10); rarer
     * levels share the {@code <other>} column. The most frequent level is always kept.
     *
     * @throws IllegalArgumentException if less than 1
     */
    public Builder minCategoryCount(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("minCategoryCount must be at least 1: " + count);
      }
      this.minCategoryCount = count;
      return this;
    }

    /**
     * Whether every feature gets a missing indicator column (default false: only features with
     * missing values in training, so a missing value of another feature is a bad record). An
     * indicator of a feature never missing in training is a zero column: use it with {@code l2 > 0}.
     */
    public Builder alwaysMissingIndicators(boolean always) {
      this.alwaysMissingIndicators = always;
      return this;
    }

    /**
     * The reference instant for a timestamp feature's days-since value (default: the latest
     * value of that feature in the training rows).
     */
    public Builder timestampReference(String feature, Instant reference) {
      timestampReference.put(feature, reference.toEpochMilli());
      return this;
    }

    /**
     * A weight for every row of a class, multiplied with its sample weight (default 1).
     *
     * @throws IllegalArgumentException if not positive and finite
     */
    public Builder classWeight(String label, double weight) {
      if (!(weight > 0) || !Double.isFinite(weight)) {
        throw new IllegalArgumentException("class weight must be positive and finite: " + weight);
      }
      classWeights.put(label, weight);
      return this;
    }

    /** Class weights {@code n / (classes * count(class))}, as scikit-learn's "balanced"; overrides {@link #classWeight}. */
    public Builder balancedClassWeights() {
      this.balanced = true;
      return this;
    }

    /** The positive class of a binary model (default: the greater label in string order, e.g. "yes" over "no", "1" over "0"). */
    public Builder positiveClass(String label) {
      this.positiveClass = label;
      return this;
    }

    /** The optimiser (default {@link Optimizer#AUTO}). */
    public Builder optimizer(Optimizer optimizer) {
      this.optimizer = optimizer;
      return this;
    }

    /** The most design columns {@link Optimizer#AUTO} fits with Newton (default 200). */
    public Builder newtonMaxColumns(int columns) {
      if (columns < 0) {
        throw new IllegalArgumentException("newtonMaxColumns must not be negative: " + columns);
      }
      this.newtonMaxColumns = columns;
      return this;
    }

    /**
     * The iteration limit (default 100 for Newton, 5000 for L-BFGS); training fails with a
     * {@link TrainingException} when it is reached.
     *
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxIterations(int iterations) {
      if (iterations < 1) {
        throw new IllegalArgumentException("maxIterations must be at least 1: " + iterations);
      }
      this.maxIterations = iterations;
      return this;
    }

    /**
     * Newton's convergence criterion: the largest coefficient step at most
     * {@code tolerance * max(1, largest coefficient)} (default 1e-10).
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder tolerance(double tolerance) {
      if (!(tolerance > 0)) {
        throw new IllegalArgumentException("tolerance must be positive: " + tolerance);
      }
      this.tolerance = tolerance;
      return this;
    }

    /**
     * L-BFGS's convergence criterion: the largest gradient component of the mean objective at most this (default 1e-8).
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder gradientTolerance(double tolerance) {
      if (!(tolerance > 0)) {
        throw new IllegalArgumentException("gradientTolerance must be positive: " + tolerance);
      }
      this.gradientTolerance = tolerance;
      return this;
    }

    /** The model's version string (default "unversioned"). */
    public Builder modelVersion(String version) {
      if (version.isBlank()) {
        throw new IllegalArgumentException("model version must not be blank");
      }
      this.modelVersion = version;
      return this;
    }

    /** The clock for {@link TrainingProvenance#createdAt()} (default the system UTC clock). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** The trainer; later changes to this builder do not affect it. */
    public LogisticTrainer build() {
      return new LogisticTrainer(this);
    }
  }
}
