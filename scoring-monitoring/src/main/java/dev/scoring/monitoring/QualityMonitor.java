package dev.scoring.monitoring;

import dev.scoring.monitoring.internal.Check;
import dev.scoring.review.FeedbackLog;
import dev.scoring.review.LabelledExample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;

/**
 * Model quality from labels as they arrive (reviewers' overrides and observed outcomes): per
 * segment, a rolling window of the last {@code window} labelled scores, evaluated every {@code
 * evaluateEvery} labels once it holds {@code minLabels}: ROC AUC, expected calibration error,
 * Brier score and log loss, each weighted when labels carry sample weights (a weight of 1 is no
 * weight, and a weight of k counts like k copies). A segment's quality drops when its AUC falls more than {@code
 * maxAucDrop} below its baseline (the configured {@code expectedAuc}, or else the segment's first
 * evaluated AUC) or its ECE exceeds {@code maxEce}; the monitor then raises its alarm and sends
 * {@link MonitorEvent.QualityDropped}, and {@link MonitorEvent.QualityRecovered} when it is back.
 *
 * <pre>{@code
 * QualityMonitor quality = QualityMonitor.builder().window(2_000).expectedAuc(0.78).maxAucDrop(0.05)
 *     .listener(events).build();
 * quality.record("EMEA", score, label);                 // one label as it arrives
 * quality.record("EMEA", score, label, 3.0);            // or with a sample weight
 * quality.consume(feedbackLog, ex -> scoreOf(ex), ex -> ex.label().equals("won") ? 1 : 0,
 *     ex -> regionOf(ex));                              // or drain a FeedbackLog
 * }</pre>
 *
 * Memory is constant: {@code maxSegments} segments (later ones count only in {@value #ALL}) of
 * {@code window} scores each. Thread-safe: recording takes a short lock and allocates nothing
 * except when a new segment appears or an event is sent.
 */
public final class QualityMonitor implements Alarm {

  /** The segment that holds every label. */
  public static final String ALL = "all";

  private final String name;
  private final int window;
  private final int evaluateEvery;
  private final int minLabels;
  private final double expectedAuc;
  private final double maxAucDrop;
  private final double maxEce;
  private final int bins;
  private final int maxSegments;
  private final MonitorListener listener;

  private final Map<String, Segment> segments = new HashMap<>();
  private final Segment all;
  /** Scratch for an evaluation: the window's scores, labels and weights, sorted by score. */
  private final double[] sortedScores;
  private final byte[] sortedLabels;
  private final double[] sortedWeights;
  /** Scratch for the unweighted AUC: the positives' and the negatives' scores. */
  private final double[] pos;
  private final double[] neg;
  private final double[] binWeight;
  private final double[] binScore;
  private final double[] binPositives;
  private int consumed;
  private volatile boolean alarm;
  private int droppedSegments;

  private QualityMonitor(Builder b) {
    this.name = b.name;
    this.window = b.window;
    this.evaluateEvery = b.evaluateEvery;
    this.minLabels = b.minLabels;
    this.expectedAuc = b.expectedAuc;
    this.maxAucDrop = b.maxAucDrop;
    this.maxEce = b.maxEce;
    this.bins = b.bins;
    this.maxSegments = b.maxSegments;
    this.listener = b.listener;
    this.all = new Segment(ALL, window);
    segments.put(ALL, all);
    this.sortedScores = new double[window];
    this.sortedLabels = new byte[window];
    this.sortedWeights = new double[window];
    this.pos = new double[window];
    this.neg = new double[window];
    this.binWeight = new double[bins];
    this.binScore = new double[bins];
    this.binPositives = new double[bins];
  }

  /** Starts a configuration. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean raised() {
    return alarm;
  }

  /** Records a label for {@link #ALL} only. @throws IllegalArgumentException as {@link #record(String, double, int)} */
  public void record(double score, int label) {
    record(null, score, label);
  }

  /**
   * Records one labelled score, in its segment and in {@link #ALL}.
   *
   * @param segment the segment, or {@code null} for {@link #ALL} only
   * @throws IllegalArgumentException if the score is not finite or the label is not 0 or 1
   */
  public void record(@Nullable String segment, double score, int label) {
    record(segment, score, label, 1.0);
  }

