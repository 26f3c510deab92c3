package dev.scoring.spark;

import dev.scoring.api.Feature;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.FeatureType;
import dev.scoring.api.Features;
import dev.scoring.api.MutableFeatures;
import dev.scoring.api.ModelSource;
import dev.scoring.api.ScorerSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A table read once in plain Java: the same values as in-process {@link Features} and as a Spark
 * DataFrame (with an {@code id} column, the row's position), so results can be compared row for row.
 */
record TestData(FeatureSchema schema, List<Features> rows, int[] labels, List<Row> sparkRows, StructType sparkSchema) {

  static final String ID = "id";
  static final String LABEL = "y";

  /** Rows [40000, 43000) of the bench lead table: 30 numeric features (some missing), label {@code converted}. */
  static TestData lead() {
    List<String[]> lines = read("/bench/lead_holdout_3000.csv", ",");
    String[] header = lines.get(0);
    FeatureSchema.Builder b = FeatureSchema.builder();
    for (int i = 0; i < header.length - 1; i++) {
      b.number(header[i]);
    }
    return of(b.build(), lines, v -> v.equals("1"));
  }

  static final Set<String> BANK_NUMBERS = Set.of("age", "duration", "campaign", "pdays", "previous",
      "emp.var.rate", "cons.price.idx", "cons.conf.idx", "euribor3m", "nr.employed");

  /** The UCI bank-marketing sample (6,865 calls); {@code pdays = 999} is missing, as in scoring-monitoring's tests. */
  static TestData bank() {
    List<String[]> lines = read("/bank-marketing/bank-additional-every6th.csv", ";");
    String[] header = lines.get(0);
    FeatureSchema.Builder b = FeatureSchema.builder();
    for (int i = 0; i < header.length - 1; i++) {
      if (BANK_NUMBERS.contains(header[i])) {
        b.number(header[i]);
      } else {
        b.category(header[i]);
      }
    }
    for (String[] line : lines.subList(1, lines.size())) {
      if (line[13 - 1].equals("999")) {
        line[13 - 1] = "";
      }
    }
    return of(b.build(), lines, v -> v.equals("yes"));
  }

  private static TestData of(FeatureSchema schema, List<String[]> lines, java.util.function.Predicate<String> positive) {
    StructType st = new StructType().add(ID, DataTypes.IntegerType, false);
    for (Feature f : schema.features()) {
      st = st.add(f.name(), f.type() == FeatureType.NUMBER ? DataTypes.DoubleType : DataTypes.StringType, true);
    }
    st = st.add(LABEL, DataTypes.IntegerType, false);
    List<Features> rows = new ArrayList<>();
    List<Row> spark = new ArrayList<>();
    int[] labels = new int[lines.size() - 1];
    MutableFeatures m = Features.mutable(schema);
    for (int r = 1; r < lines.size(); r++) {
      String[] v = lines.get(r);
      Object[] values = new Object[schema.size() + 2];
      values[0] = r - 1;
      m.clear();
      for (Feature f : schema.features()) {
        String s = v[f.index()];
        if (s.isEmpty()) {
          continue;
        }
        if (f.type() == FeatureType.NUMBER) {
          double x = Double.parseDouble(s);
          m.setNumber(f.index(), x);
          values[f.index() + 1] = x;
        } else {
          m.setString(f.index(), s);
          values[f.index() + 1] = s;
        }
      }
      labels[r - 1] = positive.test(v[v.length - 1]) ? 1 : 0;
      values[values.length - 1] = labels[r - 1];
      rows.add(m.snapshot());
      spark.add(RowFactory.create(values));
    }
    return new TestData(schema, List.copyOf(rows), labels, spark, st);
  }

  /** The table as a DataFrame in {@code partitions} partitions. */
  Dataset<Row> frame(int partitions) {
    return SparkTests.session().createDataFrame(sparkRows, sparkSchema).repartition(partitions);
  }

  static ScorerSpec xgboost(FeatureSchema schema) {
    return ScorerSpec.builder("xgboost").id("xgb").schema(schema)
        .source(ModelSource.resource(TestData.class.getClassLoader(), "bench/xgb_100x6.json")).build();
  }

  private static List<String[]> read(String resource, String sep) {
    try (InputStream in = Objects.requireNonNull(TestData.class.getResourceAsStream(resource), resource);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      List<String[]> lines = new ArrayList<>();
      for (String s = r.readLine(); s != null; s = r.readLine()) {
        String[] v = s.split(sep, -1);
        for (int i = 0; i < v.length; i++) {
          v[i] = v[i].replace("\"", "");
        }
        lines.add(v);
      }
      return lines;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
