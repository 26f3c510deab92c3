package dev.scoring.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ReviewStatus;
import dev.scoring.review.FeedbackLog;
import dev.scoring.review.LabelledExample;
import dev.scoring.review.Resolution;
import dev.scoring.review.ReviewFilter;
import dev.scoring.review.ReviewItem;
import dev.scoring.review.ReviewQueue;
import dev.scoring.review.ReviewState;
import dev.scoring.review.ReviewTask;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The reviewer workflow every {@link ReviewQueue} keeps, checked as a state machine: a sequence of
 * operations (offer, claim, release, resolve, time passing, lease expiry) runs against the queue
 * and against a model of it, and after every step the queue must agree with the model: the same
 * item claimed, the same refusals, no item lost, none duplicated, none resolved twice, every
 * resolution in the feedback log. Drive it with random operation lists (QuickTheories) for any
 * implementation, in memory or in a database.
 */
public final class ReviewQueueContract {

  /** One operation on the queue. */
  public sealed interface Op {}

  /** Offers decision {@code d<id>} in queue {@code q<queue>}; high impact claims first. @param id @param queue @param highImpact */
  public record Offer(int id, int queue, boolean highImpact) implements Op {}

  /** Reviewer {@code r<reviewer>} claims from queue {@code q<queue>} for {@code leaseSeconds}. @param queue @param reviewer @param leaseSeconds */
  public record Claim(int queue, int reviewer, int leaseSeconds) implements Op {}

  /** Reviewer {@code r<reviewer>} releases {@code d<id>}. @param id @param reviewer */
  public record Release(int id, int reviewer) implements Op {}

  /** Reviewer {@code r<reviewer>} resolves {@code d<id>}. @param id @param reviewer */
  public record Resolve(int id, int reviewer) implements Op {}

  /** Time passes. @param seconds */
  public record Advance(int seconds) implements Op {}

  /** Expired leases are returned. */
  public record Expire() implements Op {}

  private static final FeatureSchema SCHEMA = FeatureSchema.builder().number("amount").category("account").build();

  private static final class Model {
    final String id;
    final String queue;
    final int priority;
    final long offeredAt;
    final long order;
    ReviewState state = ReviewState.WAITING;
    @Nullable String reviewer;
    long leaseUntil;

    Model(String id, String queue, int priority, long offeredAt, long order) {
      this.id = id;
      this.queue = queue;
      this.priority = priority;
      this.offeredAt = offeredAt;
      this.order = order;
    }

    ReviewState at(long now) {
      return state == ReviewState.CLAIMED && leaseUntil <= now ? ReviewState.WAITING : state;
    }
  }

  private ReviewQueueContract() {}

  /**
   * Decodes one non-negative int into an operation over 6 decisions, 2 queues and 3 reviewers, so a
   * property test can generate operation lists as int lists (and shrink them).
   */
  public static Op op(int code) {
    int c = Math.floorMod(code, 1 << 20);
    int a = (c >> 4) % 6;
    int b = (c >> 8) % 3;
    int s = (c >> 12) % 12 + 1;
    return switch (c % 10) {
      case 0, 1, 2 -> new Offer(a, b % 2, (c >> 16) % 3 == 0);
      case 3, 4 -> new Claim(b % 2, (c >> 16) % 3, s);
      case 5 -> new Release(a, b);
      case 6, 7 -> new Resolve(a, b);
      case 8 -> new Advance(s);
      default -> new Expire();
    };
  }

  /** Decodes every int of {@code codes} with {@link #op(int)}. */
  public static List<Op> ops(List<Integer> codes) {
    List<Op> ops = new ArrayList<>(codes.size());
    for (int code : codes) {
      ops.add(op(code));
    }
    return ops;
  }

  /** A review item for decision {@code id} in {@code queue}, high impact or not. */
  public static ReviewItem item(String id, String queue, boolean highImpact) {
    String reason = highImpact ? ReviewItem.HIGH_IMPACT + "amount over 100k" : "uncertain score";
    Decision d = new Decision(id, Action.review(queue, reason), Action.auto("fast-track"), 0.42, List.of(), List.of(),
        List.of(reason), false, ReviewStatus.QUEUED, Instant.parse("2026-12-01T09:00:00Z"));
    return new ReviewItem(d, Features.of(SCHEMA, Map.of("amount", highImpact ? 250_000.0 : 900.0, "account", "A-" + id)));
  }

