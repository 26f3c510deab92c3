package dev.scoring.spark;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** The one SparkSession every test class of this module shares (one JVM, local[2], one retry per task). */
final class SparkTests {

  private static SparkSession session;

  private SparkTests() {}

  static synchronized SparkSession session() {
    if (session == null) {
      Path dir = Path.of("target", "spark").toAbsolutePath();
      session = SparkSession.builder()
          // local[threads, maxFailures]: a task may fail once and be retried (RetryTest forces that)
          .master("local[2,2]")
          .appName("scoring-spark-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.default.parallelism", "4")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.sql.warehouse.dir", dir.resolve("warehouse").toString())
          .config("spark.local.dir", dir.resolve("local").toString())
          .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    return session;
  }
}
