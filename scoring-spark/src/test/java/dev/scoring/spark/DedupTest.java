package dev.scoring.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.ml.matching.Blocking;
import dev.scoring.ml.matching.Clustering;
import dev.scoring.ml.matching.Deduplicator;
import dev.scoring.ml.matching.FieldType;
import dev.scoring.ml.matching.MatchField;
import dev.scoring.ml.matching.MatchRecord;
import dev.scoring.ml.matching.Matcher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link SparkDedup} on the FEBRL dataset 1 (1,000 synthetic person records, about half of them
 * duplicates) in local[2] gives the same candidate pairs, probabilities and entities as the
 * in-process {@link Deduplicator} with the same matcher and blocking (clustering guards off).
 */
final class DedupTest {

  private static final List<MatchField> FIELDS = List.of(
      MatchField.of("given_name", FieldType.NAME),
      MatchField.of("surname", FieldType.NAME),
      MatchField.of("street_number", FieldType.IDENTIFIER),
      MatchField.of("address_1", FieldType.ADDRESS),
      MatchField.of("address_2", FieldType.ADDRESS),
      MatchField.of("suburb", FieldType.NAME),
      MatchField.of("postcode", FieldType.POSTCODE),
      MatchField.of("state", FieldType.CATEGORY),
      MatchField.of("date_of_birth", FieldType.DATE),
      MatchField.of("soc_sec_id", FieldType.IDENTIFIER));
  private static final double THRESHOLD = 0.5;
  /** Blocks of at most 60 records: fewer comparisons (a fast test), and the block size limit is exercised. */
  private static final int MAX_BLOCK = 60;

  private static List<MatchRecord> records;
  private static Dataset<Row> table;
  private static Matcher matcher;

  @BeforeAll
  static void load() throws IOException {
    records = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    StructType schema = new StructType().add("rec_id", DataTypes.StringType, false);
    for (MatchField f : FIELDS) {
      schema = schema.add(f.name(), DataTypes.StringType, true);
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(
        DedupTest.class.getResourceAsStream("/matching/febrl-dataset1.csv.gz")), StandardCharsets.UTF_8))) {
      String[] header = r.readLine().split(",", -1);
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] v = line.split(",", -1);
        if (v.length != header.length) {
          throw new UncheckedIOException(new IOException("bad FEBRL line: " + line));
        }
        Map<String, String> values = new HashMap<>();
        Object[] row = new Object[FIELDS.size() + 1];
        row[0] = v[0].trim();
        for (int c = 1; c < header.length; c++) {
          String name = header[c].trim();
          int f = FIELDS.indexOf(FIELDS.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow());
          if (!v[c].trim().isEmpty()) {
            values.put(name, v[c].trim());
          }
          row[f + 1] = v[c].trim().isEmpty() ? null : v[c].trim();
        }
        records.add(new MatchRecord(v[0].trim(), values));
        rows.add(RowFactory.create(row));
      }
    }
    table = SparkTests.session().createDataFrame(rows, schema).repartition(3).sortWithinPartitions("rec_id");
    // the in-process table is in the Spark table's order, so positions agree
    // (collect whole rows: a projection changes the round-robin repartition's order)
    List<String> order = table.collectAsList().stream().map(r -> r.getString(0)).toList();
    Map<String, MatchRecord> byId = new HashMap<>();
    for (MatchRecord m : records) {
      byId.put(m.id(), m);
    }
    records = order.stream().map(byId::get).toList();
    matcher = Matcher.of(Matcher.trainUnsupervised(FIELDS, records, 7).model()).withTokenWeights(records);
  }

  @Test
  void febrl_samePairsProbabilitiesAndEntitiesAsInProcess() {
    Blocking blocking = Blocking.forFields(FIELDS).maxBlockSize(MAX_BLOCK);
    Deduplicator.Result local = new Deduplicator(matcher, blocking, new Clustering(THRESHOLD, Integer.MAX_VALUE / 2, 0.0))
        .run(records);
    SparkDedup.Result spark = SparkDedup.dedup(table, "rec_id", matcher, DedupTest::blocking, THRESHOLD);

    Map<Long, Double> expected = new HashMap<>();
    for (int k = 0; k < local.pairs().size(); k++) {
      expected.put(((long) local.pairs().left(k) << 32) | local.pairs().right(k), local.probabilities()[k]);
    }
    List<Row> pairs = spark.pairs().collectAsList();
    assertEquals(expected.size(), pairs.size(), "candidate pairs");
    int matches = 0;
    for (Row p : pairs) {
      long left = p.getLong(p.fieldIndex(SparkDedup.LEFT));
      long right = p.getLong(p.fieldIndex(SparkDedup.RIGHT));
      assertTrue(left < right);
      Double want = expected.get((left << 32) | right);
      assertTrue(want != null, "pair " + left + "-" + right + " is not an in-process candidate");
      assertEquals(want, p.getDouble(p.fieldIndex(SparkDedup.PROBABILITY)), 0.0, "pair " + left + "-" + right);
      assertEquals(records.get((int) left).id(), p.getString(p.fieldIndex(SparkDedup.LEFT_ID)));
      assertEquals(records.get((int) right).id(), p.getString(p.fieldIndex(SparkDedup.RIGHT_ID)));
      matches += want >= THRESHOLD ? 1 : 0;
    }
    assertTrue(matches > 300, matches + " matched pairs");

    List<Row> entities = spark.entities().collectAsList();
    assertEquals(records.size(), entities.size());
    Set<Long> distinct = new HashSet<>();
    for (Row e : entities) {
      int position = (int) e.getLong(e.fieldIndex(SparkDedup.POSITION));
      assertEquals(records.get(position).id(), e.getString(e.fieldIndex("rec_id")));
      long entity = e.getLong(e.fieldIndex(SparkDedup.ENTITY));
      assertEquals(local.entities()[position], entity, "entity of " + records.get(position).id());
      distinct.add(entity);
    }
    assertEquals(local.entityCount(), distinct.size());
    assertTrue(local.entityCount() < records.size() - 300, local.entityCount() + " entities");
  }

  private static Blocking blocking(List<MatchField> fields) {
    return Blocking.forFields(fields).maxBlockSize(MAX_BLOCK);
  }

  @Test
  void aMissingOrNonStringFieldColumn_isNamedBeforeAnyJob() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SparkDedup.dedup(table.drop("surname"), "rec_id", matcher, Blocking::forFields, THRESHOLD));
    assertTrue(e.getMessage().contains("'surname'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SparkDedup.dedup(
        table.withColumn("postcode", table.col("postcode").cast("int")), "rec_id", matcher, Blocking::forFields, THRESHOLD));
    assertTrue(e.getMessage().contains("'postcode'") && e.getMessage().contains("string"), e.getMessage());
  }
}
