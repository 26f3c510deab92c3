package dev.scoring.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.Decision;
import dev.scoring.api.Features;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerSpec;
import dev.scoring.api.Scorers;
import dev.scoring.decision.DecisionPipeline;
import dev.scoring.review.BoundedReviewQueue;
import dev.scoring.review.InMemoryAuditSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SparkScoring#decide} on the bank-marketing calls equals the in-process pipeline row for row,
 * and its audit/review output survives a forced task retry without duplicates.
 */
final class DecideTest {

  private static TestData bank;
  private static ScorerSpec lr;
  private static final int BAD = 11;

  @BeforeAll
  static void load() {
    bank = TestData.bank();
    lr = BankPipeline.logistic(bank);
  }

  private static SparkPipeline pipeline() {
    return SparkPipeline.builder(bank.schema(), BankPipeline::builder).scorer(lr).keyColumn(TestData.ID).runId("2026-12-04").build();
  }

  /** The bank table with a NaN age in row {@value #BAD}: a bad row. */
  private static Dataset<Row> table(int partitions) {
    return bank.frame(partitions).withColumn("age",
        functions.when(functions.col(TestData.ID).equalTo(BAD), functions.lit(Double.NaN)).otherwise(functions.col("age")));
  }

  @Test
  void bank_decisionsEqualInProcess_rowForRow() {
    List<Row> out = SparkScoring.decide(table(3), pipeline()).collectAsList();
    assertEquals(bank.rows().size(), out.size());
    try (Scorer scorer = Scorers.load(lr)) {
      DecisionPipeline local = BankPipeline.builder(bank.schema(), List.of(scorer))
          .reviewQueue(new BoundedReviewQueue(100_000)).audit(new InMemoryAuditSink()).build();
      int reviews = 0;
      for (Row r : out) {
        int id = r.getInt(r.fieldIndex(TestData.ID));
        Decision d;
        if (id == BAD) {
          Map<String, Object> raw = new HashMap<>(bank.rows().get(id).toMap());
          raw.put("age", Double.NaN);
          d = local.decide(raw);
        } else {
          d = local.decide(bank.rows().get(id));
        }
        String where = "row " + id;
        assertEquals("2026-12-04:" + id, r.getString(r.fieldIndex(SparkScoring.DECISION_ID)), where);
        if (Double.isNaN(d.score())) {
          assertTrue(r.isNullAt(r.fieldIndex(SparkScoring.SCORE)), where);
        } else {
          assertEquals(d.score(), r.getDouble(r.fieldIndex(SparkScoring.SCORE)), 0.0, where);
        }
        assertEquals(d.action().describe(), r.getString(r.fieldIndex(SparkScoring.ACTION)), where);
        assertEquals(d.requiresReview(), r.getBoolean(r.fieldIndex(SparkScoring.REVIEW)), where);
        assertEquals(d.queue().orElse(null), r.getString(r.fieldIndex(SparkScoring.QUEUE)), where);
        assertEquals(d.reasons(), r.getList(r.fieldIndex(SparkScoring.REASONS)), where);
        assertEquals(d.fallback(), r.getBoolean(r.fieldIndex(SparkScoring.FALLBACK)), where);
        Map<String, String> versions = new HashMap<>();
        for (Score s : d.scores()) {
          versions.put(s.provenance().scorerId(), s.provenance().modelVersion());
        }
        assertEquals(versions, r.getJavaMap(r.fieldIndex(SparkScoring.MODEL_VERSIONS)), where);
        String audit = r.getString(r.fieldIndex(SparkScoring.AUDIT));
        assertTrue(audit.contains("\"2026-12-04:" + id + "\""), audit);
        reviews += d.requiresReview() ? 1 : 0;
      }
      Row bad = out.stream().filter(r -> r.getInt(r.fieldIndex(TestData.ID)) == BAD).findFirst().orElseThrow();
      assertTrue(bad.getBoolean(bad.fieldIndex(SparkScoring.REVIEW)));
      assertTrue(bad.getList(bad.fieldIndex(SparkScoring.REASONS)).toString().contains("age"), bad.toString());
      // every kind of outcome occurs, so the comparison covers them
      assertTrue(reviews > 100 && reviews < out.size() - 100, reviews + " reviews");
      assertTrue(out.stream().anyMatch(r -> "ROUTE".equals(r.getString(r.fieldIndex(SparkScoring.ACTION_KIND)))));
      assertTrue(out.stream().anyMatch(r -> "AUTO".equals(r.getString(r.fieldIndex(SparkScoring.ACTION_KIND)))));
    }
  }

  static final AtomicInteger FAILURES = new AtomicInteger();

  /** Fails the first attempt of partition 1 after 200 rows: Spark retries the task (local[2,2]). */
  private static final class FailFirstAttempt implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      TaskContext task = TaskContext.get();
      boolean fail = task.partitionId() == 1 && task.attemptNumber() == 0;
      return new Iterator<>() {
        int seen;

        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public Row next() {
          if (fail && ++seen == 200) {
            FAILURES.incrementAndGet();
            throw new IllegalStateException("forced failure of the first attempt (a lost executor, say)");
          }
          return rows.next();
        }
      };
    }
  }

  @Test
  void output_aForcedTaskRetryAndARerunDuplicateNothing(@TempDir Path dir) throws Exception {
    Dataset<Row> decided = SparkScoring.decide(table(3), pipeline());
    Dataset<Row> failing = decided.mapPartitions(new FailFirstAttempt(), Encoders.row(decided.schema()));
    String base = dir.resolve("decisions").toString();
    int before = FAILURES.get();
    DecisionOutput.write(failing, base, LocalDate.of(2026, 12, 4));
    assertTrue(FAILURES.get() > before, "the first attempt failed and was retried");
    long n = bank.rows().size();
    Dataset<Row> audit = SparkTests.session().read().parquet(base + "/" + DecisionOutput.AUDIT);
    Dataset<Row> reviews = SparkTests.session().read().parquet(base + "/" + DecisionOutput.REVIEWS);
    long expectedReviews = decided.where(SparkScoring.REVIEW).count();
    assertEquals(n, audit.count());
    assertEquals(n, audit.select(SparkScoring.DECISION_ID).distinct().count());
    assertEquals(expectedReviews, reviews.count());
    assertEquals(expectedReviews, reviews.select(SparkScoring.DECISION_ID).distinct().count());
    // a re-run of the night replaces its partition; another night is kept beside it
    DecisionOutput.write(decided, base, LocalDate.of(2026, 12, 4));
    DecisionOutput.write(decided.limit(10), base, LocalDate.of(2026, 12, 5));
    audit = SparkTests.session().read().parquet(base + "/" + DecisionOutput.AUDIT);
    assertEquals(n, audit.where("date = '2026-12-04'").count());
    assertEquals(n, audit.where("date = '2026-12-04'").select(SparkScoring.DECISION_ID).distinct().count());
    assertEquals(10, audit.where("date = '2026-12-05'").count());
    assertTrue(Files.isDirectory(dir.resolve("decisions/audit/date=2026-12-04")));
  }
}
