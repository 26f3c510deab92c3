package dev.scoring.retraining;

import dev.scoring.evaluation.BaselineComparison;
import dev.scoring.evaluation.BinaryMetrics;
import dev.scoring.evaluation.Calibration;
import dev.scoring.evaluation.ComparisonReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a candidate model may replace the champion, from both models' scores on the
 * same labelled rows (a held-out recent window). Every check must pass:
 * <ul>
 *   <li>{@code labels}: at least {@link Builder#minPerClass(int) minPerClass} positive and negative rows
 *       (otherwise nothing else is judged);
 *   <li>{@code not-worse}: the candidate's ROC AUC is not significantly below the champion's, by a
 *       one-sided DeLong test: the p-value of H1 "candidate &lt; champion", Φ(z) with
 *       z = (AUC<sub>candidate</sub> − AUC<sub>champion</sub>) / SE, must be at least the
 *       {@link Builder#level(double) level};
 *   <li>{@code calibration}: the candidate's expected calibration error (10 equal-width bins) is at
 *       most {@link Builder#maxCalibrationError(double)};
 *   <li>{@code segments} (with segments given): in no segment of at least
 *       {@link Builder#minSegmentRows(int)} rows with both classes is the candidate's AUC below the
 *       champion's by more than {@link Builder#maxSegmentLoss(double)}.
 * </ul>
 * Immutable and thread-safe.
 */
public final class PromotionGate {

  private static final int BINS = 10;

  private final double level;
  private final double maxCalibrationError;
  private final double maxSegmentLoss;
  private final int minSegmentRows;
  private final int minPerClass;

  private PromotionGate(Builder b) {
    this.level = b.level;
    this.maxCalibrationError = b.maxCalibrationError;
    this.maxSegmentLoss = b.maxSegmentLoss;
    this.minSegmentRows = b.minSegmentRows;
    this.minPerClass = b.minPerClass;
  }

  /** A gate with level 0.05, calibration error at most 0.05, segment loss at most 0.05 on 100 rows, 20 rows per class. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Judges the candidate against the champion.
   *
   * @param candidate the candidate's probabilities on the window
   * @param champion the champion's scores on the same rows (any scale: only their order is used)
   * @param labels 1 for positive, 0 for negative
   * @param segments each row's segment, or {@code null} for no segment check
   * @throws IllegalArgumentException if the lengths differ, a score is not finite or a candidate score is not a probability
   */
  public GateReport evaluate(double[] candidate, double[] champion, int[] labels, String @Nullable [] segments) {
    if (candidate.length != labels.length || champion.length != labels.length
        || (segments != null && segments.length != labels.length)) {
      throw new IllegalArgumentException("scores, labels and segments differ in length");
    }
    int positives = 0;
    for (int y : labels) {
      if (y != 0 && y != 1) {
        throw new IllegalArgumentException("labels must be 0 or 1: " + y);
      }
      positives += y;
    }
    int negatives = labels.length - positives;
    List<GateReport.Check> checks = new ArrayList<>();
    int fewest = Math.min(positives, negatives);
    checks.add(new GateReport.Check("labels", fewest >= minPerClass, fewest, minPerClass,
        positives + " positive and " + negatives + " negative rows (at least " + minPerClass + " of each needed)"));
    double nan = Double.NaN;
    if (fewest < minPerClass) {
      return new GateReport(checks, labels.length, positives, nan, nan,
          new ComparisonReport.DeLongTest(nan, nan, nan, nan, nan, nan), nan, nan, List.of());
    }
    ComparisonReport.DeLongTest d = BaselineComparison.delong(candidate, champion, labels);
    double pWorse = d.z() <= 0 ? d.pValue() / 2 : 1 - d.pValue() / 2;
    checks.add(new GateReport.Check("not-worse", pWorse >= level, pWorse, level, String.format(Locale.ROOT,
        "AUC %.4f (candidate) vs %.4f (champion), difference %+.4f, SE %.4f, z %.2f; one-sided p(candidate worse) %.4g %s %s",
        d.modelAuc(), d.baselineAuc(), d.difference(), d.standardError(), d.z(), pWorse, pWorse >= level ? ">=" : "<",
        fmt(level))));
    double ece = Calibration.of(candidate, labels, BINS).expectedCalibrationError();
    double championEce = isProbability(champion) ? Calibration.of(champion, labels, BINS).expectedCalibrationError() : nan;
    checks.add(new GateReport.Check("calibration", ece <= maxCalibrationError, ece, maxCalibrationError,
        String.format(Locale.ROOT, "expected calibration error %.4f (champion %.4f), bound %s", ece, championEce,
            fmt(maxCalibrationError))));
    List<SegmentDifference> segs = segments == null ? List.of()
        : SegmentDifference.of(champion, candidate, labels, segments);
    if (segments != null) {
      SegmentDifference worst = null;
      int judged = 0;
      for (SegmentDifference s : segs) {
        if (s.rows() >= minSegmentRows && s.measurable()) {
          judged++;
          if (worst == null || s.aucLoss() > worst.aucLoss()) {
            worst = s;
          }
        }
      }
      double loss = worst == null ? 0 : worst.aucLoss();
      checks.add(new GateReport.Check("segments", loss <= maxSegmentLoss, loss, maxSegmentLoss, worst == null
          ? "no segment has " + minSegmentRows + " rows with both classes"
          : String.format(Locale.ROOT, "%d segments judged; worst '%s' (%d rows): AUC %.4f (candidate) vs %.4f "
              + "(champion), loss %.4f, bound %s", judged, worst.segment(), worst.rows(), worst.candidateAuc(),
              worst.championAuc(), loss, fmt(maxSegmentLoss))));
    }
    return new GateReport(checks, labels.length, positives, BinaryMetrics.rocAuc(champion, labels),
        BinaryMetrics.rocAuc(candidate, labels), d, ece, championEce, segs);
  }

  private static boolean isProbability(double[] scores) {
    for (double s : scores) {
      if (!(s >= 0 && s <= 1)) {
        return false;
      }
    }
    return true;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%s", v);
  }

  @Override
  public String toString() {
    return "PromotionGate[level " + level + ", calibration error <= " + maxCalibrationError + ", segment loss <= "
        + maxSegmentLoss + " on " + minSegmentRows + "+ rows, " + minPerClass + "+ rows per class]";
  }

  /** Builds a {@link PromotionGate}; not thread-safe. */
  public static final class Builder {
    private double level = 0.05;
    private double maxCalibrationError = 0.05;
    private double maxSegmentLoss = 0.05;
    private int minSegmentRows = 100;
    private int minPerClass = 20;

    private Builder() {}

    /**
     * The level of the one-sided DeLong test: the candidate fails when the p-value of "candidate
     * worse than champion" is below it (default 0.05).
     *
     * @throws IllegalArgumentException if not in (0, 1)
     */
    public Builder level(double level) {
      if (!(level > 0 && level < 1)) {
        throw new IllegalArgumentException("level must be in (0, 1): " + level);
      }
      this.level = level;
      return this;
    }

    /**
     * The largest expected calibration error allowed (default 0.05).
     *
     * @throws IllegalArgumentException if not in [0, 1]
     */
    public Builder maxCalibrationError(double bound) {
      if (!(bound >= 0 && bound <= 1)) {
        throw new IllegalArgumentException("calibration error bound must be in [0, 1]: " + bound);
      }
      this.maxCalibrationError = bound;
      return this;
    }

    /**
     * The largest AUC loss allowed in any judged segment (default 0.05).
     *
     * @throws IllegalArgumentException if not in [0, 1]
     */
    public Builder maxSegmentLoss(double loss) {
      if (!(loss >= 0 && loss <= 1)) {
        throw new IllegalArgumentException("segment AUC loss must be in [0, 1]: " + loss);
      }
      this.maxSegmentLoss = loss;
      return this;
    }

    /**
     * The fewest rows a segment needs to be judged (default 100).
     *
     * @throws IllegalArgumentException if below 1
     */
    public Builder minSegmentRows(int rows) {
      if (rows < 1) {
        throw new IllegalArgumentException("minSegmentRows must be at least 1: " + rows);
      }
      this.minSegmentRows = rows;
      return this;
    }

    /**
     * The fewest positive and negative rows the window needs (default 20).
     *
     * @throws IllegalArgumentException if below 1
     */
    public Builder minPerClass(int rows) {
      if (rows < 1) {
        throw new IllegalArgumentException("minPerClass must be at least 1: " + rows);
      }
      this.minPerClass = rows;
      return this;
    }

    /** The gate. */
    public PromotionGate build() {
      return new PromotionGate(this);
    }
  }
}
