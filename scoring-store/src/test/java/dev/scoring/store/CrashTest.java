package dev.scoring.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.review.AuditVerifier;
import dev.scoring.review.ReviewState;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No decision is lost when the process dies: a child JVM decides leads and prints each decision id
 * it got back; it is killed with {@code kill -9} (SIGKILL, as {@link Process#destroyForcibly()}) at random
 * moments, 50 times, and restarted. Every printed id must be in the audit exactly once (and in the
 * queue when it went to review), and the chain must verify. In group mode the child prints ids only
 * after {@link Store#flush()} returned (what the host was told is durable): those must survive the
 * same way, with their review item and audit record both present (never one without the other).
 */
final class CrashTest {

  static final int KILLS = 50;

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql", "sqlite-group", "postgresql-group"})
  void killedChildrenLoseNoDecision(String variant) throws Exception {
    String database = variant.replace("-group", "");
    String mode = variant.endsWith("-group") ? "group" : "sync";
    String url = Databases.url(database, dir);
    Random random = new Random(17);
    List<String> printed = new ArrayList<>();
    List<String> reviews = new ArrayList<>();
    int kills = 0;
    long next = 0;
    Path jsa = dir.resolve("crash-child.jsa");
    ChildJvm.archive(jsa, CrashChild.class, url, "-1000000", "once");
    long started = System.nanoTime();
    while (kills < KILLS) {
      Process child = ChildJvm.start(jsa, CrashChild.class, url, Long.toString(next), mode);
      BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String ready = in.readLine();
      assertEquals("ready", ready, "the child did not start");
      int before = random.nextInt(mode.equals("group") ? 80 : 40);
      for (int i = 0; i < before; i++) {
        take(in.readLine(), printed, reviews);
      }
      if (random.nextBoolean()) {
        Thread.sleep(random.nextInt(15));
      }
      // kill -9 from outside, as Process.destroyForcibly does, but keeping our end of the pipe
      // open, so every line the child printed before it died is read and checked
      new ProcessBuilder("kill", "-9", Long.toString(child.pid())).start().waitFor();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
      assertEquals(137, child.exitValue(), "killed by SIGKILL");
      for (String line; (line = in.readLine()) != null; ) {
        take(line, printed, reviews);
      }
      kills++;
      next += 1000;
    }
    try (Store store = Store.url(url).open()) {
      JdbcAuditSink audit = store.audit();
      for (String id : printed) {
        assertEquals(1, audit.count(id), "decision " + id + " printed by a killed child is in the audit once");
      }
      for (String id : reviews) {
        assertEquals(ReviewState.WAITING, store.reviewQueue().find(id).orElseThrow(
            () -> new AssertionError("review " + id + " is not in the queue")).state());
      }
      List<AuditVerifier.Result> results = store.verifyAudit();
      assertEquals(1, results.size());
      assertTrue(results.get(0).ok(), results.toString());
      assertTrue(results.get(0).records() >= printed.size());
      System.out.printf("crash test %s (%s): %d kills in %d s, %d decisions printed (%d reviews), %d audit records, chain verified%n",
          database, mode, kills, (System.nanoTime() - started) / 1_000_000_000L, printed.size(), reviews.size(),
          results.get(0).records());
    }
  }

  private static void take(String line, List<String> printed, List<String> reviews) {
    if (line == null) {
      return;
    }
    if (line.startsWith("failed ")) {
      throw new AssertionError("the child saw a store failure: " + line);
    }
    String[] parts = line.split(" ");
    printed.add(parts[0]);
    if (parts[1].equals("review")) {
      reviews.add(parts[0]);
    }
  }
}
