package dev.scoring.store;

import dev.scoring.review.LabelledExample;
import dev.scoring.review.Resolution;
import dev.scoring.review.ReviewFilter;
import dev.scoring.review.ReviewItem;
import dev.scoring.review.ReviewQueue;
import dev.scoring.review.ReviewState;
import dev.scoring.review.ReviewTask;
import dev.scoring.review.SlaReport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The store's {@link ReviewQueue}: items in table {@code review_item}, one row per decision id,
 * shared by every process that opens the same database. Claims take the highest priority, then
 * the oldest waiting item in one statement (on PostgreSQL with {@code FOR UPDATE SKIP LOCKED}, so
 * concurrent reviewers never wait for or take each other's item); a resolution and its labelled
 * example commit in one transaction. The queue has no capacity limit. Thread-safe.
 */
public final class JdbcReviewQueue implements ReviewQueue {

  private static final String COLUMNS =
      "decision_id, queue, priority, state, reviewer, lease_until, offered_at, claims, decision, input, resolution, resolved_at";
  private static final String WAITING = "(state = 'WAITING' or (state = 'CLAIMED' and lease_until <= ?))";

  private final Connections db;
  private final Codec codec;
  private final Writes writes;
  private final Clock clock;
  private final @Nullable GroupCommitter group;
  private final AtomicLong failures;
  private final String claimSql;

  JdbcReviewQueue(Connections db, Codec codec, Writes writes, Clock clock, @Nullable GroupCommitter group,
      AtomicLong failures) {
    this.db = db;
    this.codec = codec;
    this.writes = writes;
    this.clock = clock;
    this.group = group;
    this.failures = failures;
    this.claimSql = "update review_item set state = 'CLAIMED', reviewer = ?, lease_until = ?, claims = claims + 1"
        + " where id = (select id from review_item where queue = ? and " + WAITING
        + " order by priority desc, offered_at, id limit 1" + db.dialect().skipLocked() + ")"
        + " and " + WAITING + " returning " + COLUMNS;
  }

  /**
   * Stores the item (nothing if its decision is stored already), redacted and encoded in the
   * calling thread: committed before this returns in synchronous mode; in group mode handed to the
   * writer thread, which stores it with the next group commit.
   *
   * @return {@code true}: a database queue has no capacity limit
   * @throws StoreException if it cannot be stored
   */
  @Override
  public boolean offer(ReviewItem item) {
    Writes.Offer w = writes.offer(item, clock.millis());
    if (group != null) {
      group.add(w);
      return true;
    }
    try {
      db.inTransaction(c -> {
        writes.store(c, List.of(w));
        return Boolean.TRUE;
      });
      return true;
    } catch (SQLException e) {
      failures.incrementAndGet();
      throw new StoreException("cannot store the review item of decision " + item.id() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public int size() {
    long open = query(c -> {
      try (PreparedStatement s = c.prepareStatement("select count(*) from review_item where state <> 'RESOLVED'");
          ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    });
    return (int) Math.min(Integer.MAX_VALUE, open);
  }

  @Override
  public Optional<ReviewTask> claim(String queue, String reviewer, Duration lease) {
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease must be positive: " + lease);
    }
    requireText(reviewer, "reviewer");
    return query(c -> {
      long now = clock.millis();
      try (PreparedStatement s = c.prepareStatement(claimSql)) {
        s.setString(1, reviewer);
        s.setLong(2, now + lease.toMillis());
        s.setString(3, queue);
        s.setLong(4, now);
        s.setLong(5, now);
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? Optional.of(task(r)) : Optional.<ReviewTask>empty();
        }
      }
    });
  }

  @Override
  public boolean release(String itemId, String reviewer) {
    return query(c -> {
      try (PreparedStatement s = c.prepareStatement("update review_item set state = 'WAITING', lease_until = null"
          + " where decision_id = ? and state = 'CLAIMED' and reviewer = ? and lease_until > ?")) {
        s.setString(1, itemId);
        s.setString(2, reviewer);
        s.setLong(3, clock.millis());
        return s.executeUpdate() == 1;
      }
    });
  }

  @Override
  public LabelledExample resolve(String itemId, Resolution resolution) {
    Instant now = clock.instant();
    return query(c -> {
      ReviewTask t;
      String input;
      try (PreparedStatement s = c.prepareStatement("update review_item set state = 'RESOLVED',"
          + " resolved_at = ?, lease_until = null"
          + " where decision_id = ? and state = 'CLAIMED' and reviewer = ? and lease_until > ? returning " + COLUMNS)) {
        s.setLong(1, now.toEpochMilli());
        s.setString(2, itemId);
        s.setString(3, resolution.reviewer());
        s.setLong(4, now.toEpochMilli());
        try (ResultSet r = s.executeQuery()) {
          if (!r.next()) {
            throw refusal(c, itemId, resolution.reviewer(), now);
          }
          t = task(r);
          input = r.getString(10);
        }
      }
      // the reviewer's free text may name personal values: redact it against the item's tokens
      List<String> tokens = Codec.storedTokens(input);
      try (PreparedStatement s = c.prepareStatement("update review_item set resolution = ? where decision_id = ?")) {
        s.setString(1, codec.resolution(resolution, tokens));
        s.setString(2, itemId);
        s.executeUpdate();
      }
      LabelledExample e = LabelledExample.override(
          t.item(), resolution.reviewer(), resolution.action(), resolution.label(), resolution.reason(), now);
      JdbcFeedbackLog.insert(c, codec, e, tokens);
      return e;
    });
  }

  private RuntimeException refusal(Connection c, String itemId, String reviewer, Instant now) throws SQLException {
    Optional<ReviewTask> t = find(c, itemId);
    if (t.isEmpty()) {
      return new NoSuchElementException("no review item " + itemId);
    }
    ReviewTask task = t.get();
    if (task.state() == ReviewState.RESOLVED) {
      return new IllegalStateException("review item " + itemId + " is resolved already (by " + task.reviewer() + ")");
    }
    String why = task.state() == ReviewState.CLAIMED && task.stateAt(now) == ReviewState.WAITING
        ? "the lease of " + task.reviewer() + " expired at " + task.leaseUntil()
        : task.state() == ReviewState.CLAIMED ? "claimed by " + task.reviewer() : "not claimed";
    return new IllegalStateException("reviewer " + reviewer + " holds no current claim on review item " + itemId + " (" + why + ")");
  }

  @Override
  public int expireLeases() {
    return query(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "update review_item set state = 'WAITING', lease_until = null where state = 'CLAIMED' and lease_until <= ?")) {
        s.setLong(1, clock.millis());
        return s.executeUpdate();
      }
    });
  }

  @Override
  public Optional<ReviewTask> find(String itemId) {
    return query(c -> find(c, itemId));
  }

  private Optional<ReviewTask> find(Connection c, String itemId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("select " + COLUMNS + " from review_item where decision_id = ?")) {
      s.setString(1, itemId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(task(r)) : Optional.empty();
      }
    }
  }

  @Override
  public List<ReviewTask> list(ReviewFilter filter) {
    return query(c -> {
      List<Object> args = new ArrayList<>();
      String where = where(filter, args);
      try (PreparedStatement s = c.prepareStatement("select " + COLUMNS + " from review_item" + where
          + " order by priority desc, offered_at, id limit " + filter.limit())) {
        bind(s, args);
        List<ReviewTask> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            out.add(task(r));
          }
        }
        return out;
      }
    });
  }

  @Override
  public long count(ReviewFilter filter) {
    return query(c -> {
      List<Object> args = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("select count(*) from review_item" + where(filter, args))) {
        bind(s, args);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          return r.getLong(1);
        }
      }
    });
  }

  @Override
  public SlaReport slaReport(Duration sla) {
    Instant now = clock.instant();
    long due = now.minus(sla).toEpochMilli();
    return query(c -> {
      Map<String, Long> open = new TreeMap<>();
      Map<String, Long> overdue = new TreeMap<>();
      try (PreparedStatement s = c.prepareStatement("select queue, count(*), sum(case when offered_at < ? then 1 else 0 end)"
          + " from review_item where state <> 'RESOLVED' group by queue")) {
        s.setLong(1, due);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            open.put(r.getString(1), r.getLong(2));
            if (r.getLong(3) > 0) {
              overdue.put(r.getString(1), r.getLong(3));
            }
          }
        }
      }
      List<ReviewTask> oldest = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("select " + COLUMNS + " from review_item"
          + " where state <> 'RESOLVED' and offered_at < ? order by offered_at, id limit 100")) {
        s.setLong(1, due);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            oldest.add(task(r));
          }
        }
      }
      return new SlaReport(now, sla, open, overdue, oldest);
    });
  }

  private String where(ReviewFilter f, List<Object> args) {
    List<String> terms = new ArrayList<>();
    long now = clock.millis();
    if (f.queue() != null) {
      terms.add("queue = ?");
      args.add(f.queue());
    }
    if (f.state() != null) {
      switch (f.state()) {
        case WAITING -> {
          terms.add(WAITING);
          args.add(now);
        }
        case CLAIMED -> {
          terms.add("(state = 'CLAIMED' and lease_until > ?)");
          args.add(now);
        }
        case RESOLVED -> terms.add("state = 'RESOLVED'");
      }
    }
    if (f.offeredBefore() != null) {
      terms.add("offered_at < ?");
      args.add(f.offeredBefore().toEpochMilli());
    }
    return terms.isEmpty() ? "" : " where " + String.join(" and ", terms);
  }

  private static void bind(PreparedStatement s, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      Object a = args.get(i);
      if (a instanceof Long n) {
        s.setLong(i + 1, n);
      } else {
        s.setString(i + 1, a.toString());
      }
    }
  }

  private static ReviewTask task(ResultSet r) throws SQLException {
    ReviewItem item = new ReviewItem(Codec.readDecision(r.getString(9)), Codec.readInput(r.getString(10)));
    long lease = r.getLong(6);
    Instant leaseUntil = r.wasNull() ? null : Instant.ofEpochMilli(lease);
    String resolution = r.getString(11);
    long resolvedAt = r.getLong(12);
    Instant resolved = r.wasNull() ? null : Instant.ofEpochMilli(resolvedAt);
    return new ReviewTask(item, r.getString(2), r.getInt(3), ReviewState.valueOf(r.getString(4)), r.getString(5),
        leaseUntil, Instant.ofEpochMilli(r.getLong(7)), r.getInt(8),
        resolution == null ? null : Codec.readResolution(resolution), resolved);
  }

  private <T> T query(Connections.Work<T> work) {
    try {
      return db.inTransaction(work);
    } catch (SQLException e) {
      throw new StoreException("review queue: " + e.getMessage(), e);
    }
  }

  private static void requireText(String value, String what) {
    if (value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
  }
}
