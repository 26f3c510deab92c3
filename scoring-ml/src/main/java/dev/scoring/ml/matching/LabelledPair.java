package dev.scoring.ml.matching;

/**
 * Two records and whether they are the same entity: training data for the supervised models.
 *
 * @param left one record
 * @param right the other
 * @param match whether they are the same entity
 */
public record LabelledPair(MatchRecord left, MatchRecord right, boolean match) {}
