package dev.scoring.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.MutableFeatures;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * {@link ColumnBinding} reads the same feature values from Spark's internal rows (the fast path of
 * {@link SparkScoring#score}) as from {@link Row}s, for every column type it accepts, nulls included.
 */
final class ColumnBindingTest {

  @Test
  void internalRows_giveTheSameFeaturesAsRows_forEveryAcceptedType() {
    FeatureSchema schema = FeatureSchema.builder()
        .number("d").number("f").number("l").number("i").number("s").number("b").number("dec")
        .bool("flag").category("cat").text("txt")
        .timestamp("ts").timestamp("ntz").timestamp("day").timestamp("millis").build();
    StructType st = new StructType()
        .add("d", DataTypes.DoubleType).add("f", DataTypes.FloatType).add("l", DataTypes.LongType)
        .add("i", DataTypes.IntegerType).add("s", DataTypes.ShortType).add("b", DataTypes.ByteType)
        .add("dec", DataTypes.createDecimalType(12, 4)).add("flag", DataTypes.BooleanType)
        .add("cat", DataTypes.StringType).add("txt", DataTypes.StringType).add("ts", DataTypes.TimestampType)
        .add("ntz", DataTypes.TimestampNTZType).add("day", DataTypes.DateType).add("millis", DataTypes.LongType)
        .add("other", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    rows.add(RowFactory.create(1.5, 2.25f, 1L << 40, -7, (short) 300, (byte) -3, new BigDecimal("12345678.1234"), true,
        "EMEA", "Grüße, naïve café", Timestamp.valueOf("2026-12-04 10:15:30.123456"),
        LocalDateTime.parse("1969-12-31T23:59:59.999500"), Date.valueOf("2026-02-28"), 1_733_000_000_123L, "x"));
    rows.add(RowFactory.create(-0.0, Float.MIN_VALUE, Long.MIN_VALUE, Integer.MAX_VALUE, Short.MIN_VALUE, Byte.MAX_VALUE,
        new BigDecimal("-0.0001"), false, "", "", Timestamp.valueOf("1970-01-01 00:00:00"),
        LocalDateTime.parse("2026-06-30T12:00:00"), Date.valueOf("1969-07-20"), -1L, null));
    Object[] nulls = new Object[st.size()];
    rows.add(RowFactory.create(nulls));
    Dataset<Row> df = SparkTests.session().createDataFrame(rows, st).coalesce(1);
    ColumnBinding binding = ColumnBinding.bind(schema, df.schema());
    List<Row> external = df.collectAsList();
    List<InternalRow> internal = ((org.apache.spark.sql.classic.Dataset<Row>) df).queryExecution().toRdd().toJavaRDD()
        .map(InternalRow::copy).collect();
    assertEquals(external.size(), internal.size());
    MutableFeatures a = Features.mutable(schema);
    MutableFeatures b = Features.mutable(schema);
    for (int r = 0; r < external.size(); r++) {
      binding.fill(external.get(r), a);
      binding.fill(internal.get(r), b);
      assertTrue(a.sameValues(b), "row " + r + ": " + a + " vs " + b);
    }
    // the values are really there (and the all-null row is all missing)
    binding.fill(internal.get(0), b);
    assertEquals(12345678.1234, b.number(schema.feature("dec").index()), 0.0);
    assertEquals(Timestamp.valueOf("2026-12-04 10:15:30.123456").getTime(), b.epochMillis(schema.feature("ts").index()));
    assertEquals(-1L, b.epochMillis(schema.feature("ntz").index()));
    assertEquals("Grüße, naïve café", b.string(schema.feature("txt").index()));
    assertTrue(b.bool(schema.feature("flag").index()));
    binding.fill(internal.get(2), b);
    for (int i = 0; i < schema.size(); i++) {
      assertTrue(b.isMissing(i), "feature " + i);
    }
    binding.fill(internal.get(1), b);
    assertFalse(b.isMissing(schema.feature("cat").index()));
  }
}
