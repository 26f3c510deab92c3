package dev.scoring.ml.matching;

/**
 * One account a {@link MatchIndex} found for a new record.
 *
 * @param account the indexed record (with all its values, e.g. tier and owner)
 * @param probability the match probability
 * @param result the comparison with its per-field explanation
 */
public record Candidate(MatchRecord account, double probability, MatchResult result) {}
