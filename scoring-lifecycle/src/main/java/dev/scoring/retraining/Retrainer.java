package dev.scoring.retraining;

import dev.scoring.api.Features;
import dev.scoring.api.Scorer;
import dev.scoring.lifecycle.ModelProvenance;
import dev.scoring.lifecycle.ModelState;
import dev.scoring.lifecycle.ModelStore;
import dev.scoring.lifecycle.ModelVersion;
import dev.scoring.ml.calibration.CalibratedScorer;
import dev.scoring.ml.logistic.LogisticModel;
import dev.scoring.ml.logistic.LogisticScorer;
import dev.scoring.ml.logistic.LogisticTrainer;
import dev.scoring.review.FeedbackLog;
import dev.scoring.review.LabelledExample;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Retrains a model from the feedback log and promotes it only through a {@link PromotionGate}.
 * The host calls it on its own schedule; the library owns no scheduler.
 *
 * <pre>{@code
 * Retrainer retrainer = Retrainer.builder(feedbackLog, "lead-conversion").positive("converted")
 *     .gate(PromotionGate.builder().level(0.05).maxCalibrationError(0.03).build())
 *     .segmentBy("country").store(modelStore, ModelState.SHADOW).build();
 * RetrainingReport r = retrainer.retrain(championScorer);
 * if (r.passed()) { ... shadow r.candidate(), or it is already stored as champion ... }
 * }</pre>
 *
 * <p><b>Data.</b> Each decision's latest labelled example (an outcome recorded after an override
 * replaces it); a label is positive when it is one of {@link Builder#positive(String, String...)}'s
 * labels. The examples are ordered by record time and the most recent
 * {@linkplain Builder#holdOutShare(double) share} is held out: the candidate never sees it, and the
 * gate judges candidate and champion on it. An optional {@linkplain Builder#baseTraining base training set}
 * is added to the training rows.
 *
 * <p><b>Candidates.</b> {@link #retrain(Scorer)} trains a logistic model in-library;
 * {@link #recalibrate(Scorer, String)} refits a calibrator on top of any scorer (trees included);
 * {@link #evaluateImported} judges a model trained elsewhere on the file {@link #exportTraining}
 * wrote (XGBoost, LightGBM). On a pass the candidate is stored as the next version, in the
 * configured state ({@link ModelState#SHADOW} by default, or {@link ModelState#CHAMPION}), with the
 * gate's figures as its metrics. Immutable and thread-safe (each run reads the log afresh).
 */
public final class Retrainer {

  private final FeedbackLog feedback;
  private final String modelId;
  private final Set<String> positives;
  private final String positiveName;
  private final String negativeName;
  private final List<Features> baseRows;
  private final List<String> baseLabels;
  private final double holdOutShare;
  private final LogisticTrainer.Builder trainer;
  private final PromotionGate gate;
  private final @Nullable String segmentBy;
  private final @Nullable ModelStore store;
  private final ModelState onPass;
  private final String author;
  private final Clock clock;

  private Retrainer(Builder b) {
    this.feedback = b.feedback;
    this.modelId = b.modelId;
    this.positives = Set.copyOf(b.positives);
    this.positiveName = b.positives.iterator().next();
    this.negativeName = "not-" + positiveName;
    this.baseRows = List.copyOf(b.baseRows);
    this.baseLabels = List.copyOf(b.baseLabels);
    this.holdOutShare = b.holdOutShare;
    this.trainer = b.trainer;
    this.gate = b.gate;
    this.segmentBy = b.segmentBy;
    this.store = b.store;
    this.onPass = b.onPass;
    this.author = b.author;
    this.clock = b.clock;
  }

  /**
   * Starts a retrainer for {@code modelId} reading {@code feedback}.
   *
   * @throws IllegalArgumentException if the model id is not valid in a model store
   */
  public static Builder builder(FeedbackLog feedback, String modelId) {
    return new Builder(feedback, ModelVersion.checkModelId(modelId));
  }

  /** The feedback split into the training part and the held-out recent window. */
  private record Split(List<Features> trainRows, List<String> trainLabels, List<Features> holdOut, int[] holdOutLabels,
      Instant holdOutFrom, int feedbackTrainRows) {}

  private Split split() {
    Map<String, LabelledExample> latest = new LinkedHashMap<>();
    for (LabelledExample e : feedback.examples()) {
      latest.remove(e.decisionId());
      latest.put(e.decisionId(), e);
    }
    List<LabelledExample> examples = new ArrayList<>(latest.values());
    examples.sort(Comparator.comparing(LabelledExample::recordedAt));  // stable: ties keep log order
    int held = (int) Math.ceil(examples.size() * holdOutShare);
    int train = examples.size() - held;
    if (held == 0 || train == 0) {
      throw new IllegalStateException("the feedback log has " + examples.size()
          + " labelled decisions: too few to train and hold out " + holdOutShare + " of them");
    }
    List<Features> trainRows = new ArrayList<>(baseRows);
    List<String> trainLabels = new ArrayList<>();
    for (String l : baseLabels) {
      trainLabels.add(name(l));
    }
    for (LabelledExample e : examples.subList(0, train)) {
      trainRows.add(e.input());
      trainLabels.add(name(e.label()));
    }
    List<Features> holdOut = new ArrayList<>();
    int[] y = new int[held];
    for (int i = 0; i < held; i++) {
      LabelledExample e = examples.get(train + i);
      holdOut.add(e.input());
      y[i] = positives.contains(e.label()) ? 1 : 0;
    }
    return new Split(trainRows, trainLabels, holdOut, y, examples.get(train).recordedAt(), train);
  }

  private String name(String label) {
    return positives.contains(label) ? positiveName : negativeName;
  }

  /**
   * Trains a logistic candidate on the training part (plus the base set), judges it against
   * {@code champion} on the held-out window and stores it if the gate passes.
   *
   * @throws IllegalStateException if the feedback is too small to split
   * @throws dev.scoring.ml.logistic.TrainingException if the data cannot give a model
   */
  public RetrainingReport retrain(Scorer champion) {
    Split s = split();
    String version = "retrained-" + clock.instant();
    LogisticModel model = trainer.positiveClass(positiveName).modelVersion(version).build()
        .train(s.trainRows(), s.trainLabels());
    LogisticScorer candidate = model.scorer(modelId, champion.schema());
    return judge("logistic", candidate, champion, s, "logistic", model.toJson());
  }

  /**
   * Refits a calibrator ({@code "platt"} or {@code "isotonic"}) for {@code champion} on the training
   * part and judges the calibrated scorer against the champion. A logistic champion is stored as
   * its model with the new calibration (type {@code logistic}); any other scorer's calibrator is
   * stored as its JSON (type {@code calibration}, see {@link dev.scoring.ml.calibration.Calibrator#fromJson}),
   * to wrap the champion's model version with {@link CalibratedScorer#of}.
   *
   * @throws IllegalStateException if the feedback is too small to split
   * @throws IllegalArgumentException for an unknown method or a training part of one class
   */
  public RetrainingReport recalibrate(Scorer champion, String method) {
    Split s = split();
    Scorer base = champion instanceof CalibratedScorer c ? c.scorer() : champion;
    boolean[] labels = new boolean[s.trainLabels().size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = s.trainLabels().get(i).equals(positiveName);
    }
    CalibratedScorer candidate = CalibratedScorer.fit(base, method, s.trainRows(), labels);
    if (base instanceof LogisticScorer l) {
      byte[] bytes = l.model().withCalibration(candidate.calibrator()).toJson();
      return judge("calibration", candidate, champion, s, "logistic", bytes);
    }
    return judge("calibration", candidate, champion, s, "calibration",
        candidate.calibrator().toJson().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Judges a model trained elsewhere (on the file {@link #exportTraining} wrote) against the
   * champion on the same held-out window, and stores {@code bytes} as type {@code type} if it passes.
   *
   * @param candidate the imported model, loaded (e.g. with {@code Scorers.load}) and bound to the champion's schema
   * @throws IllegalStateException if the feedback is too small to split
   */
  public RetrainingReport evaluateImported(Scorer champion, Scorer candidate, byte[] bytes, String type) {
    return judge("imported", candidate, champion, split(), type, bytes.clone());
  }

  /**
   * Writes the training part (base set and feedback, without the held-out window) for XGBoost or
   * LightGBM, label first, the columns in the schema's order; returns the columns written.
   *
   * @throws IllegalStateException if the feedback is too small to split
   * @throws IllegalArgumentException if a column cannot be written (see {@link TrainingExport})
   * @throws IOException if writing fails
   */
  public List<String> exportTraining(TrainingExport export, TrainingExport.Format format, Writer out) throws IOException {
    Split s = split();
    int[] y = new int[s.trainLabels().size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = s.trainLabels().get(i).equals(positiveName) ? 1 : 0;
    }
    export.write(s.trainRows(), y, format, out);
    return export.columns();
  }

  private RetrainingReport judge(String kind, Scorer candidate, Scorer champion, Split s, String type, byte[] bytes) {
    List<Features> rows = s.holdOut();
    double[] cand = new double[rows.size()];
    double[] champ = new double[rows.size()];
    candidate.scoreBatch(rows, cand);
    champion.scoreBatch(rows, champ);
    String[] segments = null;
    if (segmentBy != null) {
      segments = new String[rows.size()];
      for (int i = 0; i < segments.length; i++) {
        Features r = rows.get(i);
        segments[i] = r.display(r.schema().feature(segmentBy).index());
      }
    }
    GateReport report = gate.evaluate(cand, champ, s.holdOutLabels(), segments);
    Optional<ModelVersion> saved = Optional.empty();
    ModelStore st = store;
    if (report.passed() && st != null) {
      Map<String, Double> metrics = new TreeMap<>();
      put(metrics, "auc", report.candidateAuc());
      put(metrics, "champion_auc", report.championAuc());
      put(metrics, "delong_z", report.delong().z());
      put(metrics, "ece", report.candidateCalibrationError());
      put(metrics, "holdout_rows", report.rows());
      ModelProvenance p = new ModelProvenance(author, clock.instant(), String.format(Locale.ROOT,
          "%d training rows (%d feedback, %d base); held out %d feedback rows from %s", s.trainRows().size(),
          s.feedbackTrainRows(), baseRows.size(), rows.size(), s.holdOutFrom()), metrics,
          kind + " candidate for " + champion.provenance() + "; " + report.summary().replace('\n', ';'));
      saved = Optional.of(st.save(modelId, type, bytes, p, onPass));
    }
    return new RetrainingReport(modelId, kind, candidate, s.trainRows().size(), baseRows.size(), rows.size(),
        s.holdOutFrom(), report, saved);
  }

  private static void put(Map<String, Double> metrics, String name, double value) {
    if (Double.isFinite(value)) {
      metrics.put(name, value);
    }
  }

  /** Builds a {@link Retrainer}; not thread-safe. */
  public static final class Builder {
    private final FeedbackLog feedback;
    private final String modelId;
    private final Set<String> positives = new LinkedHashSet<>();
    private final List<Features> baseRows = new ArrayList<>();
    private final List<String> baseLabels = new ArrayList<>();
    private double holdOutShare = 0.3;
    private LogisticTrainer.Builder trainer = LogisticTrainer.builder().l2(1e-3);
    private PromotionGate gate = PromotionGate.builder().build();
    private @Nullable String segmentBy;
    private @Nullable ModelStore store;
    private ModelState onPass = ModelState.SHADOW;
    private String author = "retrainer";
    private Clock clock = Clock.systemUTC();

    private Builder(FeedbackLog feedback, String modelId) {
      this.feedback = Objects.requireNonNull(feedback, "feedback");
      this.modelId = modelId;
    }

    /** The labels that count as positive (the first names the model's positive class); required. */
    public Builder positive(String label, String... more) {
      positives.clear();
      positives.add(requireText(label));
      for (String m : more) {
        positives.add(requireText(m));
      }
      return this;
    }

    /**
     * Rows added to every training set (e.g. the champion's original training data), with their labels.
     *
     * @throws IllegalArgumentException if the lists differ in length
     */
    public Builder baseTraining(List<? extends Features> rows, List<String> labels) {
      if (rows.size() != labels.size()) {
        throw new IllegalArgumentException(rows.size() + " base rows but " + labels.size() + " labels");
      }
      baseRows.clear();
      baseRows.addAll(rows);
      baseLabels.clear();
      baseLabels.addAll(labels);
      return this;
    }

    /**
     * The most recent share of the labelled decisions held out for the gate (default 0.3).
     *
     * @throws IllegalArgumentException if not in (0, 1)
     */
    public Builder holdOutShare(double share) {
      if (!(share > 0 && share < 1)) {
        throw new IllegalArgumentException("hold-out share must be in (0, 1): " + share);
      }
      this.holdOutShare = share;
      return this;
    }

    /** The logistic trainer's settings (default {@code l2(1e-3)}); its positive class and model version are set per run. */
    public Builder trainer(LogisticTrainer.Builder trainer) {
      this.trainer = Objects.requireNonNull(trainer);
      return this;
    }

    /** The promotion gate (default {@link PromotionGate#builder()}'s defaults). */
    public Builder gate(PromotionGate gate) {
      this.gate = Objects.requireNonNull(gate);
      return this;
    }

    /** A feature whose values are the segments the gate's segment check compares (by displayed value). */
    public Builder segmentBy(String feature) {
      this.segmentBy = requireText(feature);
      return this;
    }

    /**
     * Where a candidate that passes is stored, and in which state ({@link ModelState#SHADOW} to
     * shadow it first, {@link ModelState#CHAMPION} to promote it at once).
     *
     * @throws IllegalArgumentException for {@link ModelState#RETIRED}
     */
    public Builder store(ModelStore store, ModelState onPass) {
      if (onPass == ModelState.RETIRED) {
        throw new IllegalArgumentException("a candidate that passes the gate is not stored as retired");
      }
      this.store = Objects.requireNonNull(store);
      this.onPass = onPass;
      return this;
    }

    /** Who the stored versions name as their author (default {@code "retrainer"}). */
    public Builder author(String author) {
      this.author = requireText(author);
      return this;
    }

    /** The clock for model versions and provenance (default UTC system clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    private static String requireText(String s) {
      if (s.isBlank()) {
        throw new IllegalArgumentException("must not be blank");
      }
      return s;
    }

    /**
     * The retrainer.
     *
     * @throws IllegalStateException if no positive label was given
     */
    public Retrainer build() {
      if (positives.isEmpty()) {
        throw new IllegalStateException("name the positive label(s) with positive(...)");
      }
      return new Retrainer(this);
    }
  }
}
