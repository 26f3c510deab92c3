package dev.scoring.ml.matching;

import dev.scoring.api.Explanation;
import java.util.List;

/**
 * How likely two records are the same entity, and why.
 *
 * @param leftId the first record's id
 * @param rightId the second record's id
 * @param probability the match probability
 * @param margin its log-odds (the explanation's bias plus contributions)
 * @param explanation the per-field weight table: one contribution per field, e.g.
 *     {@code company 'acme' vs 'acme' exact (+6.1)}; in the same format as every scorer's explanation
 */
public record MatchResult(String leftId, String rightId, double probability, double margin, Explanation explanation) {

  /** Reason codes: up to {@code k} fields that argued for the match and {@code k} that argued against. */
  public List<String> reasons(int k) {
    return explanation.reasons(k);
  }
}