  /**
   * Runs {@code ops} on {@code queue} (empty, with capacity at least 64, on {@code clock},
   * resolving into {@code feedback}) and checks it against the model after every step.
   */
  public static void check(ReviewQueue queue, FeedbackLog feedback, TestClock clock, List<Op> ops) {
    Map<String, Model> model = new LinkedHashMap<>();
    Map<String, Integer> resolvedTimes = new HashMap<>();
    long order = 0;
    int examples = feedback.examples().size();
    int step = 0;
    for (Op op : ops) {
      step++;
      String at = "step " + step + " " + op + " of " + ops;
      long now = clock.millis();
      if (op instanceof Offer o) {
        String id = "d" + o.id();
        assertTrue(queue.offer(item(id, "q" + o.queue(), o.highImpact())), at);
        if (!model.containsKey(id)) {
          model.put(id, new Model(id, "q" + o.queue(), o.highImpact() ? 1 : 0, now, order++));
        }
      } else if (op instanceof Claim c) {
        String queueName = "q" + c.queue();
        Model best = null;
        for (Model m : model.values()) {
          if (m.queue.equals(queueName) && m.at(now) == ReviewState.WAITING
              && (best == null || m.priority > best.priority
                  || (m.priority == best.priority && (m.offeredAt < best.offeredAt
                      || (m.offeredAt == best.offeredAt && m.order < best.order))))) {
            best = m;
          }
        }
        Optional<ReviewTask> got = queue.claim(queueName, "r" + c.reviewer(), Duration.ofSeconds(c.leaseSeconds()));
        assertEquals(best == null ? null : best.id, got.map(ReviewTask::id).orElse(null), at);
        if (best != null) {
          ReviewTask t = got.orElseThrow();
          assertEquals(ReviewState.CLAIMED, t.state(), at);
          assertEquals("r" + c.reviewer(), t.reviewer(), at);
          assertEquals(best.queue, t.queue(), at);
          best.state = ReviewState.CLAIMED;
          best.reviewer = "r" + c.reviewer();
          best.leaseUntil = now + c.leaseSeconds() * 1000L;
        }
      } else if (op instanceof Release r) {
        Model m = model.get("d" + r.id());
        boolean holds = m != null && m.at(now) == ReviewState.CLAIMED && ("r" + r.reviewer()).equals(m.reviewer);
        assertEquals(holds, queue.release("d" + r.id(), "r" + r.reviewer()), at);
        if (holds && m != null) {
          m.state = ReviewState.WAITING;
        }
      } else if (op instanceof Resolve r) {
        String id = "d" + r.id();
        Model m = model.get(id);
        Resolution res = new Resolution("r" + r.reviewer(), Action.route("ae"), "good-fit", "checked " + id);
        boolean holds = m != null && m.at(now) == ReviewState.CLAIMED && ("r" + r.reviewer()).equals(m.reviewer);
        if (holds && m != null) {
          LabelledExample e = queue.resolve(id, res);
          assertEquals(id, e.decisionId(), at);
          assertEquals("r" + r.reviewer(), e.reviewer().orElseThrow(), at);
          m.state = ReviewState.RESOLVED;
          resolvedTimes.merge(id, 1, Integer::sum);
          examples++;
        } else if (m == null) {
          assertThrows(java.util.NoSuchElementException.class, () -> queue.resolve(id, res), at);
        } else {
          assertThrows(IllegalStateException.class, () -> queue.resolve(id, res), at);
        }
      } else if (op instanceof Advance a) {
        clock.advance(Duration.ofSeconds(a.seconds()));
      } else if (op instanceof Expire) {
        int expired = 0;
        for (Model m : model.values()) {
          if (m.state == ReviewState.CLAIMED && m.at(now) == ReviewState.WAITING) {
            m.state = ReviewState.WAITING;
            expired++;
          }
        }
        assertEquals(expired, queue.expireLeases(), at);
      }
      checkInvariants(queue, feedback, clock, model, examples, at);
    }
    for (int n : resolvedTimes.values()) {
      assertEquals(1, n);
    }
  }

  private static void checkInvariants(ReviewQueue queue, FeedbackLog feedback, TestClock clock, Map<String, Model> model,
      int examples, String at) {
    long now = clock.millis();
    long open = model.values().stream().filter(m -> m.state != ReviewState.RESOLVED).count();
    assertEquals(open, queue.size(), "open items, " + at);
    assertEquals(model.size(), queue.count(ReviewFilter.all()), "all items, " + at);
    for (ReviewState s : ReviewState.values()) {
      long expected = model.values().stream().filter(m -> m.at(now) == s).count();
      assertEquals(expected, queue.count(ReviewFilter.all().withState(s)), s + " items, " + at);
    }
    List<String> listed = new ArrayList<>();
    for (ReviewTask t : queue.list(ReviewFilter.all())) {
      listed.add(t.id());
      Model m = model.get(t.id());
      if (m == null) {
        throw new AssertionError("unknown item " + t.id() + ", " + at);
      }
      assertEquals(m.at(now), t.stateAt(clock.instant()), t.id() + ", " + at);
    }
    assertEquals(model.size(), listed.size(), at);
    assertEquals(model.size(), listed.stream().distinct().count(), "duplicates in " + listed + ", " + at);
    assertEquals(examples, feedback.examples().size(), "feedback examples, " + at);
  }
}
