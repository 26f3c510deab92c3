package dev.scoring.evaluation;

import dev.scoring.monitoring.internal.Check;
import dev.scoring.api.Feature;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Flags features that give the label away: a feature that alone separates the classes (its
 * single-feature ROC AUC, taken as max(AUC, 1 − AUC), at or above a threshold), or one whose
 * missingness moves in step with the label (missing rates among positives and negatives that
 * differ by at least a gap).
 *
 * <p>Numbers, booleans and timestamps are scored by their value; a category by its positive rate
 * in the data (target encoding, in-sample, so a category with many rare values also scores high,
 * which deserves a look too); text is only checked for missingness. Missing values are left out of
 * the AUC.
 *
 * <p>The default AUC threshold, 0.8, is lower than "almost perfect" on purpose: the textbook
 * leaky column, the call {@code duration} of the UCI bank-marketing data (known only after the
 * call whose outcome is the label), reaches 0.82 alone while no honest feature there passes 0.75.
 *
 * <pre>{@code
 * LeakageReport r = LeakageCheck.builder().build().check(rows, labels);
 * r.flagged();   // e.g. [duration: single-feature AUC 0.818]
 * }</pre>
 *
 * Immutable and thread-safe.
 */
public final class LeakageCheck {

  private final double aucThreshold;
  private final double missingGap;
  private final int minRows;

  private LeakageCheck(Builder b) {
    this.aucThreshold = b.aucThreshold;
    this.missingGap = b.missingGap;
    this.minRows = b.minRows;
  }

  /** Starts a configuration: AUC threshold 0.8, missingness gap 0.5, at least 30 present values. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Checks every feature of the rows' schema.
   *
   * @throws IllegalArgumentException if there are no rows, the lengths differ, a label is not 0
   *     or 1, only one class is present, or the rows have different schemas
   */
  public LeakageReport check(List<? extends Features> rows, int[] labels) {
    return check(rows, labels, null);
  }

