package dev.scoring.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.storage.StorageLevel;

/**
 * Writes the audit trail and the review items of a {@link SparkScoring#decide} run to two Parquet
 * tables partitioned by date: {@code <base>/audit/date=YYYY-MM-DD/} (one row per decision: id, time,
 * action, review flag, queue and the audit record as JSON) and {@code <base>/reviews/date=YYYY-MM-DD/}
 * (one row per decision that needs review: id, queue, reasons and the audit record).
 *
 * <p>Idempotent: files reach the table through Spark's commit protocol, so a retried or speculative
 * task's output is committed once (a failed attempt's files are discarded), and the date's partition
 * is overwritten (dynamic partition overwrite), so re-running a night replaces that night's rows and
 * leaves other dates alone. With a {@linkplain SparkPipeline.Builder#keyColumn key column} and the
 * date as run id, a re-run also gives the same decision ids.
 */
public final class DecisionOutput {

  /** The audit table's directory under the base path. */
  public static final String AUDIT = "audit";
  /** The review table's directory under the base path. */
  public static final String REVIEWS = "reviews";
  /** The partition column. */
  public static final String DATE = "date";

  private DecisionOutput() {}

  /**
   * Writes the audit and review tables of {@code decided} (the output of {@link SparkScoring#decide})
   * for {@code date} under {@code basePath} (any Hadoop file system URI: a local path, {@code hdfs://},
   * {@code s3a://}); the decisions are computed once and kept until both tables are written.
   *
   * @throws IllegalArgumentException if {@code decided} lacks the decision columns
   */
  public static void write(Dataset<Row> decided, String basePath, LocalDate date) {
    for (String c : new String[] {SparkScoring.DECISION_ID, SparkScoring.AUDIT, SparkScoring.REVIEW}) {
      if (!java.util.Arrays.asList(decided.columns()).contains(c)) {
        throw new IllegalArgumentException("not the output of SparkScoring.decide: no column '" + c + "'");
      }
    }
    Dataset<Row> kept = decided.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> audit = kept.select(col(SparkScoring.DECISION_ID), col(SparkScoring.DECIDED_AT), col(SparkScoring.ACTION),
          col(SparkScoring.REVIEW), col(SparkScoring.QUEUE), col(SparkScoring.AUDIT).as("record"));
      Dataset<Row> reviews = kept.where(col(SparkScoring.REVIEW)).select(col(SparkScoring.DECISION_ID), col(SparkScoring.QUEUE),
          col(SparkScoring.REASONS), col(SparkScoring.AUDIT).as("record"));
      save(audit.withColumn(DATE, lit(date.toString())), basePath + "/" + AUDIT);
      save(reviews.withColumn(DATE, lit(date.toString())), basePath + "/" + REVIEWS);
    } finally {
      kept.unpersist();
    }
  }

  private static void save(Dataset<Row> table, String path) {
    table.write().mode(SaveMode.Overwrite).option("partitionOverwriteMode", "dynamic").partitionBy(DATE).parquet(path);
  }
}
