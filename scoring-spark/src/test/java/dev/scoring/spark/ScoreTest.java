package dev.scoring.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.FeatureType;
import dev.scoring.api.Scorer;
import dev.scoring.api.Scorers;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link SparkScoring#score}: the bench lead table scored on Spark equals the in-process scorer row for row. */
final class ScoreTest {

  private static TestData lead;

  @BeforeAll
  static void load() {
    lead = TestData.lead();
  }

  @Test
  void leadTable_scoresEqualInProcessExactly_andTheScorerIsBuiltOncePerJvm() {
    long before = ExecutorCache.builds();
    List<Row> out = SparkScoring.score(lead.frame(4), TestData.xgboost(lead.schema())).collectAsList();
    assertEquals(1, ExecutorCache.builds() - before, "one scorer set per executor JVM, not per partition");
    assertEquals(lead.rows().size(), out.size());
    try (Scorer scorer = Scorers.load(TestData.xgboost(lead.schema()))) {
      for (Row r : out) {
        int id = r.getInt(r.fieldIndex(TestData.ID));
        double expected = scorer.score(lead.rows().get(id)).value();
        assertEquals(expected, r.getDouble(r.fieldIndex("xgb_score")), 0.0, "row " + id);
        assertEquals(scorer.provenance().modelVersion(), r.getString(r.fieldIndex("xgb_version")));
        assertFalse(r.getBoolean(r.fieldIndex(SparkScoring.REVIEW)));
        assertNull(r.get(r.fieldIndex(SparkScoring.REVIEW_REASON)));
        assertEquals(lead.labels()[id], r.getInt(r.fieldIndex(TestData.LABEL)), "the table's columns pass through");
      }
    }
  }

  @Test
  void badRow_becomesAReviewRowWithItsReason_andTheOthersAreScored() {
    Dataset<Row> table = lead.frame(2).withColumn("pages_viewed",
        functions.when(functions.col(TestData.ID).equalTo(7), functions.lit(Double.NaN)).otherwise(functions.col("pages_viewed")));
    List<Row> out = SparkScoring.score(table, TestData.xgboost(lead.schema())).where("review").collectAsList();
    assertEquals(1, out.size());
    Row bad = out.get(0);
    assertEquals(7, bad.getInt(bad.fieldIndex(TestData.ID)));
    assertTrue(bad.isNullAt(bad.fieldIndex("xgb_score")));
    assertTrue(bad.getString(bad.fieldIndex(SparkScoring.REVIEW_REASON)).contains("pages_viewed"),
        bad.getString(bad.fieldIndex(SparkScoring.REVIEW_REASON)));
    assertEquals(lead.rows().size() - 1,
        SparkScoring.score(table, TestData.xgboost(lead.schema())).where("xgb_score is not null").count());
  }

  @Test
  void wrongColumnType_failsBeforeAnyJob_namingColumnAndExpectedType() {
    Dataset<Row> table = lead.frame(1).withColumn("sessions", functions.col("sessions").cast(DataTypes.StringType));
    SchemaMismatchException e = assertThrows(SchemaMismatchException.class,
        () -> SparkScoring.score(table, TestData.xgboost(lead.schema())));
    assertEquals("sessions", e.column());
    assertEquals(FeatureType.NUMBER, e.expected());
    assertTrue(e.getMessage().contains("column 'sessions' is string") && e.getMessage().contains("numeric"), e.getMessage());
  }

  @Test
  void missingColumn_failsNamingIt() {
    Dataset<Row> table = lead.frame(1).drop("bounce_rate");
    SchemaMismatchException e = assertThrows(SchemaMismatchException.class,
        () -> SparkScoring.score(table, TestData.xgboost(lead.schema())));
    assertEquals("bounce_rate", e.column());
    assertTrue(e.getMessage().contains("no column 'bounce_rate'"), e.getMessage());
  }

  @Test
  void integerAndFloatColumns_areNumbers() {
    Dataset<Row> table = lead.frame(2).withColumn("sessions", functions.col("sessions").cast(DataTypes.IntegerType))
        .withColumn("mobile_ratio", functions.col("mobile_ratio").cast(DataTypes.createDecimalType(10, 3)));
    List<Row> out = SparkScoring.score(table, TestData.xgboost(lead.schema())).collectAsList();
    try (Scorer scorer = Scorers.load(TestData.xgboost(lead.schema()))) {
      for (Row r : out) {
        int id = r.getInt(r.fieldIndex(TestData.ID));
        assertEquals(scorer.score(lead.rows().get(id)).value(), r.getDouble(r.fieldIndex("xgb_score")), 0.0, "row " + id);
      }
    }
  }
}
