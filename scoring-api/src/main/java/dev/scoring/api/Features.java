package dev.scoring.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One record's feature values, bound to a {@link FeatureSchema} and addressed by position.
 *
 * <p>Missing is a state of its own, distinct from {@code 0} and from {@code ""}: a missing number,
 * boolean or timestamp reads as {@link Double#NaN} from {@link #number(int)}, a missing category
 * or text as {@code null} from {@link #string(int)}, and {@link #isMissing(int)} says so directly.
 * NaN and infinities are never values: setting one throws {@link RecordException}.
 *
 * <p>Three ways to make a row:
 * <ul>
 *   <li>{@link #of(FeatureSchema, Map)} from a map (a {@code null} value is missing);
 *   <li>{@link #builder(FeatureSchema)} by name;
 *   <li>{@link #mutable(FeatureSchema)}: one {@link MutableFeatures} reused row after row, set by
 *       index, for batch loops that allocate nothing.
 * </ul>
 * The first two give immutable, thread-safe rows. Accessors do not check the feature's type:
 * scorers check types once when they bind to the schema.
 */
public abstract sealed class Features permits Features.Frozen, MutableFeatures {

  /** The longest string value accepted, in chars; a longer one is {@link RecordException.Problem#TOO_LARGE}. */
  public static final int MAX_STRING_LENGTH = 1 << 20;

  final FeatureSchema schema;
  final FeatureType[] types;
  final double[] numbers;
  final @Nullable String[] strings;

  Features(FeatureSchema schema) {
    this.schema = schema;
    int n = schema.size();
    this.types = schema.types;
    this.numbers = new double[n];
    Arrays.fill(numbers, Double.NaN);
    this.strings = new String[n];
  }

  Features(Features copyOf) {
    this.schema = copyOf.schema;
    this.types = copyOf.types;
    this.numbers = copyOf.numbers.clone();
    this.strings = copyOf.strings.clone();
  }

  /**
   * An immutable row from a map of feature names to values; absent names and {@code null} values
   * are missing.
   *
   * <p>Accepted values: any {@link Number} for {@code NUMBER}; for {@code BOOLEAN} a {@link Boolean},
   * the number 1 or 0, or one of the spellings CRM exports use (see {@link #parseBoolean(CharSequence)});
   * {@link CharSequence} or an enum constant (its name) for {@code CATEGORY} and {@code TEXT};
   * {@link Instant}, {@link OffsetDateTime}, {@link ZonedDateTime}, {@link Date}, or a
   * {@link LocalDate}/{@link LocalDateTime} read as UTC for {@code TIMESTAMP}.
   *
   * @throws RecordException naming the feature for an unknown or {@code null} name ({@code UNKNOWN_FEATURE}), a
   *     value of the wrong type ({@code WRONG_TYPE}, with the expected type), NaN or infinity
   *     ({@code NOT_FINITE}), or a string over {@link #MAX_STRING_LENGTH} ({@code TOO_LARGE})
   */
  public static Features of(FeatureSchema schema, Map<String, ?> values) {
    MutableFeatures row = new MutableFeatures(schema);
    for (Map.Entry<String, ?> e : values.entrySet()) {
      if (e.getKey() == null) {
        throw new RecordException(RecordException.Problem.UNKNOWN_FEATURE, null,
            "a value has no feature name (a null key); the schema has " + schema.knownNames());
      }
      row.set(e.getKey(), e.getValue());
    }
    return row.freeze();
  }

  /** Starts an immutable row; every feature is missing until set. */
  public static Builder builder(FeatureSchema schema) {
    return new Builder(schema);
  }

  /** A reusable row, every feature missing, for allocation-free batch loops; not thread-safe. */
  public static MutableFeatures mutable(FeatureSchema schema) {
    return new MutableFeatures(schema);
  }

  /** The schema this row is bound to. */
  public final FeatureSchema schema() {
    return schema;
  }

  /**
   * Checks that this row is bound to {@code expected} (by identity, then by equality): scorers
   * call it first in {@code score}.
   *
   * @throws RecordException with {@link RecordException.Problem#SCHEMA_MISMATCH} otherwise
   */
  public final void requireSchema(FeatureSchema expected) {
    if (schema != expected && !schema.equals(expected)) {
      throw new RecordException(
          RecordException.Problem.SCHEMA_MISMATCH,
          null,
          "the row is bound to " + schema + " but the scorer to " + expected);
    }
  }

  /** Whether the feature at {@code index} has no value. */
  public final boolean isMissing(int index) {
    return strings[index] == null && Double.isNaN(numbers[index]);
  }

  /**
   * The value of a {@code NUMBER}, {@code BOOLEAN} (1 or 0) or {@code TIMESTAMP} (epoch
   * milliseconds) feature; {@link Double#NaN} if and only if it is missing (or the feature holds
   * strings).
   */
  public final double number(int index) {
    return numbers[index];
  }

  /**
   * Copies the values of {@code count} consecutive features, from position {@code from}, into
   * {@code dest} as floats (missing values as NaN): the bulk path for scorers that feed float
   * tensors. Returns whether any of them was missing.
   *
   * @throws IndexOutOfBoundsException if a range is out of bounds
   */
  public final boolean copyNumbers(int from, int count, float[] dest, int destOffset) {
    java.util.Objects.checkFromIndexSize(from, count, numbers.length);
    java.util.Objects.checkFromIndexSize(destOffset, count, dest.length);
    double[] src = numbers;
    boolean missing = false;
    int j = 0;
    for (; j + 4 <= count; j += 4) {
      double v0 = src[from + j];
      double v1 = src[from + j + 1];
      double v2 = src[from + j + 2];
      double v3 = src[from + j + 3];
      dest[destOffset + j] = (float) v0;
      dest[destOffset + j + 1] = (float) v1;
      dest[destOffset + j + 2] = (float) v2;
      dest[destOffset + j + 3] = (float) v3;
      missing |= v0 != v0 | v1 != v1 | v2 != v2 | v3 != v3;
    }
    for (; j < count; j++) {
      double v = src[from + j];
      missing |= v != v;
      dest[destOffset + j] = (float) v;
    }
    return missing;
  }

  /** The value of a {@code BOOLEAN} feature; {@code false} when missing, so check {@link #isMissing(int)}. */
  public final boolean bool(int index) {
    return numbers[index] == 1.0;
  }

  /** The value of a {@code TIMESTAMP} feature in epoch milliseconds; check {@link #isMissing(int)} first. */
  public final long epochMillis(int index) {
    return (long) numbers[index];
  }

  /** The value of a {@code CATEGORY} or {@code TEXT} feature; {@code null} if and only if it is missing. */
  public final @Nullable String string(int index) {
    return strings[index];
  }

  /**
   * The value at {@code index} as an object ({@link Double}, {@link Boolean}, {@link Instant} or
   * {@link String}), or {@code null} when missing; allocates, so not for hot paths.
   */
  public final @Nullable Object value(int index) {
    if (isMissing(index)) {
      return null;
    }
    return switch (types[index]) {
      case NUMBER -> numbers[index];
      case BOOLEAN -> numbers[index] == 1.0;
      case TIMESTAMP -> Instant.ofEpochMilli((long) numbers[index]);
      case CATEGORY, TEXT -> strings[index];
    };
  }

  /** The value at {@code index} as text for explanations: {@code "missing"} when missing. */
  public final String display(int index) {
    Object v = value(index);
    if (v == null) {
      return "missing";
    }
    if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString(d.longValue());
    }
    return v.toString();
  }

  /** The values that are present, by name, in schema order; a new map each call. */
  public final Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < types.length; i++) {
      Object v = value(i);
      if (v != null) {
        map.put(schema.feature(i).name(), v);
      }
    }
    return map;
  }

  /** An immutable copy of this row (this row itself if it is already immutable). */
  public abstract Features snapshot();

  /**
   * A 64-bit hash of the schema's names and the row's values, for audit records that identify an
   * input without storing it. Equal rows give equal digests; it is not a cryptographic digest.
   */
  public final long digest() {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < types.length; i++) {
      String s = strings[i];
      if (s != null) {
        for (int c = 0; c < s.length(); c++) {
          h = (h ^ s.charAt(c)) * 0x100000001b3L;
        }
        h = (h ^ 0x1f) * 0x100000001b3L;
      } else {
        h = (h ^ Double.doubleToLongBits(numbers[i])) * 0x100000001b3L;
      }
      h = mix(h + i);
    }
    return mix(h ^ schema.hashCode());
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  /** Whether {@code other} is bound to an equal schema and holds the same values. */
  public final boolean sameValues(Features other) {
    return schema.equals(other.schema)
        && Arrays.equals(numbers, other.numbers)
        && Arrays.equals(strings, other.strings);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + toMap();
  }

  // ---- conversion of boxed values, shared by of(), the builder and MutableFeatures.set(String, Object)

  final void setObject(int index, @Nullable Object value) {
    Feature f = schema.feature(index);
    if (value == null) {
      numbers[index] = Double.NaN;
      strings[index] = null;
      return;
    }
    switch (f.type()) {
      case NUMBER -> {
        if (!(value instanceof Number n)) {
          throw wrongType(f, value);
        }
        numbers[index] = finite(f, n.doubleValue());
      }
      case BOOLEAN -> {
        Boolean b = value instanceof Boolean given ? given
            : value instanceof CharSequence cs ? parseBoolean(cs)
            : value instanceof Number n ? (n.doubleValue() == 1.0 ? Boolean.TRUE : n.doubleValue() == 0.0 ? Boolean.FALSE : null)
            : null;
        if (b == null) {
          throw wrongType(f, value);
        }
        numbers[index] = b ? 1.0 : 0.0;
      }
      case TIMESTAMP -> numbers[index] = toEpochMillis(f, value);
      case CATEGORY, TEXT -> {
        String s;
        if (value instanceof CharSequence cs) {
          s = cs.toString();
        } else if (value instanceof Enum<?> e) {
          s = e.name();
        } else {
          throw wrongType(f, value);
        }
        strings[index] = checkLength(f, s);
      }
    }
  }

  /** The text spellings of booleans accepted for {@code BOOLEAN} features, as listed in messages. */
  public static final String BOOLEAN_SPELLINGS = "true/false, yes/no, y/n, t/f, 1/0 (any letter case)";

  /**
   * The boolean a CRM export or a spreadsheet means by {@code text}, or {@code null} if it is none
   * of the accepted spellings: {@code true}/{@code false}, {@code yes}/{@code no}, {@code y}/{@code n},
   * {@code t}/{@code f} and {@code 1}/{@code 0}, in any letter case, with surrounding spaces ignored.
   */
  public static @Nullable Boolean parseBoolean(CharSequence text) {
    String s = text.toString().strip();
    if (s.length() > 5) {
      return null;
    }
    return switch (s.toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "y", "t", "1" -> Boolean.TRUE;
      case "false", "no", "n", "f", "0" -> Boolean.FALSE;
      default -> null;
    };
  }

  static double finite(Feature f, double v) {
    if (!Double.isFinite(v)) {
      throw new RecordException(
          RecordException.Problem.NOT_FINITE,
          f.name(),
          "feature '" + f.name() + "' is " + v + "; numbers must be finite (leave a missing value out)");
    }
    return v;
  }

  static String checkLength(Feature f, String s) {
    if (s.length() > MAX_STRING_LENGTH) {
      throw new RecordException(
          RecordException.Problem.TOO_LARGE,
          f.name(),
          "feature '" + f.name() + "' has " + s.length() + " chars, more than the limit of " + MAX_STRING_LENGTH);
    }
    return s;
  }

  private static double toEpochMillis(Feature f, Object value) {
    Instant instant;
    if (value instanceof Instant i) {
      instant = i;
    } else if (value instanceof OffsetDateTime o) {
      instant = o.toInstant();
    } else if (value instanceof ZonedDateTime z) {
      instant = z.toInstant();
    } else if (value instanceof LocalDateTime l) {
      instant = l.toInstant(ZoneOffset.UTC);
    } else if (value instanceof LocalDate d) {
      instant = d.atStartOfDay(ZoneOffset.UTC).toInstant();
    } else if (value instanceof Date d) {
      instant = d.toInstant();
    } else {
      throw wrongType(f, value);
    }
    return instant.toEpochMilli();
  }

  static RecordException wrongType(Feature f, Object value) {
    String shown = value instanceof CharSequence ? "\"" + abbreviate(value.toString()) + "\"" : abbreviate(String.valueOf(value));
    return new RecordException(
        RecordException.Problem.WRONG_TYPE,
        f.name(),
        "feature '" + f.name() + "' expects " + f.type() + " (" + accepted(f.type()) + ") but got "
            + value.getClass().getSimpleName() + " " + shown);
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }

  private static String accepted(FeatureType type) {
    return switch (type) {
      case NUMBER -> "a Number";
      case BOOLEAN -> "a Boolean, 1 or 0, or " + BOOLEAN_SPELLINGS;
      case TIMESTAMP -> "an Instant, OffsetDateTime, ZonedDateTime, LocalDate, LocalDateTime or Date";
      case CATEGORY, TEXT -> "a String";
    };
  }

  static RecordException unknown(FeatureSchema schema, String name) {
    return new RecordException(
        RecordException.Problem.UNKNOWN_FEATURE,
        name,
        "unknown feature '" + name + "'; the schema has " + schema.knownNames());
  }

  /** An immutable row. */
  static final class Frozen extends Features {
    private int hash;

    Frozen(Features copyOf) {
      super(copyOf);
    }

    @Override
    public Features snapshot() {
      return this;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o == this || (o instanceof Frozen other && hashCode() == other.hashCode() && sameValues(other));
    }

    /** Computed on first use (a benign race: every thread computes the same value). */
    @Override
    public int hashCode() {
      int h = hash;
      if (h == 0) {
        h = Long.hashCode(digest()) | 1;
        hash = h;
      }
      return h;
    }
  }

  /** Builds an immutable row by feature name; not thread-safe. */
  public static final class Builder {
    private final MutableFeatures row;

    private Builder(FeatureSchema schema) {
      this.row = new MutableFeatures(schema);
    }

    /**
     * Sets a feature by name; {@code null} makes it missing. Accepts the values listed at
     * {@link Features#of(FeatureSchema, Map)}.
     *
     * @throws RecordException for an unknown name or a value of the wrong type
     */
    public Builder set(String name, @Nullable Object value) {
      row.set(name, value);
      return this;
    }

    /** The row; later changes to the builder do not affect it. */
    public Features build() {
      return row.freeze();
    }
  }

}