  /**
   * Records one labelled score with a sample weight, in its segment and in {@link #ALL}.
   *
   * @param segment the segment, or {@code null} for {@link #ALL} only
   * @throws IllegalArgumentException if the score is not finite, the label is not 0 or 1, or the
   *     weight is not finite and positive
   */
  public void record(@Nullable String segment, double score, int label, double weight) {
    if (!Double.isFinite(score)) {
      throw new IllegalArgumentException("score is not finite: " + score);
    }
    if (label != 0 && label != 1) {
      throw new IllegalArgumentException("label is " + label + "; labels must be 0 or 1");
    }
    if (!(weight > 0) || !Double.isFinite(weight)) {
      throw new IllegalArgumentException("weight is " + weight + "; weights must be finite and positive");
    }
    MonitorEvent e1;
    MonitorEvent e2 = null;
    synchronized (this) {
      e1 = add(all, score, label, weight);
      if (segment != null && !segment.equals(ALL)) {
        Segment s = segments.get(segment);
        if (s == null && segments.size() <= maxSegments) {
          s = new Segment(segment, window);
          segments.put(segment, s);
        }
        if (s != null) {
          e2 = add(s, score, label, weight);
        }
      }
    }
    if (e1 != null) {
      listener.onEvent(e1);
    }
    if (e2 != null) {
      listener.onEvent(e2);
    }
  }

  /**
   * Records the examples added to {@code log} since the last call (the log is read from where
   * this monitor left off), with a score, a 0/1 label and a segment derived from each: the score
   * may be looked up by {@link LabelledExample#decisionId()} in the audit trail, or recomputed
   * from {@link LabelledExample#input()}.
   *
   * @return the number of examples recorded
   * @throws IllegalArgumentException if a derived score or label is invalid (earlier examples stay recorded)
   */
  public int consume(
      FeedbackLog log,
      ToDoubleFunction<LabelledExample> score,
      ToIntFunction<LabelledExample> label,
      Function<LabelledExample, @Nullable String> segment) {
    List<LabelledExample> examples = log.examples();
    int from;
    synchronized (this) {
      from = consumed;
      consumed = Math.max(consumed, examples.size());
    }
    for (int i = from; i < examples.size(); i++) {
      LabelledExample ex = examples.get(i);
      record(segment.apply(ex), score.applyAsDouble(ex), label.applyAsInt(ex));
    }
    return Math.max(0, examples.size() - from);
  }

  /** The quality of every segment now (evaluated on the spot), {@link #ALL} first. */
  public synchronized List<SegmentQuality> report() {
    List<SegmentQuality> out = new ArrayList<>(segments.size());
    evaluate(all);
    out.add(all.quality());
    List<String> keys = new ArrayList<>(segments.keySet());
    keys.sort(null);
    for (String k : keys) {
      if (!k.equals(ALL)) {
        Segment s = java.util.Objects.requireNonNull(segments.get(k));
        evaluate(s);
        out.add(s.quality());
      }
    }
    return out;
  }

  private @Nullable MonitorEvent add(Segment s, double score, int label, double weight) {
    s.scores[s.head] = score;
    s.labels[s.head] = (byte) label;
    s.weights[s.head] = weight;
    s.head = (s.head + 1) % window;
    if (s.size < window) {
      s.size++;
    }
    if (++s.sinceEvaluation < evaluateEvery || s.size < minLabels) {
      return null;
    }
    s.sinceEvaluation = 0;
    evaluate(s);
    if (Double.isNaN(s.baseline) && !Double.isNaN(s.auc)) {
      s.baseline = Double.isNaN(expectedAuc) ? s.auc : expectedAuc;
    }
    boolean aucLow = s.auc < s.baseline - maxAucDrop;
    boolean eceHigh = s.ece > maxEce;
    boolean dropped = aucLow || eceHigh;
    if (dropped == s.dropped) {
      return null;
    }
    s.dropped = dropped;
    droppedSegments += dropped ? 1 : -1;
    alarm = droppedSegments > 0;
    if (dropped) {
      String why = aucLow
          ? String.format(java.util.Locale.ROOT, "AUC %.3f is more than %.3f below %.3f", s.auc, maxAucDrop, s.baseline)
          : String.format(java.util.Locale.ROOT, "ECE %.3f exceeds %.3f", s.ece, maxEce);
      return new MonitorEvent.QualityDropped(name, s.quality(), "segment " + s.name + ": " + why);
    }
    return new MonitorEvent.QualityRecovered(name, s.quality());
  }

