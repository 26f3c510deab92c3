package dev.scoring.report;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * ROC and precision-recall curves at every distinct threshold (tied scores move together), thinned
 * to at most {@code maxPoints} for drawing.
 *
 * @param threshold the score cut of each point (rows at or above it are positive)
 * @param falsePositiveRate per point
 * @param truePositiveRate per point (= recall)
 * @param precision per point
 */
record Curves(double[] threshold, double[] falsePositiveRate, double[] truePositiveRate, double[] precision) {

  static Curves of(double[] scores, int[] labels, int maxPoints) {
    if (scores.length != labels.length || scores.length == 0) {
      throw new IllegalArgumentException("scores and labels must be non-empty and of equal length: " + scores.length + " and " + labels.length);
    }
    Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
    long positives = Arrays.stream(labels).filter(y -> y == 1).count();
    long negatives = labels.length - positives;
    int distinct = 1;
    for (int k = 1; k < order.length; k++) {
      if (Double.compare(scores[order[k]], scores[order[k - 1]]) != 0) {
        distinct++;
      }
    }
    double[] t = new double[distinct + 1];
    double[] fpr = new double[distinct + 1];
    double[] tpr = new double[distinct + 1];
    double[] prec = new double[distinct + 1];
    t[0] = Double.POSITIVE_INFINITY;
    prec[0] = 1;
    long tp = 0;
    long fp = 0;
    int p = 0;
    for (int k = 0; k < order.length; k++) {
      int i = order[k];
      if (labels[i] == 1) {
        tp++;
      } else {
        fp++;
      }
      if (k + 1 == order.length || Double.compare(scores[order[k + 1]], scores[i]) != 0) {
        p++;
        t[p] = scores[i];
        fpr[p] = negatives == 0 ? 0 : (double) fp / negatives;
        tpr[p] = positives == 0 ? 0 : (double) tp / positives;
        prec[p] = (double) tp / (tp + fp);
      }
    }
    if (p + 1 <= maxPoints) {
      return new Curves(t, fpr, tpr, prec);
    }
    int last = p;
    int[] keep = IntStream.range(0, maxPoints).map(j -> (int) Math.round((double) j * last / (maxPoints - 1))).distinct().toArray();
    return new Curves(pick(t, keep), pick(fpr, keep), pick(tpr, keep), pick(prec, keep));
  }

  private static double[] pick(double[] a, int[] keep) {
    double[] r = new double[keep.length];
    for (int j = 0; j < keep.length; j++) {
      r[j] = a[keep[j]];
    }
    return r;
  }

  /** The PR curve's points without the (recall 0, precision 1) anchor, for drawing. */
  double[] recall() {
    return truePositiveRate;
  }
}
