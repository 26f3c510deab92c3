package dev.scoring.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import dev.scoring.api.ReviewStatus;
import dev.scoring.decision.DecisionPipeline;
import dev.scoring.review.LabelledExample;
import dev.scoring.review.Resolution;
import dev.scoring.review.ReviewFilter;
import dev.scoring.review.ReviewState;
import dev.scoring.review.ReviewTask;
import dev.scoring.testing.ReviewQueueContract;
import dev.scoring.testing.TestClock;
import dev.scoring.review.AuditVerifier;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reviewer workflow, the pipeline and migrations on SQLite and on PostgreSQL. */
final class StoreWorkflowTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void workflowStateMachineAgreesWithTheModel(String database) throws Exception {
    TestClock clock = new TestClock(Instant.parse("2026-12-01T09:00:00Z"));
    try (Store store = Store.url(Databases.url(database, dir)).clock(clock).open()) {
      qt().withExamples(database.equals("sqlite") ? 80 : 40)
          .forAll(lists().of(integers().allPositive()).ofSizeBetween(1, 50)).checkAssert(codes -> {
            try {
              store.execute("delete from review_item");
              store.execute("delete from feedback");
            } catch (java.sql.SQLException e) {
              throw new IllegalStateException(e);
            }
            ReviewQueueContract.check(store.reviewQueue(), store.feedback(), clock, ReviewQueueContract.ops(codes));
          });
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void decisionsReviewsAndResolutionsSurviveReopening(String database) {
    String url = Databases.url(database, dir);
    int reviews = 0;
    try (Store store = Store.url(url).open()) {
      DecisionPipeline p = Databases.pipeline(store);
      for (int i = 0; i < 40; i++) {
        Decision d = p.decide(Databases.lead(i));
        if (d.requiresReview()) {
          reviews++;
          assertEquals(ReviewStatus.QUEUED, d.review());
        }
      }
    }
    try (Store store = Store.url(url).open()) {
      assertEquals(store.schemaVersion(), store.schemaVersionBefore());
      JdbcReviewQueue q = store.reviewQueue();
      assertEquals(reviews, q.size());
      ReviewTask first = q.claim("sdr", "ann", Duration.ofMinutes(5)).orElseThrow();
      assertEquals(1, first.priority(), "high-impact items are claimed first");
      assertEquals(Databases.lead(0).schema(), first.item().input().schema());
      LabelledExample e = q.resolve(first.id(),
          new Resolution("ann", Action.route("enterprise-ae"), "good-fit", "big account"));
      assertEquals(Action.route("enterprise-ae"), e.action());
      assertEquals(first.item().decision().action(), e.originalAction());
      assertEquals(List.of("lead"), e.models().stream().map(m -> m.scorerId()).toList());
      assertEquals(1, store.feedback().count());
      assertEquals(e.decisionId(), store.feedback().examples().get(0).decisionId());
      assertEquals(ReviewState.RESOLVED, q.find(first.id()).orElseThrow().state());
      assertEquals(reviews - 1, q.count(ReviewFilter.all().withState(ReviewState.WAITING)));
      assertThrows(IllegalStateException.class, () -> q.resolve(first.id(),
          new Resolution("ann", Action.route("x"), "good-fit", "again")));
      assertTrue(store.verifyAudit().stream().allMatch(r -> r.ok() && r.records() == 40), store.verifyAudit().toString());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void olderSchemaIsUpgraded_newerIsRefused(String database) throws Exception {
    String url = Databases.url(database, dir);
    try (Store old = Store.url(url).schemaVersion(1).open()) {
      assertEquals(0, old.schemaVersionBefore());
    }
    try (Store store = Store.url(url).open()) {
      assertEquals(1, store.schemaVersionBefore());
      store.execute("insert into scoring_schema_version (version, description, applied_at) values (99, 'future', 0)");
    }
    StoreException e = assertThrows(StoreException.class, () -> Store.url(url).open());
    assertTrue(e.getMessage().contains("version 99, newer than version 3"), e.getMessage());
  }

  @Test
  void newSqliteDatabasesGetLargePages_existingOnesKeepTheirs() throws Exception {
    String fresh = Databases.sqliteUrl(dir);
    try (Store store = Store.url(fresh).open()) {
      Databases.pipeline(store).decide(Databases.lead(1));
    }
    String existing = Databases.sqliteUrl(dir);
    try (Connection c = DriverManager.getConnection(existing); Statement s = c.createStatement()) {
      s.execute("pragma page_size = 4096");
      s.execute("create table host_table (x integer)");
    }
    try (Store store = Store.url(existing).open()) {
      DecisionPipeline p = Databases.pipeline(store);
      for (int i = 0; i < 20; i++) {
        p.decide(Databases.lead(i));
      }
      assertEquals(List.of(new AuditVerifier.Result("main", 20, null)), store.verifyAudit());
    }
    assertEquals(Connections.SQLITE_PAGE_SIZE, pragma(fresh, "page_size"));
    assertEquals(4096, pragma(existing, "page_size"));
    assertEquals("wal", pragmaText(existing, "journal_mode"));
  }

  private static int pragma(String url, String name) throws SQLException {
    return Integer.parseInt(pragmaText(url, name));
  }

  private static String pragmaText(String url, String name) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("pragma " + name)) {
      r.next();
      return r.getString(1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void writeFailuresAreVisibleOnTheDecisionAndCounted(String database) throws Exception {
    for (Store.Durability mode : Store.Durability.values()) {
      try (Store store = Store.url(Databases.url(database, dir)).durability(mode).open()) {
        DecisionPipeline p = Databases.pipeline(store);
        assertTrue(p.decide(Databases.lead(0)).review() != ReviewStatus.STORE_FAILED);
        store.flush();
        store.execute("drop table audit_record");
        Decision failed = null;
        for (int i = 1; i < 200 && failed == null; i++) {
          Decision d = p.decide(Databases.lead(i));
          if (d.review() == ReviewStatus.STORE_FAILED) {
            failed = d;
          }
          Thread.sleep(mode == Store.Durability.GROUP ? 5 : 0);
        }
        assertTrue(failed != null, mode + ": no decision showed the failure");
        assertTrue(failed.requiresReview());
        assertTrue(p.storeFailures() > 0);
        assertTrue(store.writeFailures() > 0);
        if (mode == Store.Durability.GROUP) {
          assertThrows(StoreException.class, store::flush);
          assertThrows(StoreException.class, store::close);
        }
      } catch (StoreException expected) {
        // closing a group store whose commits fail reports the writes it could not keep
      }
    }
  }
}
