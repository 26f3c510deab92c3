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
import org.apache.spark.sql.catalyst.InternalRow;
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

  /** How {@link #fill(InternalRow, MutableFeatures)} reads a column: by its Spark type, with a primitive getter. */
  private static final byte DOUBLE = 0;
  private static final byte FLOAT = 1;
  private static final byte LONG = 2;
  private static final byte INT = 3;
  private static final byte SHORT = 4;
  private static final byte BYTE = 5;
  private static final byte DECIMAL = 6;
  private static final byte BOOL = 7;
  private static final byte STRING = 8;
  private static final byte MICROS = 9;
  private static final byte DAYS = 10;

  private final int[] column;
  private final FeatureType[] types;
  private final String[] names;
  private final byte[] readers;
  private final int[] precision;
  private final int[] scale;

  private ColumnBinding(int[] column, FeatureType[] types, String[] names, byte[] readers, int[] precision, int[] scale) {
    this.column = column;
    this.types = types;
    this.names = names;
    this.readers = readers;
    this.precision = precision;
    this.scale = scale;
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
    byte[] readers = new byte[n];
    int[] precision = new int[n];
    int[] scale = new int[n];
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
      readers[i] = reader(t);
      if (t instanceof DecimalType d) {
        precision[i] = d.precision();
        scale[i] = d.scale();
      }
    }
    return new ColumnBinding(column, types, names, readers, precision, scale);
  }

  private static byte reader(DataType t) {
    if (t instanceof DoubleType) {
      return DOUBLE;
    } else if (t instanceof FloatType) {
      return FLOAT;
    } else if (t instanceof LongType) {
      return LONG;
    } else if (t instanceof IntegerType) {
      return INT;
    } else if (t instanceof ShortType) {
      return SHORT;
    } else if (t instanceof ByteType) {
      return BYTE;
    } else if (t instanceof DecimalType) {
      return DECIMAL;
    } else if (t instanceof BooleanType) {
      return BOOL;
    } else if (t instanceof StringType) {
      return STRING;
    } else if (t instanceof DateType) {
      return DAYS;
    }
    return MICROS; // timestamp, with or without time zone
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
   * Fills {@code out} (cleared first) from Spark's internal form of a row of the bound table, with
   * primitive getters and no boxing; the same values as {@link #fill(Row, MutableFeatures)}.
   *
   * @throws dev.scoring.api.RecordException naming the feature for a value the feature cannot take (NaN, too long)
   */
  void fill(InternalRow row, MutableFeatures out) {
    out.clear();
    for (int i = 0; i < column.length; i++) {
      int c = column[i];
      if (row.isNullAt(c)) {
        continue;
      }
      switch (readers[i]) {
        case DOUBLE -> out.setNumber(i, row.getDouble(c));
        case FLOAT -> out.setNumber(i, row.getFloat(c));
        case LONG -> {
          if (types[i] == FeatureType.TIMESTAMP) {
            out.setEpochMillis(i, row.getLong(c));
          } else {
            out.setNumber(i, row.getLong(c));
          }
        }
        case INT -> out.setNumber(i, row.getInt(c));
        case SHORT -> out.setNumber(i, row.getShort(c));
        case BYTE -> out.setNumber(i, row.getByte(c));
        case DECIMAL -> out.setNumber(i, row.getDecimal(c, precision[i], scale[i]).toJavaBigDecimal().doubleValue());
        case BOOL -> out.setBool(i, row.getBoolean(c));
        case STRING -> out.setString(i, row.getUTF8String(c).toString());
        case DAYS -> out.setEpochMillis(i, row.getInt(c) * 86_400_000L);
        default -> out.setEpochMillis(i, Math.floorDiv(row.getLong(c), 1000L));
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
