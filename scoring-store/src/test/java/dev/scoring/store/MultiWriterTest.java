package dev.scoring.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.review.AuditVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several processes write one database on one audit chain: two child JVMs (one synchronous, one
 * group commit) decide concurrently into the same SQLite file or PostgreSQL schema. Their
 * transactions extend the head the database holds, so the result is one chain, every decision
 * in it once, in commit order, and it verifies; tampering with it is still named.
 */
final class MultiWriterTest {

  private static final int PER_WRITER = 400;

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void twoProcessesShareOneVerifiableChain(String database) throws Exception {
    String url = Databases.url(database, dir);
    try (Store store = Store.url(url).open()) {
      assertEquals(0, store.auditHead().seq());
    }
    Process a = ChildJvm.start(WriterChild.class, url, "0", Integer.toString(PER_WRITER), "sync");
    Process b = ChildJvm.start(WriterChild.class, url, "100000", Integer.toString(PER_WRITER), "group");
    for (Process p : List.of(a, b)) {
      assertTrue(p.waitFor(300, TimeUnit.SECONDS), "a writer did not finish");
      assertEquals(0, p.exitValue(), "a writer failed");
      assertEquals("done", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
    }
    try (Store store = Store.url(url).open()) {
      List<AuditVerifier.Result> results = store.verifyAudit();
      assertEquals(1, results.size(), results.toString());
      assertTrue(results.get(0).ok(), results.toString());
      assertEquals(2 * PER_WRITER, results.get(0).records());
      assertEquals(2 * PER_WRITER, store.auditHead().seq());
      int switches = everyLeadOnceInOrder(url);
      System.out.printf("multi-writer %s: %d records in one chain, writers alternate %d times, verified%n",
          database, results.get(0).records(), switches);
      store.execute("update audit_record set record = replace(record, '\"fallback\":false', '\"fallback\":true')"
          + " where seq = " + PER_WRITER);
      AuditVerifier.Result tampered = store.verifyAudit().get(0);
      assertEquals(AuditVerifier.Kind.EDITED, tampered.problem() == null ? null : tampered.problem().kind(), tampered.toString());
      assertEquals(PER_WRITER, tampered.problem().seq());
    }
  }

  /**
   * Checks that every lead of both writers is in the chain exactly once (found by its input
   * digest) and returns how often the chain switches from one writer's records to the other's.
   */
  private static int everyLeadOnceInOrder(String url) throws Exception {
    Map<String, Integer> writerOf = new HashMap<>();
    for (int i = 0; i < PER_WRITER; i++) {
      writerOf.put(HexFormat.of().toHexDigits(Databases.lead(i).digest()), 0);
      writerOf.put(HexFormat.of().toHexDigits(Databases.lead(100000 + i).digest()), 1);
    }
    Set<String> seen = new HashSet<>();
    int switches = 0;
    int last = -1;
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select record from audit_record order by seq")) {
      while (r.next()) {
        Matcher m = DIGEST.matcher(r.getString(1));
        assertTrue(m.find(), "a record without its input digest");
        Integer writer = writerOf.get(m.group(1));
        assertTrue(writer != null, "a record of no writer's lead: " + m.group(1));
        assertTrue(seen.add(m.group(1)), "a lead chained twice: " + m.group(1));
        switches += last >= 0 && writer != last ? 1 : 0;
        last = writer;
      }
    }
    assertEquals(2 * PER_WRITER, seen.size());
    return switches;
  }

  private static final Pattern DIGEST = Pattern.compile("\"inputDigest\":\"([0-9a-f]{16})\"");
}
