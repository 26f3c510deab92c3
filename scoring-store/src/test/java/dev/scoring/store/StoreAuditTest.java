package dev.scoring.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.decision.DecisionPipeline;
import dev.scoring.review.AuditVerifier;
import dev.scoring.review.Redaction;
import dev.scoring.review.Resolution;
import dev.scoring.review.ReviewTask;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tampering with the stored audit trail is detected and named; personal values never reach the database. */
final class StoreAuditTest {

  @TempDir Path dir;

  private interface Tamper {
    void apply(Store store) throws SQLException;
  }

  private AuditVerifier.Result tampered(String database, Tamper tamper) throws SQLException {
    try (Store store = Store.url(Databases.url(database, dir)).open()) {
      DecisionPipeline p = Databases.pipeline(store);
      for (int i = 0; i < 10; i++) {
        p.decide(Databases.lead(i));
      }
      assertTrue(store.verifyAudit().get(0).ok(), store.verifyAudit().toString());
      tamper.apply(store);
      List<AuditVerifier.Result> results = store.verifyAudit();
      assertEquals(1, results.size(), results.toString());
      return results.get(0);
    }
  }

  private static void assertProblem(AuditVerifier.Kind kind, long seq, AuditVerifier.Result r) {
    assertTrue(r.problem() != null, "expected " + kind + " but the chain verified");
    assertEquals(kind, r.problem().kind(), r.toString());
    assertEquals(seq, r.problem().seq(), r.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void editedField(String database) throws SQLException {
    assertProblem(AuditVerifier.Kind.EDITED, 5, tampered(database,
        s -> s.execute("update audit_record set record = replace(record, '\"fallback\":false', '\"fallback\":true') where seq = 5")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void deletedRow(String database) throws SQLException {
    assertProblem(AuditVerifier.Kind.REMOVED, 4, tampered(database, s -> s.execute("delete from audit_record where seq = 4")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void swappedRows(String database) throws SQLException {
    assertProblem(AuditVerifier.Kind.REORDERED, 3, tampered(database, s -> {
      s.execute("update audit_record set seq = -3 where seq = 3");
      s.execute("update audit_record set seq = 3 where seq = 4");
      s.execute("update audit_record set seq = 4 where seq = -3");
    }));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void insertedRow(String database) throws SQLException {
    assertProblem(AuditVerifier.Kind.INSERTED, 11, tampered(database, s -> s.execute(
        "insert into audit_record (chain, seq, decision_id, prev_hash, hash, record)"
            + " select chain, 11, 'forged', hash, hash, record from audit_record where seq = 10")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void truncatedTable(String database) throws SQLException {
    assertProblem(AuditVerifier.Kind.TRUNCATED, 8, tampered(database, s -> s.execute("delete from audit_record where seq > 7")));
  }

  /** The lead schema with e-mail and name marked personal in the schema itself (equal to {@link LeadScorer#SCHEMA}). */
  static final FeatureSchema MARKED = FeatureSchema.builder().number("amount").category("email").text("name")
      .personal("email", "name").build();

  private static final byte[] KEY = "a-secret-key-of-32-bytes-length!".getBytes(StandardCharsets.UTF_8);

  /**
   * Personal values, marked in the store's configuration or in the schema, dropped or hashed,
   * never reach the database: not in audit records, review items, feedback, nor (under a keyed
   * hash) in the free text a reviewer types into a resolution.
   */
  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void personalValuesNeverReachTheDatabase(String database) {
    qt().withExamples(database.equals("sqlite") ? 25 : 12)
        .forAll(strings().betweenCodePoints('a', 'z').ofLengthBetween(6, 12),
            strings().betweenCodePoints('A', 'Z').ofLengthBetween(6, 12), booleans().all(), booleans().all())
        .checkAssert((local, name, hash, inSchema) -> {
          String url = Databases.url(database, dir);
          List<String> named = inSchema ? List.of() : List.of("email", "name");
          Redaction redaction = hash ? Redaction.keyedHash(named, KEY) : inSchema ? Redaction.none() : Redaction.drop(named);
          FeatureSchema schema = inSchema ? MARKED : LeadScorer.SCHEMA;
          String email = local + "@corp.example";
          String person = name + " " + local;
          try (Store store = Store.url(url).redaction(redaction).open()) {
            DecisionPipeline p = Databases.pipeline(store, schema);
            for (int i = 0; i < 12; i++) {
              Features row = Features.of(schema, Map.of("amount", (double) (i * 230 % 2600), "email", email, "name", person));
              Decision d = p.decide(row);
              assertTrue(d.reasons().stream().anyMatch(r -> r.contains(email)) || !d.requiresReview(),
                  "reviews explain with the raw e-mail in memory: " + d.reasons());
            }
            Optional<ReviewTask> t = store.reviewQueue().claim("sdr", "ann", Duration.ofMinutes(1));
            // a keyed hash finds personal values in what the reviewer types; dropped values leave nothing to match
            String note = hash ? "called " + person + " (" + email + "), mail " + email + "." : "checked";
            store.reviewQueue().resolve(t.orElseThrow().id(), new Resolution("ann", Action.route("ae"), "good-fit", note));
            String stored = database.equals("sqlite") ? sqliteBytes(url) : postgresRows(url);
            for (String secret : List.of(email, local, person, name)) {
              assertTrue(!stored.contains(secret), "'" + secret + "' was stored");
            }
            assertTrue(stored.contains(hash ? redaction.token(email) : Redaction.DROPPED), "tokens are stored");
            if (hash) {
              assertTrue(stored.contains("called " + redaction.token(person) + " (" + redaction.token(email) + ")"), "the note keeps its words");
              assertTrue(stored.contains("mail " + redaction.token(email) + "."), "punctuation stays outside the token");
            }
            assertTrue(store.verifyAudit().get(0).ok());
          } catch (IOException | SQLException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** Every byte SQLite wrote: the database file and its write-ahead log. */
  private static String sqliteBytes(String url) throws IOException {
    Path db = Path.of(url.substring("jdbc:sqlite:".length()));
    StringBuilder all = new StringBuilder();
    for (Path p : List.of(db, db.resolveSibling(db.getFileName() + "-wal"))) {
      if (Files.exists(p)) {
        all.append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
      }
    }
    return all.toString();
  }

  /** Every row of every table of the store, as text. */
  private static String postgresRows(String url) throws SQLException {
    StringBuilder all = new StringBuilder();
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      for (String table : List.of("review_item", "feedback", "audit_record", "audit_head")) {
        try (ResultSet r = s.executeQuery("select t::text from " + table + " t")) {
          while (r.next()) {
            all.append(r.getString(1)).append('\n');
          }
        }
      }
    }
    return all.toString();
  }
}