  /**
   * Checks every feature on weighted rows: the single-feature AUC, the target encoding of
   * categories and the missing rates are by weight, the present counts stay rows; {@code weights}
   * (finite, not negative) may be {@code null} for equal weights. Integer weights give what
   * repeating each row that many times gives (but for the counts).
   *
   * @throws IllegalArgumentException as {@link #check(List, int[])}, for a bad weight or weights
   *     of another length, or if a class has zero total weight
   */
  public LeakageReport check(List<? extends Features> rows, int[] labels, double @Nullable [] weights) {
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("rows are empty: need at least one row");
    }
    if (rows.size() != labels.length) {
      throw new IllegalArgumentException("rows and labels differ in length: " + rows.size() + " rows, " + labels.length + " labels");
    }
    if (weights != null && weights.length != labels.length) {
      throw new IllegalArgumentException(
          "weights and labels differ in length: " + weights.length + " weights, " + labels.length + " labels");
    }
    FeatureSchema schema = rows.get(0).schema();
    int n = labels.length;
    int positives = 0;
    double positiveWeight = 0;
    double negativeWeight = 0;
    for (int i = 0; i < n; i++) {
      if (labels[i] != 0 && labels[i] != 1) {
        throw new IllegalArgumentException("label at row " + i + " is " + labels[i] + "; labels must be 0 or 1");
      }
      if (!rows.get(i).schema().equals(schema)) {
        throw new IllegalArgumentException("row " + i + " is bound to another schema than row 0");
      }
      double w = weight(weights, i);
      if (!(w >= 0 && Double.isFinite(w))) {
        throw new IllegalArgumentException("weight at row " + i + " is " + w + "; weights must be finite and not negative");
      }
      positives += labels[i];
      if (labels[i] == 1) {
        positiveWeight += w;
      } else {
        negativeWeight += w;
      }
    }
    Binary.requireBothClasses(positives, n, "the leakage check");
    if (positiveWeight == 0 || negativeWeight == 0) {
      throw new IllegalArgumentException("the leakage check needs both classes with a positive total weight");
    }
    List<LeakageReport.FeatureLeak> out = new ArrayList<>(schema.size());
    for (Feature f : schema.features()) {
      int idx = f.index();
      double missPos = 0;
      double missNeg = 0;
      int present = 0;
      for (int i = 0; i < n; i++) {
        if (rows.get(i).isMissing(idx)) {
          if (labels[i] == 1) {
            missPos += weight(weights, i);
          } else {
            missNeg += weight(weights, i);
          }
        } else {
          present++;
        }
      }
      double[] s = new double[present];
      int[] y = new int[present];
      double[] ws = new double[present];
      for (int i = 0, k = 0; i < n; i++) {
        if (!rows.get(i).isMissing(idx)) {
          ws[k++] = weight(weights, i);
        }
      }
      if (f.type() == dev.scoring.api.FeatureType.TEXT) {
        s = new double[0];
      } else if (f.type().isString()) {
        Map<String, double[]> stats = new HashMap<>();
        for (int i = 0; i < n; i++) {
          String v = rows.get(i).string(idx);
          if (v != null) {
            double[] c = stats.computeIfAbsent(v, k -> new double[2]);
            double w = weight(weights, i);
            c[0] += w;
            c[1] += w * labels[i];
          }
        }
        for (int i = 0, k = 0; i < n; i++) {
          String v = rows.get(i).string(idx);
          if (v != null) {
            double[] c = java.util.Objects.requireNonNull(stats.get(v));
            // a category whose rows all weigh nothing gets any value: its rows do not count
            s[k] = c[0] == 0 ? 0 : c[1] / c[0];
            y[k++] = labels[i];
          }
        }
      } else {
        for (int i = 0, k = 0; i < n; i++) {
          if (!rows.get(i).isMissing(idx)) {
            s[k] = rows.get(i).number(idx);
            y[k++] = labels[i];
          }
        }
      }
      double auc = Double.NaN;
      if (s.length >= minRows) {
        double a = new Binary(s, y).auc(weights == null ? null : ws);
        auc = Double.isNaN(a) ? Double.NaN : Math.max(a, 1 - a);
      }
      double ratePos = missPos / positiveWeight;
      double rateNeg = missNeg / negativeWeight;
      List<String> reasons = new ArrayList<>(2);
      if (auc >= aucThreshold) {
        reasons.add(String.format(java.util.Locale.ROOT, "single-feature AUC %.3f >= %.3f", auc, aucThreshold));
      }
      if (Math.abs(ratePos - rateNeg) >= missingGap) {
        reasons.add(String.format(java.util.Locale.ROOT,
            "missing for %.1f%% of positives but %.1f%% of negatives", 100 * ratePos, 100 * rateNeg));
      }
      out.add(new LeakageReport.FeatureLeak(f.name(), f.type(), present, auc, ratePos, rateNeg, reasons));
    }
    return new LeakageReport(aucThreshold, missingGap, out);
  }

  private static double weight(double @Nullable [] weights, int i) {
    return weights == null ? 1 : weights[i];
  }

  /** Configures a {@link LeakageCheck}; not thread-safe. */
  public static final class Builder {
    private double aucThreshold = 0.8;
    private double missingGap = 0.5;
    private int minRows = 30;

    private Builder() {}

    /** Flag a single-feature AUC at or above this (default 0.8). @throws IllegalArgumentException unless in [0.5, 1] */
    public Builder aucThreshold(double threshold) {
this.aucThreshold = Check.inClosed("aucThreshold", threshold, 0.5, 1);
      return this;
    }

    /** Flag a gap of at least this between the missing rates of positives and negatives (default 0.5). @throws IllegalArgumentException unless in (0, 1] */
    public Builder missingGap(double gap) {
this.missingGap = Check.inLeftOpen("missingGap", gap, 0, 1);
      return this;
    }

    /** The fewest present values for an AUC (default 30). @throws IllegalArgumentException if below 2 */
    public Builder minRows(int minRows) {
this.minRows = Check.atLeast("minRows", minRows, 2);
      return this;
    }

    /** The configuration. */
    public LeakageCheck build() {
      return new LeakageCheck(this);
    }
  }
}
