package dev.scoring.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.FiredRule;
import dev.scoring.api.Provenance;
import dev.scoring.api.Score;
import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import dev.scoring.api.ReviewStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ReviewTest {

  private static final FeatureSchema SCHEMA = FeatureSchema.builder().number("amount").category("notes").build();
  private static final Provenance MODEL = new Provenance("conv", "xgboost", "7", "sha256:aa");

  private static Decision decision(String id, Action action, ReviewStatus status) {
    return new Decision(id, action, Action.negative("disqualify"), 0.1,
        List.of(Score.probability(0.1, -2.2, MODEL)),
        List.of(new FiredRule("r1", "when x then y", "+5")),
        List.of("reason with \"quotes\"\nand a newline"), false, status, Instant.parse("2026-11-23T10:00:00Z"));
  }

  @Test
  void decision_checksReviewStatusAgainstAction() {
    assertThrows(IllegalArgumentException.class,
        () -> decision("d1", Action.auto("go"), ReviewStatus.QUEUED));
    assertThrows(IllegalArgumentException.class,
        () -> decision("d1", Action.review("q", "why"), ReviewStatus.NOT_NEEDED));
  }

  @Test
  void boundedQueue_refusesWhenFullAndCounts() {
    BoundedReviewQueue q = new BoundedReviewQueue(1);
    ReviewItem item = new ReviewItem(decision("d1", Action.review("q", "why"), ReviewStatus.QUEUED), Features.builder(SCHEMA).build());
    assertTrue(q.offer(item));
    assertTrue(q.offer(item), "the same decision again is already there");
    assertEquals(0, q.refused());
    assertFalse(q.offer(new ReviewItem(decision("d2", Action.review("q", "why"), ReviewStatus.QUEUED),
        Features.builder(SCHEMA).build())));
    assertEquals(1, q.refused());
    assertEquals(List.of(item), q.snapshot());
    assertEquals(item, q.poll().orElseThrow());
    assertTrue(q.poll().isEmpty());
    assertThrows(IllegalArgumentException.class, () -> new BoundedReviewQueue(0));
  }

  @Test
  void jsonLinesSink_appendsOneEscapedLinePerRecord(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("audit.jsonl");
    try (JsonLinesAuditSink sink = new JsonLinesAuditSink(file)) {
      sink.record(new AuditRecord(decision("d1", Action.review("ops", "negative"), ReviewStatus.QUEUED), 0xffL));
    }
    try (JsonLinesAuditSink sink = new JsonLinesAuditSink(file)) {
      sink.record(new AuditRecord(decision("d2", Action.route("ae"), ReviewStatus.NOT_NEEDED), 0x100L));
      sink.close();
      sink.close();
      assertThrows(IllegalStateException.class, () -> sink.record(new AuditRecord(decision("d3", Action.route("ae"), ReviewStatus.NOT_NEEDED), 1L)));
    }
    List<String> lines = Files.readAllLines(file);
    assertEquals(2, lines.size());
    AuditChain.Entry first = AuditVerifier.parse(lines.get(0));
    assertEquals(1, first.seq());
    assertEquals(AuditChain.GENESIS, first.prev());
    assertTrue(first.selfConsistent());
    assertEquals(first.hash(), AuditVerifier.parse(lines.get(1)).prev());
    assertTrue(AuditVerifier.verifyFile(file).ok(), AuditVerifier.verifyFile(file).toString());
    assertEquals("{\"decisionId\":\"d1\",\"decidedAt\":\"2026-11-23T10:00:00Z\",\"inputDigest\":\"00000000000000ff\","
        + "\"action\":{\"type\":\"review\",\"queue\":\"ops\",\"reason\":\"negative\"},"
        + "\"proposed\":{\"type\":\"negative\",\"name\":\"disqualify\"},\"score\":0.1,"
        + "\"scores\":[{\"scorer\":\"conv\",\"type\":\"xgboost\",\"modelVersion\":\"7\",\"modelDigest\":\"sha256:aa\",\"value\":0.1,\"margin\":-2.2,\"kind\":\"PROBABILITY\"}],"
        + "\"firedRules\":[{\"name\":\"r1\",\"text\":\"when x then y\",\"outcome\":\"+5\"}],"
        + "\"reasons\":[\"reason with \\\"quotes\\\"\\nand a newline\"],\"fallback\":false,\"review\":\"QUEUED\"}", first.record());
    assertTrue(AuditVerifier.parse(lines.get(1)).record().startsWith("{\"decisionId\":\"d2\""));
  }

  @Test
  void override_becomesALabelledExampleLinkedToTheDecision() {
    Decision d = decision("d9", Action.review("ops", "negative"), ReviewStatus.QUEUED);
    ReviewItem item = new ReviewItem(d, Features.of(SCHEMA, Map.of("amount", 5000, "notes", "asked for pricing")));
    InMemoryFeedbackLog log = new InMemoryFeedbackLog();
    LabelledExample e = LabelledExample.override(item, "rev-42", Action.route("inside-sales"), "qualified",
        "asked for pricing on the call", Instant.parse("2026-11-24T09:00:00Z"));
    log.record(e);
    LabelledExample back = log.examples().get(0);
    assertEquals("d9", back.decisionId());
    assertEquals("qualified", back.label());
    assertEquals(Action.route("inside-sales"), back.action());
    assertEquals(d.action(), back.originalAction());
    assertEquals("rev-42", back.reviewer().orElseThrow());
    assertTrue(back.isOverride());
    assertEquals(List.of(MODEL), back.models());
    assertEquals(5000.0, back.input().number(0));
    LabelledExample outcome = LabelledExample.outcome(d, item.input(), "won", "closed won", Instant.now());
    assertFalse(outcome.isOverride());
    assertThrows(IllegalArgumentException.class, () -> LabelledExample.override(item, " ", Action.route("x"), "l", "r", Instant.now()));
  }
}
