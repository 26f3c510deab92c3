package dev.scoring.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ReviewStatus;
import dev.scoring.review.AuditRecord;
import dev.scoring.review.ReviewItem;
import dev.scoring.store.Store;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ReviewAuditCommandTest {

  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ScoringCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void listClaimResolveAndVerify() throws Exception {
    Path db = dir.resolve("store.db");
    FeatureSchema schema = FeatureSchema.builder().number("amount").build();
    try (Store s = Store.sqlite(db).open()) {
      for (int i = 0; i < 3; i++) {
        Decision d = new Decision("d" + i, Action.review("sdr", "uncertain"), Action.auto("go"), 0.4, List.of(), List.of(),
            List.of("uncertain"), false, ReviewStatus.QUEUED, Instant.parse("2026-12-01T09:00:00Z"));
        Features row = Features.of(schema, Map.of("amount", 100.0 * i));
        s.reviewQueue().offer(new ReviewItem(d, row));
        s.audit().record(new AuditRecord(d, row.digest(), row));
      }
    }
    Run list = run("review", "list", "--store", db.toString(), "--queue", "sdr");
    assertEquals(0, list.code(), list.err());
    assertTrue(list.out().contains("3 items match"), list.out());
    Run claim = run("review", "claim", "--store", db.toString(), "--queue", "sdr", "--reviewer", "ann");
    assertEquals(0, claim.code(), claim.err());
    assertTrue(claim.out().startsWith("d0 "), claim.out());
    Run wrong = run("review", "resolve", "--store", db.toString(), "--id", "d0", "--reviewer", "bob", "--route", "ae",
        "--label", "good-fit", "--reason", "x");
    assertEquals(1, wrong.code());
    assertTrue(wrong.err().contains("holds no current claim"), wrong.err());
    Run ok = run("review", "resolve", "--store", db.toString(), "--id", "d0", "--reviewer", "ann", "--route", "ae",
        "--label", "good-fit", "--reason", "known buyer");
    assertEquals(0, ok.code(), ok.err());
    assertTrue(ok.out().contains("1 labelled examples"), ok.out());
    Run verify = run("audit", "verify", "--store", db.toString());
    assertEquals(0, verify.code(), verify.err());
    assertTrue(verify.out().contains("3 records, verified"), verify.out());
    try (Store s = Store.sqlite(db).open()) {
      assertEquals(2, s.reviewQueue().size());
    }
  }
}
