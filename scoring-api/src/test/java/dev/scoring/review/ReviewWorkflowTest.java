package dev.scoring.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ReviewStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

final class ReviewWorkflowTest {

  static final FeatureSchema SCHEMA = FeatureSchema.builder().number("amount").category("email").build();

  /** A clock tests move by hand. */
  static final class TestClock extends Clock {
    Instant now = Instant.parse("2026-12-01T09:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  static ReviewItem item(String id, String queue, boolean highImpact) {
    List<String> reasons = highImpact ? List.of(ReviewItem.HIGH_IMPACT + "amount over 100k") : List.of("uncertain");
    Decision d = new Decision(id, Action.review(queue, reasons.get(0)), Action.auto("go"), 0.4, List.of(), List.of(),
        reasons, false, ReviewStatus.QUEUED, Instant.parse("2026-12-01T09:00:00Z"));
    return new ReviewItem(d, Features.of(SCHEMA, Map.of("amount", 5.0, "email", "a@b.example")));
  }

  private final TestClock clock = new TestClock();
  private final InMemoryFeedbackLog feedback = new InMemoryFeedbackLog();
  private final BoundedReviewQueue queue = new BoundedReviewQueue(10, feedback, clock);

  @Test
  void offerIsIdempotentByDecisionId() {
    assertTrue(queue.offer(item("d1", "q", false)));
    assertTrue(queue.offer(item("d1", "q", false)));
    assertEquals(1, queue.size());
  }

  @Test
  void claimTakesHighImpactFirstThenOldest_andLeasesExpire() {
    queue.offer(item("old", "q", false));
    clock.advance(Duration.ofSeconds(1));
    queue.offer(item("new", "q", false));
    queue.offer(item("big", "q", true));
    queue.offer(item("other", "p", true));
    Duration lease = Duration.ofMinutes(5);
    assertEquals("big", queue.claim("q", "ann", lease).orElseThrow().id());
    assertEquals("old", queue.claim("q", "bob", lease).orElseThrow().id());
    assertEquals("new", queue.claim("q", "cid", lease).orElseThrow().id());
    assertTrue(queue.claim("q", "dan", lease).isEmpty());
    clock.advance(Duration.ofMinutes(6));
    ReviewTask again = queue.claim("q", "dan", lease).orElseThrow();
    assertEquals("big", again.id());
    assertEquals(2, again.claims());
    assertThrows(IllegalStateException.class,
        () -> queue.resolve("big", new Resolution("ann", Action.auto("go"), "good", "fine")));
    assertEquals(2, queue.expireLeases());
    assertEquals(2, queue.count(ReviewFilter.all().withQueue("q").withState(ReviewState.WAITING)), "big is claimed by dan");
  }

  @Test
  void resolveWritesTheOverrideAsALabelledExample() {
    queue.offer(item("d1", "q", false));
    ReviewTask t = queue.claim("q", "ann", Duration.ofMinutes(1)).orElseThrow();
    assertFalse(queue.release(t.id(), "bob"));
    LabelledExample e = queue.resolve("d1", new Resolution("ann", Action.route("ae"), "good-fit", "known account"));
    assertEquals(List.of(e), feedback.examples());
    assertEquals("ann", e.reviewer().orElseThrow());
    assertEquals(Action.route("ae"), e.action());
    assertEquals(Action.review("q", "uncertain"), e.originalAction());
    assertEquals(ReviewState.RESOLVED, queue.find("d1").orElseThrow().state());
    assertEquals(0, queue.size());
    assertTrue(queue.offer(item("d1", "q", false)), "a resolved decision offered again is not stored again");
    assertEquals(0, queue.size());
    assertThrows(IllegalStateException.class,
        () -> queue.resolve("d1", new Resolution("ann", Action.route("ae"), "good-fit", "again")));
    assertThrows(NoSuchElementException.class,
        () -> queue.resolve("nope", new Resolution("ann", Action.route("ae"), "good-fit", "x")));
  }

  @Test
  void failingFeedbackLogLeavesTheItemClaimed() {
    FeedbackLog broken = new FeedbackLog() {
      @Override
      public void record(LabelledExample example) {
        throw new IllegalStateException("disk full");
      }

      @Override
      public List<LabelledExample> examples() {
        return List.of();
      }
    };
    BoundedReviewQueue q = new BoundedReviewQueue(4, broken, clock);
    q.offer(item("d1", "q", false));
    q.claim("q", "ann", Duration.ofMinutes(1)).orElseThrow();
    assertThrows(IllegalStateException.class,
        () -> q.resolve("d1", new Resolution("ann", Action.route("ae"), "good-fit", "x")));
    assertEquals(ReviewState.CLAIMED, q.find("d1").orElseThrow().state());
  }

  @Test
  void slaReportNamesOverdueItems() {
    queue.offer(item("a", "q", false));
    clock.advance(Duration.ofHours(5));
    queue.offer(item("b", "q", false));
    queue.offer(item("c", "p", false));
    SlaReport r = queue.slaReport(Duration.ofHours(4));
    assertEquals(Map.of("q", 1L), r.overdue());
    assertEquals(Map.of("q", 2L, "p", 1L), r.open());
    assertEquals("a", r.oldest().get(0).id());
    assertEquals(2, queue.list(ReviewFilter.all().withQueue("q")).size());
    assertEquals(1, queue.count(ReviewFilter.all().withOfferedBefore(clock.now.minusSeconds(60))));
  }
}
