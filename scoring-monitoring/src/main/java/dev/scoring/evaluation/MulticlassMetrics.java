package dev.scoring.evaluation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Multiclass metrics from actual and predicted classes: the confusion matrix, per-class
 * precision, recall, F1 and support, their unweighted (macro) means, and accuracy. A class that
 * is never predicted has precision 0 (scikit-learn's {@code zero_division=0}). With sample
 * weights every count is a sum of weights (scikit-learn's {@code sample_weight}); without, the
 * counts are whole numbers of rows.
 *
 * @param classes the class names, in matrix order
 * @param perClass one entry per class, in the same order
 * @param macroPrecision the mean of the per-class precisions
 * @param macroRecall the mean of the per-class recalls
 * @param macroF1 the mean of the per-class F1 scores
 * @param accuracy correct / rows (equal to micro-averaged precision, recall and F1)
 * @param confusion the confusion matrix, {@code [actual][predicted]}
 */
public record MulticlassMetrics(
    List<String> classes,
    List<ClassMetrics> perClass,
    double macroPrecision,
    double macroRecall,
    double macroF1,
    double accuracy,
    double[][] confusion) {

  /** Copies the lists and the matrix. */
  public MulticlassMetrics {
    classes = List.copyOf(classes);
    perClass = List.copyOf(perClass);
    confusion = copy(confusion);
  }

  /**
   * The metrics of one class.
   *
   * @param name the class
   * @param precision TP / predicted as this class
   * @param recall TP / actually this class
   * @param f1 their harmonic mean
   * @param support rows (or their weight) actually of this class
   */
  public record ClassMetrics(String name, double precision, double recall, double f1, double support) {}

  /** The confusion matrix, {@code [actual][predicted]}, as a copy. */
  @Override
  public double[][] confusion() {
    return copy(confusion);
  }

  /** Rows (or their weight) of class {@code actual} predicted as {@code predicted}. */
  public double count(int actual, int predicted) {
    return confusion[actual][predicted];
  }

  /**
   * The metrics for class indices into {@code classes}.
   *
   * @throws IllegalArgumentException if the arrays are empty or differ in length, there are fewer
   *     than two classes, or an index is out of range
   */
  public static MulticlassMetrics of(List<String> classes, int[] actual, int[] predicted) {
    return of(classes, actual, predicted, null);
  }

  /**
   * The weighted metrics; {@code weights} (finite, not negative) may be {@code null} for equal
   * weights. Integer weights give the same result as repeating each row that many times.
   *
   * @throws IllegalArgumentException as {@link #of(List, int[], int[])}, for a bad weight or
   *     weights of another length, or if every weight is zero
   */
  public static MulticlassMetrics of(List<String> classes, int[] actual, int[] predicted, double @Nullable [] weights) {
    int k = classes.size();
    if (k < 2) {
      throw new IllegalArgumentException("need at least two classes: " + classes);
    }
    if (actual.length == 0) {
      throw new IllegalArgumentException("actual classes are empty: need at least one row");
    }
    if (actual.length != predicted.length) {
      throw new IllegalArgumentException(
          "actual and predicted differ in length: " + actual.length + " and " + predicted.length);
    }
    if (weights != null && weights.length != actual.length) {
      throw new IllegalArgumentException(
          "weights and rows differ in length: " + weights.length + " weights, " + actual.length + " rows");
    }
    double[][] m = new double[k][k];
    double total = 0;
    for (int i = 0; i < actual.length; i++) {
      if (actual[i] < 0 || actual[i] >= k || predicted[i] < 0 || predicted[i] >= k) {
        throw new IllegalArgumentException("row " + i + " has class index actual " + actual[i] + ", predicted "
            + predicted[i] + "; indices must be in [0, " + k + ")");
      }
      double w = 1;
      if (weights != null) {
        w = weights[i];
        if (!(w >= 0 && Double.isFinite(w))) {
          throw new IllegalArgumentException("weight at row " + i + " is " + w + "; weights must be finite and not negative");
        }
      }
      m[actual[i]][predicted[i]] += w;
      total += w;
    }
    if (!(total > 0)) {
      throw new IllegalArgumentException("every weight is zero: need a positive total weight");
    }
    List<ClassMetrics> per = new ArrayList<>(k);
    double sp = 0;
    double sr = 0;
    double sf = 0;
    double correct = 0;
    for (int c = 0; c < k; c++) {
      double tp = m[c][c];
      correct += tp;
      double support = 0;
      double predictedC = 0;
      for (int j = 0; j < k; j++) {
        support += m[c][j];
        predictedC += m[j][c];
      }
      double p = predictedC == 0 ? 0 : tp / predictedC;
      double r = support == 0 ? 0 : tp / support;
      double f = support + predictedC == 0 ? 0 : 2.0 * tp / (support + predictedC);
      per.add(new ClassMetrics(classes.get(c), p, r, f, support));
      sp += p;
      sr += r;
      sf += f;
    }
    return new MulticlassMetrics(classes, per, sp / k, sr / k, sf / k, correct / total, m);
  }

  /**
   * The metrics for class names; the classes are the sorted union of both arrays.
   *
   * @throws IllegalArgumentException as {@link #of(List, int[], int[])}
   */
  public static MulticlassMetrics of(String[] actual, String[] predicted) {
    return of(actual, predicted, null);
  }

  /**
   * The weighted metrics for class names (see {@link #of(List, int[], int[], double[])}).
   *
   * @throws IllegalArgumentException as {@link #of(List, int[], int[], double[])}
   */
  public static MulticlassMetrics of(String[] actual, String[] predicted, double @Nullable [] weights) {
    if (actual.length != predicted.length) {
      throw new IllegalArgumentException(
          "actual and predicted differ in length: " + actual.length + " and " + predicted.length);
    }
    TreeSet<String> names = new TreeSet<>(List.of(actual));
    names.addAll(List.of(predicted));
    List<String> classes = new ArrayList<>(names);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < classes.size(); i++) {
      index.put(classes.get(i), i);
    }
    int[] a = new int[actual.length];
    int[] p = new int[predicted.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = java.util.Objects.requireNonNull(index.get(actual[i]));
      p[i] = java.util.Objects.requireNonNull(index.get(predicted[i]));
    }
    return of(classes, a, p, weights);
  }

  @Override
  public boolean equals(@org.jspecify.annotations.Nullable Object o) {
    return o instanceof MulticlassMetrics m && classes.equals(m.classes) && perClass.equals(m.perClass)
        && Double.compare(accuracy, m.accuracy) == 0 && java.util.Arrays.deepEquals(confusion, m.confusion);
  }

  @Override
  public int hashCode() {
    return 31 * classes.hashCode() + java.util.Arrays.deepHashCode(confusion);
  }

  private static double[][] copy(double[][] m) {
    double[][] c = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      c[i] = m[i].clone();
    }
    return c;
  }
}
