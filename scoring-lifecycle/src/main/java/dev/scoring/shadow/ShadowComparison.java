package dev.scoring.shadow;

import dev.scoring.decision.ShadowRecord;
import dev.scoring.evaluation.BaselineComparison;
import dev.scoring.evaluation.BinaryMetric;
import dev.scoring.evaluation.Bootstrap;
import dev.scoring.evaluation.Calibration;
import dev.scoring.evaluation.ComparisonReport;
import dev.scoring.evaluation.Interval;
import dev.scoring.retraining.SegmentDifference;
import dev.scoring.review.LabelledExample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Compares the champion with a challenger from the shadow log ({@link ShadowRecord}s, written by
 * {@code ShadowScoring}) and the feedback ({@link LabelledExample}s, joined by decision id; a
 * decision's latest example is its label).
 *
 * <pre>{@code
 * ShadowReport r = ShadowComparison.builder().positive("converted").segmentBy("country").build()
 *     .compare("candidate-7", shadowLog.records(), feedbackLog.examples());
 * System.out.println(r.summary());
 * }</pre>
 *
 * Over every scored record: the agreement rate and the action-change matrix. Over the scored
 * records with a label and a champion score: both AUCs with bootstrap intervals, the paired
 * differences and DeLong's test, both calibration errors (10 bins), the review rates and the
 * precision of automatic decisions, the precision of each model's top-scored records at the
 * champion's review rate, and per-segment AUCs. Immutable and thread-safe.
 */
public final class ShadowComparison {

  private static final int BINS = 10;

  private final Set<String> positives;
  private final @Nullable String segmentBy;
  private final Bootstrap bootstrap;

  private ShadowComparison(Builder b) {
    this.positives = Set.copyOf(b.positives);
    this.segmentBy = b.segmentBy;
    this.bootstrap = b.bootstrap;
  }

  /** Starts a comparison. */
  public static Builder builder() {
    return new Builder();
  }

  /** The challenger ids in a shadow log, in order of first appearance. */
  public static List<String> challengers(List<ShadowRecord> records) {
    Set<String> ids = new LinkedHashSet<>();
    for (ShadowRecord r : records) {
      ids.add(r.challenger().scorerId());
    }
    return List.copyOf(ids);
  }

  /**
   * The report for one challenger.
   *
   * @throws IllegalArgumentException if the log has no record of {@code challengerId}
   */
  public ShadowReport compare(String challengerId, List<ShadowRecord> records, List<LabelledExample> feedback) {
    Map<String, LabelledExample> labels = new HashMap<>();
    for (LabelledExample e : feedback) {
      labels.put(e.decisionId(), e);  // oldest first: the latest wins
    }
    int shadowed = 0;
    int failed = 0;
    int over = 0;
    List<ShadowRecord> scored = new ArrayList<>();
    for (ShadowRecord r : records) {
      if (!r.challenger().scorerId().equals(challengerId)) {
        continue;
      }
      shadowed++;
      switch (r.status()) {
        case SCORED -> scored.add(r);
        case FAILED -> failed++;
        case OVER_BUDGET -> over++;
      }
    }
    if (shadowed == 0) {
      throw new IllegalArgumentException("the shadow log has no record of challenger '" + challengerId + "'; it has "
          + challengers(records));
    }
    Map<String, Map<String, Long>> matrix = new TreeMap<>();
    long agree = 0;
    List<ShadowRecord> labelled = new ArrayList<>();
    for (ShadowRecord r : scored) {
      matrix.computeIfAbsent(r.championAction(), k -> new TreeMap<>())
          .merge(Objects.requireNonNull(r.challengerAction()), 1L, Long::sum);
      agree += r.agrees() ? 1 : 0;
      if (labels.containsKey(r.decisionId()) && Double.isFinite(r.championScore())) {
        labelled.add(r);
      }
    }
    Map<String, Map<String, Long>> frozen = new TreeMap<>();
    matrix.forEach((k, v) -> frozen.put(k, java.util.Collections.unmodifiableMap(v)));
    double agreement = scored.isEmpty() ? Double.NaN : (double) agree / scored.size();
    return new ShadowReport(challengerId, shadowed, scored.size(), failed, over, agreement, frozen,
        java.util.Optional.ofNullable(labelled(labelled, labels)));
  }

  private ShadowReport.@Nullable Labelled labelled(List<ShadowRecord> rs, Map<String, LabelledExample> labels) {
    int n = rs.size();
    double[] champ = new double[n];
    double[] chall = new double[n];
    int[] y = new int[n];
    String[] segments = segmentBy == null ? null : new String[n];
    int pos = 0;
    for (int i = 0; i < n; i++) {
      ShadowRecord r = rs.get(i);
      LabelledExample e = Objects.requireNonNull(labels.get(r.decisionId()));
      champ[i] = r.championScore();
      chall[i] = r.challengerScore();
      y[i] = positives.contains(e.label()) ? 1 : 0;
      pos += y[i];
      if (segments != null) {
        var row = e.input();
        segments[i] = row.display(row.schema().feature(Objects.requireNonNull(segmentBy)).index());
      }
    }
    if (pos == 0 || pos == n) {
      return null;
    }
    Interval champAuc = bootstrap.interval(BinaryMetric.ROC_AUC, champ, y);
    Interval challAuc = bootstrap.interval(BinaryMetric.ROC_AUC, chall, y);
    ComparisonReport cmp = BaselineComparison.compare(chall, champ, y, bootstrap);
    int champAuto = 0;
    int champAutoPos = 0;
    int challAuto = 0;
    int challAutoPos = 0;
    for (int i = 0; i < n; i++) {
      ShadowRecord r = rs.get(i);
      if (ShadowRecord.isAutomatic(r.championAction())) {
        champAuto++;
        champAutoPos += y[i];
      }
      if (ShadowRecord.isAutomatic(Objects.requireNonNull(r.challengerAction()))) {
        challAuto++;
        challAutoPos += y[i];
      }
    }
    List<SegmentDifference> segs = segments == null ? List.of() : SegmentDifference.of(champ, chall, y, segments);
    return new ShadowReport.Labelled(n, pos, champAuc, challAuc, cmp, ece(champ, y), ece(chall, y),
        1 - (double) champAuto / n, ratio(champAutoPos, champAuto), 1 - (double) challAuto / n,
        ratio(challAutoPos, challAuto), topPrecision(champ, y, champAuto), topPrecision(chall, y, champAuto), segs);
  }

  private static double ratio(int a, int b) {
    return b == 0 ? Double.NaN : (double) a / b;
  }

  private static double ece(double[] scores, int[] y) {
    for (double s : scores) {
      if (!(s >= 0 && s <= 1)) {
        return Double.NaN;
      }
    }
    return Calibration.of(scores, y, BINS).expectedCalibrationError();
  }

  /** The positive share among the {@code k} highest scores (ties broken by row order). */
  static double topPrecision(double[] scores, int[] y, int k) {
    if (k == 0) {
      return Double.NaN;
    }
    Integer[] order = new Integer[scores.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i]));
    int pos = 0;
    for (int i = 0; i < k; i++) {
      pos += y[order[i]];
    }
    return (double) pos / k;
  }

  /** Builds a {@link ShadowComparison}; not thread-safe. */
  public static final class Builder {
    private final Set<String> positives = new LinkedHashSet<>();
    private @Nullable String segmentBy;
    private Bootstrap bootstrap = Bootstrap.defaults();

    private Builder() {}

    /** The labels that count as positive; required. */
    public Builder positive(String label, String... more) {
      positives.clear();
      positives.add(label);
      positives.addAll(Arrays.asList(more));
      return this;
    }

    /** A feature of the labelled inputs whose displayed values are the segments. */
    public Builder segmentBy(String feature) {
      this.segmentBy = feature;
      return this;
    }

    /** The bootstrap for the intervals (default {@link Bootstrap#defaults()}). */
    public Builder bootstrap(Bootstrap bootstrap) {
      this.bootstrap = Objects.requireNonNull(bootstrap);
      return this;
    }

    /**
     * The comparison.
     *
     * @throws IllegalStateException if no positive label was given
     */
    public ShadowComparison build() {
      if (positives.isEmpty()) {
        throw new IllegalStateException("name the positive label(s) with positive(...)");
      }
      return new ShadowComparison(this);
    }
  }
}
