package dev.scoring.ml.matching;

/** A record normalised for one {@link Matcher}: one {@link Value} per field, in field order. */
final class Prepared {
  final MatchRecord record;
  final Value[] values;

  Prepared(MatchRecord record, Value[] values) {
    this.record = record;
    this.values = values;
  }
}