  /** Computes a segment's metrics into its fields; allocation-free. */
  private void evaluate(Segment s) {
    int n = s.size;
    int n1 = 0;
    boolean probabilities = true;
    double total = 0;
    boolean weighted = false;
    double brier = 0;
    double logLoss = 0;
    Arrays.fill(binWeight, 0);
    Arrays.fill(binScore, 0);
    Arrays.fill(binPositives, 0);
    for (int i = 0; i < n; i++) {
      double v = s.scores[i];
      int y = s.labels[i];
      double w = s.weights[i];
      sortedScores[i] = v;
      sortedLabels[i] = (byte) y;
      sortedWeights[i] = w;
      n1 += y;
      total += w;
      weighted |= w != 1.0;
      if (v < 0 || v > 1) {
        probabilities = false;
        continue;
      }
      brier += w * (v - y) * (v - y);
      double p = Math.min(1 - 1e-15, Math.max(1e-15, v));
      logLoss -= w * (y == 1 ? Math.log(p) : Math.log1p(-p));
      int b = Math.min((int) (v * bins), bins - 1);
      binWeight[b] += w;
      binScore[b] += w * v;
      binPositives[b] += w * y;
    }
    s.positives = n1;
    s.auc = Double.NaN;
    if (n1 > 0 && n1 < n && !weighted) {
      s.auc = unweightedAuc(n, n1);
    } else if (n1 > 0 && n1 < n) {
      sortByScore(n);
      // per group of tied scores: each positive beats the negatives below and ties half of the group's
      double acc = 0;
      double negBelow = 0;
      double posTotal = 0;
      for (int i = 0; i < n; ) {
        double groupPos = 0;
        double groupNeg = 0;
        int j = i;
        for (; j < n && sortedScores[j] == sortedScores[i]; j++) {
          if (sortedLabels[j] == 1) {
            groupPos += sortedWeights[j];
          } else {
            groupNeg += sortedWeights[j];
          }
        }
        acc += groupPos * (negBelow + 0.5 * groupNeg);
        negBelow += groupNeg;
        posTotal += groupPos;
        i = j;
      }
      s.auc = acc / (posTotal * negBelow);
    }
    if (probabilities && n > 0) {
      double ece = 0;
      for (int b = 0; b < bins; b++) {
        if (binWeight[b] > 0) {
          ece += Math.abs(binScore[b] / binWeight[b] - binPositives[b] / binWeight[b]) * binWeight[b] / total;
        }
      }
      s.ece = ece;
      s.brier = brier / total;
      s.logLoss = logLoss / total;
    } else {
      s.ece = Double.NaN;
      s.brier = Double.NaN;
      s.logLoss = Double.NaN;
    }
  }

  /**
   * The AUC when every weight is 1: positives and negatives sorted apart (faster than sorting the
   * labels and weights along), each positive counting the negatives below it and half the ties.
   */
  private double unweightedAuc(int n, int n1) {
    int p = 0;
    int q = 0;
    for (int i = 0; i < n; i++) {
      if (sortedLabels[i] == 1) {
        pos[p++] = sortedScores[i];
      } else {
        neg[q++] = sortedScores[i];
      }
    }
    Arrays.sort(pos, 0, p);
    Arrays.sort(neg, 0, q);
    double acc = 0;
    int below = 0;
    int atOrBelow = 0;
    for (int i = 0; i < p; i++) {
      double v = pos[i];
      while (below < q && neg[below] < v) {
        below++;
      }
      atOrBelow = Math.max(atOrBelow, below);
      while (atOrBelow < q && neg[atOrBelow] <= v) {
        atOrBelow++;
      }
      acc += below + 0.5 * (atOrBelow - below);
    }
    return acc / ((double) n1 * (n - n1));
  }

  /** Heapsort of the first {@code n} scratch entries by score, labels and weights alongside; in place. */
  private void sortByScore(int n) {
    for (int i = n / 2 - 1; i >= 0; i--) {
      siftDown(i, n);
    }
    for (int end = n - 1; end > 0; end--) {
      swap(0, end);
      siftDown(0, end);
    }
  }

  private void siftDown(int i, int n) {
    while (true) {
      int child = 2 * i + 1;
      if (child >= n) {
        return;
      }
      if (child + 1 < n && sortedScores[child + 1] > sortedScores[child]) {
        child++;
      }
      if (!(sortedScores[child] > sortedScores[i])) {
        return;
      }
      swap(i, child);
      i = child;
    }
  }

