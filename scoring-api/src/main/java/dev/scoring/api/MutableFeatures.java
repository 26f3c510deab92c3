package dev.scoring.api;

import java.util.Arrays;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A reusable row for batch loops: set values by index, score, {@link #clear()}, repeat, without
 * allocating. Not thread-safe; give each thread its own, and take a {@link #snapshot()} to keep a
 * row beyond the next change.
 *
 * <p>Setters check the feature's type (an array read) and reject NaN and infinities, so a bad
 * value is caught where it is set, naming the feature.
 */
public final class MutableFeatures extends Features {

  MutableFeatures(FeatureSchema schema) {
    super(schema);
  }

  /**
   * Sets a {@code NUMBER} feature.
   *
   * @throws RecordException if the feature is not a number or the value is not finite
   */
  public MutableFeatures setNumber(int index, double value) {
    expect(index, FeatureType.NUMBER, value);
    numbers[index] = finite(schema.feature(index), value);
    return this;
  }

  /** Sets a {@code BOOLEAN} feature. @throws RecordException if the feature is not a boolean */
  public MutableFeatures setBool(int index, boolean value) {
    if (types[index] != FeatureType.BOOLEAN) {
      throw wrongType(schema.feature(index), value);
    }
    numbers[index] = value ? 1.0 : 0.0;
    return this;
  }

  /** Sets a {@code TIMESTAMP} feature in epoch milliseconds. @throws RecordException if the feature is not a timestamp */
  public MutableFeatures setEpochMillis(int index, long epochMillis) {
    if (types[index] != FeatureType.TIMESTAMP) {
      throw wrongType(schema.feature(index), epochMillis);
    }
    numbers[index] = epochMillis;
    return this;
  }

  /**
   * Sets a {@code CATEGORY} or {@code TEXT} feature; {@code null} makes it missing.
   *
   * @throws RecordException if the feature does not hold strings or the string is too long
   */
  public MutableFeatures setString(int index, @Nullable String value) {
    if (!types[index].isString()) {
      throw wrongType(schema.feature(index), value == null ? "null" : value);
    }
    strings[index] = value == null ? null : checkLength(schema.feature(index), value);
    return this;
  }

  /** Makes the feature at {@code index} missing. */
  public MutableFeatures setMissing(int index) {
    numbers[index] = Double.NaN;
    strings[index] = null;
    return this;
  }

  /**
   * Sets a feature by name from a boxed value, as {@link Features#of(FeatureSchema, Map)} does;
   * a name lookup, so bind the index once for hot loops.
   *
   * @throws RecordException for an unknown name or a value of the wrong type
   */
  public MutableFeatures set(String name, @Nullable Object value) {
    Feature f = schema.find(name).orElseThrow(() -> unknown(schema, name));
    setObject(f.index(), value);
    return this;
  }

  /** Sets a feature by index from a boxed value; {@code null} makes it missing. */
  public MutableFeatures set(int index, @Nullable Object value) {
    setObject(index, value);
    return this;
  }

  /** Makes every feature missing. */
  public MutableFeatures clear() {
    Arrays.fill(numbers, Double.NaN);
    Arrays.fill(strings, null);
    return this;
  }

  /** Copies every value from {@code other}, which must be bound to an equal schema. */
  public MutableFeatures copyFrom(Features other) {
    if (!schema.equals(other.schema)) {
      throw new RecordException(
          RecordException.Problem.SCHEMA_MISMATCH, null, "cannot copy a row of " + other.schema + " into a row of " + schema);
    }
    System.arraycopy(other.numbers, 0, numbers, 0, numbers.length);
    System.arraycopy(other.strings, 0, strings, 0, strings.length);
    return this;
  }

  @Override
  public Features snapshot() {
    return freeze();
  }

  Features freeze() {
    return new Frozen(this);
  }

  private void expect(int index, FeatureType type, double shown) {
    if (types[index] != type) {
      throw wrongType(schema.feature(index), shown);
    }
  }
}
