package dev.scoring.ml.matching;

import java.util.HashMap;
import java.util.Map;

/**
 * A record to match: an id and its fields' raw values by name (a missing or blank value is
 * missing). Values are normalised by the {@link Matcher}, never here.
 *
 * @param id the record's id (an account id, a row number)
 * @param values raw field values by field name (copied; null values dropped)
 */
public record MatchRecord(String id, Map<String, String> values) {

  /** Copies the values, dropping null ones. */
  public MatchRecord {
    Map<String, String> copy = new HashMap<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (e.getKey() != null && e.getValue() != null) {
        copy.put(e.getKey(), e.getValue());
      }
    }
    values = Map.copyOf(copy);
  }

  /** A record from alternating names and values: {@code of("42", "company", "ACME Inc.", "domain", "acme.com")}. */
  public static MatchRecord of(String id, String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values must alternate, got an odd count " + namesAndValues.length);
    }
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      m.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return new MatchRecord(id, m);
  }

  /** The raw value of a field, or {@code null}. */
  public @org.jspecify.annotations.Nullable String value(String field) {
    return values.get(field);
  }
}
