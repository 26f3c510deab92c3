package dev.scoring.spark;

import dev.scoring.api.Feature;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.FeatureType;
import dev.scoring.api.MutableFeatures;
import dev.scoring.api.RecordException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.jspecify.annotations.Nullable;

/**
 * Where each feature of a schema sits in a table's rows, checked against the column types once on the
 * driver; then fills a reused {@link MutableFeatures} from each row without a name lookup.
 *
 * <p>Accepted Spark types: numbers from any numeric column (byte, short, int, long, float, double,
 * decimal); booleans from boolean; categories and text from string; timestamps from timestamp,
 * timestamp without time zone (read as UTC), date (midnight UTC) or long (epoch milliseconds).
 * A {@code null} cell is a missing value.
 */
final class ColumnBinding implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int[] column;
  private final FeatureType[] types;
  private final String[] names;

  private ColumnBinding(int[] column, FeatureType[] types, String[] names) {
    this.column = column;
    this.types = types;
    this.names = names;
  }

  /**
   * Binds every feature of {@code schema} to the column of the same name.
   *
   * @throws SchemaMismatchException naming the first column that is missing or of a type that cannot hold the feature
   */
  static ColumnBinding bind(FeatureSchema schema, StructType table) {
    int n = schema.size();
    int[] column = new int[n];
    FeatureType[] types = new FeatureType[n];
    String[] names = new String[n];
    for (Feature f : schema.features()) {
      int i = f.index();
      names[i] = f.name();
      types[i] = f.type();
      int c = indexOf(table, f.name());
      if (c < 0) {
        throw new SchemaMismatchException(f.name(), f.type(), "the table has no column '" + f.name() + "' for feature '"
            + f.name() + "' (" + expected(f.type()) + "); its columns are " + java.util.Arrays.toString(table.fieldNames()));
      }
      DataType t = table.fields()[c].dataType();
      if (!accepts(f.type(), t)) {
        throw new SchemaMismatchException(f.name(), f.type(), "column '" + f.name() + "' is " + t.simpleString()
            + " but feature '" + f.name() + "' is " + f.type() + ": expected " + expected(f.type()));
      }
      column[i] = c;
    }
    return new ColumnBinding(column, types, names);
  }

  private static int indexOf(StructType table, String name) {
    StructField[] fields = table.fields();
    for (int i = 0; i < fields.length; i++) {
      if (fields[i].name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean accepts(FeatureType type, DataType t) {
    return switch (type) {
      case NUMBER -> t instanceof ByteType || t instanceof ShortType || t instanceof IntegerType || t instanceof LongType
          || t instanceof FloatType || t instanceof DoubleType || t instanceof DecimalType;
      case BOOLEAN -> t instanceof BooleanType;
      case CATEGORY, TEXT -> t instanceof StringType;
      case TIMESTAMP -> t instanceof TimestampType || t instanceof TimestampNTZType || t instanceof DateType
          || t instanceof LongType;
    };
  }

  private static String expected(FeatureType type) {
    return switch (type) {
      case NUMBER -> "a numeric column (byte, short, int, long, float, double or decimal)";
      case BOOLEAN -> "a boolean column";
      case CATEGORY, TEXT -> "a string column";
      case TIMESTAMP -> "a timestamp, date or long (epoch milliseconds) column";
    };
  }

  /**
   * Fills {@code out} (cleared first) from {@code row}.
   *
   * @throws dev.scoring.api.RecordException naming the feature for a value the feature cannot take (NaN, too long)
   */
  void fill(Row row, MutableFeatures out) {
    out.clear();
    for (int i = 0; i < column.length; i++) {
      int c = column[i];
      if (row.isNullAt(c)) {
        continue;
      }
      switch (types[i]) {
        case NUMBER -> out.setNumber(i, number(row.get(c)));
        case BOOLEAN -> out.setBool(i, row.getBoolean(c));
        case CATEGORY, TEXT -> out.setString(i, row.getString(c));
        case TIMESTAMP -> out.setEpochMillis(i, epochMillis(row.get(c)));
      }
    }
  }

  /**
   * Fills {@code out} (cleared first) from {@code row}, leaving a value the feature cannot take (NaN,
   * infinite, too long) missing: for monitoring, where such a value is a missing value.
   */
  void fillLenient(Row row, MutableFeatures out) {
    try {
      fill(row, out);
    } catch (RecordException e) {
      out.clear();
      for (int i = 0; i < column.length; i++) {
        int c = column[i];
        if (row.isNullAt(c)) {
          continue;
        }
        try {
          switch (types[i]) {
            case NUMBER -> out.setNumber(i, number(row.get(c)));
            case BOOLEAN -> out.setBool(i, row.getBoolean(c));
            case CATEGORY, TEXT -> out.setString(i, row.getString(c));
            case TIMESTAMP -> out.setEpochMillis(i, epochMillis(row.get(c)));
          }
        } catch (RecordException bad) {
          out.setMissing(i);
        }
      }
    }
  }

  /** The row's feature values by name (a missing value as {@code null}), for the pipeline's audited path for raw input. */
  Map<String, @Nullable Object> values(Row row) {
    Map<String, @Nullable Object> values = new LinkedHashMap<>();
    for (int i = 0; i < column.length; i++) {
      int c = column[i];
      if (row.isNullAt(c)) {
        values.put(names[i], null);
        continue;
      }
      Object v = row.get(c);
      values.put(names[i], switch (types[i]) {
        case NUMBER -> number(v);
        case TIMESTAMP -> epochMillis(v);
        default -> v;
      });
    }
    return values;
  }

  private static double number(Object v) {
    if (v instanceof BigDecimal d) {
      return d.doubleValue();
    }
    return ((Number) v).doubleValue();
  }

  private static long epochMillis(Object v) {
    if (v instanceof java.sql.Timestamp t) {
      return t.getTime();
    }
    if (v instanceof Instant t) {
      return t.toEpochMilli();
    }
    if (v instanceof LocalDateTime t) {
      return t.toInstant(ZoneOffset.UTC).toEpochMilli();
    }
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
    if (v instanceof LocalDate d) {
      return d.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
    if (v instanceof Long l) {
      return l;
    }
    throw new IllegalStateException(String.format(Locale.ROOT, "not a timestamp: %s", v.getClass().getName()));
  }
}
