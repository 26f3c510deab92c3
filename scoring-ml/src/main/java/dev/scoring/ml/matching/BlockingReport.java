package dev.scoring.ml.matching;

import java.util.Map;

/**
 * How well blocking did on a table with known matches.
 *
 * @param candidatePairs pairs blocking proposed
 * @param totalPairs all pairs of the table, {@code n (n - 1) / 2}
 * @param reductionRatio {@code 1 - candidatePairs / totalPairs}: the share of comparisons saved
 * @param truePairs true matching pairs
 * @param pairCompleteness the share of true pairs that blocking kept (recall of blocking)
 * @param pairsPerRule candidate pairs each rule proposes on its own, by rule name
 */
public record BlockingReport(long candidatePairs, long totalPairs, double reductionRatio, long truePairs,
    double pairCompleteness, Map<String, Integer> pairsPerRule) {

  /** Copies the map. */
  public BlockingReport {
    pairsPerRule = Map.copyOf(pairsPerRule);
  }

  static BlockingReport of(CandidatePairs candidates, CandidatePairs truth, long total, Map<String, Integer> perRule) {
    int kept = 0;
    for (int k = 0; k < truth.size(); k++) {
      if (candidates.contains(truth.left(k), truth.right(k))) {
        kept++;
      }
    }
    double rr = total == 0 ? 0.0 : 1.0 - (double) candidates.size() / total;
    double pc = truth.size() == 0 ? 1.0 : (double) kept / truth.size();
    return new BlockingReport(candidates.size(), total, rr, truth.size(), pc, perRule);
  }
}
