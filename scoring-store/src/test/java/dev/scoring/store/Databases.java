package dev.scoring.store;

import static org.junit.jupiter.api.Assertions.fail;

import dev.scoring.api.Action;
import dev.scoring.api.Features;
import dev.scoring.decision.DecisionPipeline;
import dev.scoring.decision.GuardrailPolicy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases the store tests run on: a SQLite file in a temp directory, and the PostgreSQL
 * server whose JDBC URL is in {@code SCORING_PG_URL} (.ci/run starts one). Each PostgreSQL test
 * gets a fresh schema. When {@code CI=true}, a missing server fails the test; elsewhere it skips.
 */
final class Databases {

  private static final AtomicLong SCHEMAS = new AtomicLong(System.nanoTime() % 1_000_000);

  private Databases() {}

  /** The URL of a fresh PostgreSQL schema on the test server. */
  static String postgresUrl() {
    String url = System.getenv("SCORING_PG_URL");
    if (url == null || url.isBlank()) {
      if ("true".equals(System.getenv("CI"))) {
        fail("CI=true but SCORING_PG_URL is not set: .ci/run must start PostgreSQL; PostgreSQL tests never skip in CI");
      }
      Assumptions.abort("no PostgreSQL server: set SCORING_PG_URL (jdbc:postgresql://127.0.0.1:PORT/DB?user=...)");
    }
    String schema = "t" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("create schema " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create schema on " + url + ": " + e.getMessage(), e);
    }
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** The URL of a SQLite file in {@code dir}. */
  static String sqliteUrl(Path dir) {
    return "jdbc:sqlite:" + dir.resolve("store-" + SCHEMAS.incrementAndGet() + ".db").toAbsolutePath();
  }

  /** A URL for the named database: {@code "sqlite"} or {@code "postgresql"}. */
  static String url(String database, Path dir) {
    return database.equals("sqlite") ? sqliteUrl(dir) : postgresUrl();
  }

  /** A guardrail policy sending uncertain scores (and high amounts) to review. */
  static GuardrailPolicy policy() {
    return GuardrailPolicy.builder()
        .band(0.0, 0.3, Action.negative("disqualify"))
        .band(0.3, 0.6, Action.review("sdr", "uncertain score"))
        .band(0.6, 1.0, Action.auto("fast-track"))
        .alwaysReview("amount over 2000", row -> row.number(0) > 2000)
        .reviewQueue("sdr")
        .build();
  }

  /** A pipeline writing to {@code store}. */
  static DecisionPipeline pipeline(Store store) {
    return pipeline(store, LeadScorer.SCHEMA);
  }

  /** A pipeline writing to {@code store}, deciding rows of {@code schema} (equal to the lead schema, marks aside). */
  static DecisionPipeline pipeline(Store store, dev.scoring.api.FeatureSchema schema) {
    // reviews carry their top factors, raw personal values included, so redaction has something to remove
    return DecisionPipeline.builder(schema).scorer(new LeadScorer()).policy(policy())
        .reviewQueue(store.reviewQueue()).audit(store.audit()).explainReviews(3).build();
  }

  /** Lead number {@code i}: amounts spread over every band. */
  static Features lead(long i) {
    return Features.of(LeadScorer.SCHEMA, Map.of("amount", (double) ((i * 7919) % 2600), "email",
        "lead" + i + "@acme.example", "name", "Lead Person " + i));
  }
}
