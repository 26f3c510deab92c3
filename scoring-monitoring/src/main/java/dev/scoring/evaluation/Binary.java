package dev.scoring.evaluation;

import org.jspecify.annotations.Nullable;

/**
 * The shared core of the binary metrics: input checks, an index sort, and weighted metrics over
 * rows sorted once by score (so a bootstrap resample, given as weights, costs one linear pass).
 */
final class Binary {

  /** Probabilities are clipped to [EPS, 1 - EPS] in the log loss, as scikit-learn did before 1.5. */
  static final double LOG_LOSS_EPS = 1e-15;

  final double[] scores;
  final int[] labels;
  /** Row indices sorted by ascending score. */
  final int[] order;
  /** Start positions (in {@code order}) of each run of equal scores, plus {@code n} at the end. */
  final int[] groupStart;
  final int groups;
  /** Whether every score lies in [0, 1]. */
  final boolean probabilities;

  Binary(double[] scores, int[] labels) {
    this.scores = scores;
    this.labels = labels;
    this.order = sortedIndices(scores);
    int n = scores.length;
    int[] starts = new int[n + 1];
    int g = 0;
    for (int i = 0; i < n; i++) {
      if (i == 0 || scores[order[i]] != scores[order[i - 1]]) {
        starts[g++] = i;
      }
    }
    starts[g] = n;
    this.groupStart = starts;
    this.groups = g;
    boolean p = true;
    for (double s : scores) {
      if (s < 0 || s > 1) {
        p = false;
        break;
      }
    }
    this.probabilities = p;
  }

  /** Checks scores and labels (and weights if given) and returns the number of positives. */
  static int check(double[] scores, int[] labels, double @Nullable [] weights) {
    if (scores.length == 0) {
      throw new IllegalArgumentException("scores are empty: need at least one row");
    }
    if (scores.length != labels.length) {
      throw new IllegalArgumentException(
          "scores and labels differ in length: " + scores.length + " scores, " + labels.length + " labels");
    }
    if (weights != null && weights.length != scores.length) {
      throw new IllegalArgumentException(
          "weights and scores differ in length: " + weights.length + " weights, " + scores.length + " scores");
    }
    int positives = 0;
    for (int i = 0; i < scores.length; i++) {
      if (!Double.isFinite(scores[i])) {
        throw new IllegalArgumentException("score at row " + i + " is not finite: " + scores[i]);
      }
      int y = labels[i];
      if (y != 0 && y != 1) {
        throw new IllegalArgumentException("label at row " + i + " is " + y + "; labels must be 0 or 1");
      }
      positives += y;
      if (weights != null && !(weights[i] >= 0 && Double.isFinite(weights[i]))) {
        throw new IllegalArgumentException("weight at row " + i + " is " + weights[i] + "; weights must be finite and not negative");
      }
    }
    return positives;
  }

  /**
   * The sum of the weights ({@code n} when they are null).
   *
   * @throws IllegalArgumentException if every weight is zero
   */
  static double totalWeight(double @Nullable [] weights, int n) {
    if (weights == null) {
      return n;
    }
    double t = 0;
    for (double w : weights) {
      t += w;
    }
    if (!(t > 0)) {
      throw new IllegalArgumentException("every weight is zero: need a positive total weight");
    }
    return t;
  }

  /** Whether the weights are null or all equal (then every weighted metric is the unweighted one). */
  static boolean uniform(double @Nullable [] weights) {
    if (weights == null) {
      return true;
    }
    for (double w : weights) {
      if (w != weights[0]) {
        return false;
      }
    }
    return true;
  }

  /** Throws unless both classes are present. */
  static void requireBothClasses(int positives, int n, String metric) {
    if (positives == 0 || positives == n) {
      throw new IllegalArgumentException(
          metric + " needs both classes but every label is " + (positives == 0 ? 0 : 1) + " (" + n + " rows)");
    }
  }

  /** Throws unless every score is in [0, 1]. */
  static void requireProbabilities(double[] scores, String metric) {
    for (int i = 0; i < scores.length; i++) {
      if (!(scores[i] >= 0 && scores[i] <= 1)) {
        throw new IllegalArgumentException(metric + " needs probabilities but the score at row " + i + " is " + scores[i]);
      }
    }
  }

