/**
 * The library on Apache Spark: score and decide a whole table with the same models, rules and
 * guardrails as in process ({@link dev.scoring.spark.SparkScoring}), write the reviews and audit of a
 * nightly run to a date-partitioned table ({@link dev.scoring.spark.DecisionOutput}), and compute the
 * evaluation and drift figures of the monitoring module as Spark aggregations
 * ({@link dev.scoring.spark.SparkEvaluation}, {@link dev.scoring.spark.SparkDrift}), and deduplicate a
 * table with the record matcher ({@link dev.scoring.spark.SparkDedup}).
 *
 * <p>Spark (4.x, Scala 2.13) is a {@code provided} dependency: the cluster supplies it. The scorer
 * plugins ({@code scoring-ml}, {@code scoring-rules}, ...) must be on the executors' class path
 * (in the application jar), as they are found through {@code ServiceLoader} there.
 */
@NullMarked
package dev.scoring.spark;

import org.jspecify.annotations.NullMarked;
