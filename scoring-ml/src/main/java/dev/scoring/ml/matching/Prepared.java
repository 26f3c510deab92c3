package dev.scoring.ml.matching;

/**
 * A record normalised for one {@link Matcher}: one {@link Value} per field, in field order (its
 * {@code source}), and for cross-field comparisons the value of the {@code otherSource} too
 * ({@code others} is {@code values} itself when the matcher has none).
 */
final class Prepared {
  final MatchRecord record;
  final Value[] values;
  final Value[] others;

  Prepared(MatchRecord record, Value[] values, Value[] others) {
    this.record = record;
    this.values = values;
    this.others = others;
  }
}