  private void swap(int i, int j) {
    double v = sortedScores[i];
    sortedScores[i] = sortedScores[j];
    sortedScores[j] = v;
    byte y = sortedLabels[i];
    sortedLabels[i] = sortedLabels[j];
    sortedLabels[j] = y;
    double w = sortedWeights[i];
    sortedWeights[i] = sortedWeights[j];
    sortedWeights[j] = w;
  }

  private static final class Segment {
    final String name;
    final double[] scores;
    final byte[] labels;
    final double[] weights;
    int head;
    int size;
    int sinceEvaluation;
    int positives;
    double auc = Double.NaN;
    double ece = Double.NaN;
    double brier = Double.NaN;
    double logLoss = Double.NaN;
    double baseline = Double.NaN;
    boolean dropped;

    Segment(String name, int window) {
      this.name = name;
      this.scores = new double[window];
      this.labels = new byte[window];
      this.weights = new double[window];
    }

    SegmentQuality quality() {
      return new SegmentQuality(name, size, positives, auc, ece, brier, logLoss, baseline, dropped);
    }
  }

  /** Configures a {@link QualityMonitor}; not thread-safe. */
  public static final class Builder {
    private String name = "quality";
    private int window = 1000;
    private int evaluateEvery = 100;
    private int minLabels = 200;
    private double expectedAuc = Double.NaN;
    private double maxAucDrop = 0.05;
    private double maxEce = Double.POSITIVE_INFINITY;
    private int bins = 10;
    private int maxSegments = 100;
    private MonitorListener listener = MonitorListener.none();

    private Builder() {}

    /** The monitor's name (default {@code "quality"}). */
    public Builder name(String name) {
this.name = Check.notBlank("name", name);
      return this;
    }

    /** Labels kept per segment (default 1,000). @throws IllegalArgumentException if below 2 */
    public Builder window(int labels) {
this.window = Check.atLeast("window", labels, 2, " labels");
      return this;
    }

    /** Labels between evaluations of a segment (default 100). @throws IllegalArgumentException if below 1 */
    public Builder evaluateEvery(int labels) {
this.evaluateEvery = Check.atLeast("evaluateEvery", labels, 1);
      return this;
    }

    /** The fewest labels in a segment's window before it is judged (default 200). @throws IllegalArgumentException if below 2 */
    public Builder minLabels(int labels) {
this.minLabels = Check.atLeast("minLabels", labels, 2);
      return this;
    }

    /** The AUC every segment is held to (default: each segment's first evaluated AUC). @throws IllegalArgumentException unless in [0, 1] */
    public Builder expectedAuc(double auc) {
this.expectedAuc = Check.inClosed("expectedAuc", auc, 0, 1);
      return this;
    }

    /** The tolerated fall of AUC below the baseline (default 0.05). @throws IllegalArgumentException unless in [0, 1] */
    public Builder maxAucDrop(double drop) {
this.maxAucDrop = Check.inClosed("maxAucDrop", drop, 0, 1);
      return this;
    }

    /** The largest tolerated expected calibration error (default off). @throws IllegalArgumentException unless in (0, 1] */
    public Builder maxEce(double ece) {
this.maxEce = Check.inLeftOpen("maxEce", ece, 0, 1);
      return this;
    }

    /** Calibration bins (default 10). @throws IllegalArgumentException if below 1 */
    public Builder calibrationBins(int bins) {
this.bins = Check.atLeast("calibrationBins", bins, 1);
      return this;
    }

    /** The most segments tracked besides {@value #ALL} (default 100). @throws IllegalArgumentException if negative */
    public Builder maxSegments(int max) {
this.maxSegments = Check.atLeast("maxSegments", max, 0);
      return this;
    }

    /** Receives quality events (default none). */
    public Builder listener(MonitorListener listener) {
      this.listener = Objects.requireNonNull(listener);
      return this;
    }

    /** The monitor. @throws IllegalArgumentException if minLabels exceeds the window */
    public QualityMonitor build() {
      if (minLabels > window) {
        throw new IllegalArgumentException("minLabels (" + minLabels + ") exceeds the window (" + window + ")");
      }
      return new QualityMonitor(this);
    }
  }
}
