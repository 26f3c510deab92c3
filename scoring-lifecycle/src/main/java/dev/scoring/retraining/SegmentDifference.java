package dev.scoring.retraining;

import dev.scoring.evaluation.BinaryMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The champion and a candidate (or challenger) on the labelled rows of one segment.
 *
 * @param segment the segment's value
 * @param rows labelled rows in the segment
 * @param positives positive rows in the segment
 * @param championAuc the champion's ROC AUC in the segment (NaN with one class only)
 * @param candidateAuc the candidate's ROC AUC in the segment (NaN with one class only)
 */
public record SegmentDifference(String segment, int rows, int positives, double championAuc, double candidateAuc) {

  /** How much worse the candidate ranks than the champion in this segment (champion − candidate AUC; NaN if not measurable). */
  public double aucLoss() {
    return championAuc - candidateAuc;
  }

  /** Whether both classes are present, so the AUCs are defined. */
  public boolean measurable() {
    return positives > 0 && positives < rows;
  }

  /**
   * The segments of {@code segments} (one value per row), sorted by name.
   *
   * @throws IllegalArgumentException if the arrays differ in length
   */
  public static List<SegmentDifference> of(double[] champion, double[] candidate, int[] labels, String[] segments) {
    if (champion.length != labels.length || candidate.length != labels.length || segments.length != labels.length) {
      throw new IllegalArgumentException("scores, labels and segments differ in length");
    }
    Map<String, List<Integer>> rowsBySegment = new TreeMap<>();
    for (int i = 0; i < segments.length; i++) {
      rowsBySegment.computeIfAbsent(segments[i], k -> new ArrayList<>()).add(i);
    }
    List<SegmentDifference> out = new ArrayList<>();
    for (Map.Entry<String, List<Integer>> e : rowsBySegment.entrySet()) {
      List<Integer> idx = e.getValue();
      double[] a = new double[idx.size()];
      double[] b = new double[idx.size()];
      int[] y = new int[idx.size()];
      int positives = 0;
      for (int k = 0; k < idx.size(); k++) {
        a[k] = champion[idx.get(k)];
        b[k] = candidate[idx.get(k)];
        y[k] = labels[idx.get(k)];
        positives += y[k];
      }
      boolean both = positives > 0 && positives < y.length;
      out.add(new SegmentDifference(e.getKey(), y.length, positives,
          both ? BinaryMetrics.rocAuc(a, y) : Double.NaN, both ? BinaryMetrics.rocAuc(b, y) : Double.NaN));
    }
    return List.copyOf(out);
  }
}