  /** Weighted ROC AUC (ties count one half); NaN if either class has zero weight. */
  double auc(double @Nullable [] w) {
    double negBelow = 0;
    double pos = 0;
    double acc = 0;
    double[][] gw = groupWeights(w);
    for (int g = 0; g < groups; g++) {
      double wp = gw[0][g];
      double wn = gw[1][g];
      acc += wp * (negBelow + 0.5 * wn);
      negBelow += wn;
      pos += wp;
    }
    return pos == 0 || negBelow == 0 ? Double.NaN : acc / (pos * negBelow);
  }

  /** Per group of tied scores: the weight of its positives ({@code [0][g]}) and of its negatives ({@code [1][g]}). */
  private double[][] groupWeights(double @Nullable [] w) {
    double[][] gw = new double[2][groups];
    for (int g = 0; g < groups; g++) {
      for (int k = groupStart[g]; k < groupStart[g + 1]; k++) {
        int i = order[k];
        gw[labels[i] == 1 ? 0 : 1][g] += w == null ? 1 : w[i];
      }
    }
    return gw;
  }

  /**
   * Weighted average precision, Σ (R_k − R_(k−1)) P_k over the distinct thresholds from the
   * highest score down (scikit-learn's {@code average_precision_score}); NaN without positives.
   */
  double averagePrecision(double @Nullable [] w) {
    double total = 0;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] == 1) {
        total += w == null ? 1 : w[i];
      }
    }
    if (total == 0) {
      return Double.NaN;
    }
    double tp = 0;
    double fp = 0;
    double ap = 0;
    double[][] gw = groupWeights(w);
    for (int g = groups - 1; g >= 0; g--) {
      double wp = gw[0][g];
      double wn = gw[1][g];
      tp += wp;
      fp += wn;
      if (wp > 0) {
        ap += (wp / total) * (tp / (tp + fp));
      }
    }
    return ap;
  }

  /** Weighted mean log loss (natural log), probabilities clipped to [1e-15, 1 − 1e-15]; NaN if the scores are not probabilities. */
  double logLoss(double @Nullable [] w) {
    if (!probabilities) {
      return Double.NaN;
    }
    double sum = 0;
    double wsum = 0;
    for (int i = 0; i < scores.length; i++) {
      double wi = w == null ? 1 : w[i];
      if (wi == 0) {
        continue;
      }
      double p = Math.min(1 - LOG_LOSS_EPS, Math.max(LOG_LOSS_EPS, scores[i]));
      sum -= wi * (labels[i] == 1 ? Math.log(p) : Math.log1p(-p));
      wsum += wi;
    }
    return wsum == 0 ? Double.NaN : sum / wsum;
  }

  /** Weighted mean squared error of the probabilities; NaN if the scores are not probabilities. */
  double brier(double @Nullable [] w) {
    if (!probabilities) {
      return Double.NaN;
    }
    double sum = 0;
    double wsum = 0;
    for (int i = 0; i < scores.length; i++) {
      double wi = w == null ? 1 : w[i];
      double d = scores[i] - labels[i];
      sum += wi * d * d;
      wsum += wi;
    }
    return wsum == 0 ? Double.NaN : sum / wsum;
  }

  /** One metric by name. */
  double metric(BinaryMetric m, double @Nullable [] w) {
    return switch (m) {
      case ROC_AUC -> auc(w);
      case PR_AUC -> averagePrecision(w);
      case LOG_LOSS -> logLoss(w);
      case BRIER -> brier(w);
    };
  }

  /** Indices of {@code keys} in ascending order of key (stable merge sort on primitives). */
  static int[] sortedIndices(double[] keys) {
    int n = keys.length;
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    int[] b = new int[n];
    for (int width = 1; width < n; width <<= 1) {
      for (int lo = 0; lo < n; lo += width << 1) {
        int mid = Math.min(lo + width, n);
        int hi = Math.min(lo + (width << 1), n);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
          b[k++] = Double.compare(keys[a[j]], keys[a[i]]) < 0 ? a[j++] : a[i++];
        }
        while (i < mid) {
          b[k++] = a[i++];
        }
        while (j < hi) {
          b[k++] = a[j++];
        }
      }
      int[] t = a;
      a = b;
      b = t;
    }
    return a;
  }

  /** The q-quantile (0 ≤ q ≤ 1) of sorted values, linear interpolation between order statistics. */
  static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double h = (sorted.length - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }
}
