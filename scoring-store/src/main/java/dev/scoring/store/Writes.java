package dev.scoring.store;

import dev.scoring.api.Decision;
import dev.scoring.api.Features;
import dev.scoring.review.AuditChain;
import dev.scoring.review.AuditRecord;
import dev.scoring.review.ReviewItem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The inserts decisions cause (review items and audit entries), for one decision (synchronous
 * mode) or a whole group commit. A write is encoded (redacted JSON) by the thread that makes it,
 * so that the transaction that stores it, serial by nature, only chains and inserts.
 *
 * <p>The audit chain continues from the head the database holds, read under the database's
 * write lock (SQLite: the transaction's first statement is a write; PostgreSQL: the head row is
 * selected {@code for update}), so any number of writers, in one process or several, may append to
 * the same chain: their transactions are serialized and each extends the head the last one committed.
 */
final class Writes {

  /** A write waiting to be stored, already encoded. */
  sealed interface Write permits Offer, Record {}

  /**
   * A review item, offered at {@code offeredAt} (epoch ms).
   *
   * @param decision the decision's JSON (its audit record's shape), redacted
   * @param input the input's JSON ({@link Codec#input}), redacted
   */
  record Offer(String id, String queue, int priority, long offeredAt, String decision, String input) implements Write {}

  /**
   * An audit record.
   *
   * @param json the record's JSON ({@link AuditRecord#toJson(dev.scoring.review.Redaction)}), redacted
   */
  record Record(String decisionId, String json) implements Write {}

  /** The JSON of the last decision a thread encoded for a review item, which its audit record reuses. */
  private record Encoded(Decision decision, long inputDigest, String json) {}

  private final Codec codec;
  private final String chain;
  private final String headSql;
  private final ThreadLocal<@Nullable Encoded> lastOffered = new ThreadLocal<>();

  Writes(Codec codec, String chain, Dialect dialect) {
    this.codec = codec;
    this.chain = chain;
    this.headSql = "select seq, hash from audit_head where chain = ?" + dialect.forUpdate();
  }

  /** The chain this store appends to. */
  String chain() {
    return chain;
  }

  /** Encodes (and redacts) a review item, in the calling thread. */
  Offer offer(ReviewItem item, long offeredAt) {
    Features input = item.input();
    long digest = input.digest();
    String json = codec.decision(item.decision(), digest, input);
    lastOffered.set(new Encoded(item.decision(), digest, json));
    return new Offer(item.id(), item.queue(), item.priority(), offeredAt, json, codec.input(input));
  }

  /**
   * Encodes (and redacts) an audit record, in the calling thread; the record's input is not kept.
   * A pipeline audits the very decision it has just offered for review: that JSON is reused.
   */
  Record record(AuditRecord record) {
    Encoded last = lastOffered.get();
    String json;
    if (last != null && last.decision() == record.decision() && last.inputDigest() == record.inputDigest()
        && record.input() != null) {
      json = last.json();
    } else {
      json = record.toJson(codec.redaction());
    }
    lastOffered.remove();
    return new Record(record.decision().id(), json);
  }

  /**
   * Inserts {@code writes} in order: items (those whose decision is stored already are left as
   * they are) and audit entries, chained after the stored head, which moves to the last one.
   */
  void store(Connection c, List<? extends Write> writes) throws SQLException {
    boolean audits = false;
    boolean items = false;
    for (Write w : writes) {
      audits |= w instanceof Record;
      items |= w instanceof Offer;
    }
    AuditChain ch = audits ? lockHead(c) : AuditChain.start(chain);
    try (PreparedStatement itemInsert = c.prepareStatement(
            "insert into review_item (decision_id, queue, priority, state, claims, offered_at, decision, input)"
                + " values (?, ?, ?, 'WAITING', 0, ?, ?, ?) on conflict (decision_id) do nothing");
        PreparedStatement auditInsert = c.prepareStatement(
            "insert into audit_record (chain, seq, decision_id, prev_hash, hash, record) values (?, ?, ?, ?, ?, ?)")) {
      for (Write w : writes) {
        if (w instanceof Offer o) {
          itemInsert.setString(1, o.id());
          itemInsert.setString(2, o.queue());
          itemInsert.setInt(3, o.priority());
          itemInsert.setLong(4, o.offeredAt());
          itemInsert.setString(5, o.decision());
          itemInsert.setString(6, o.input());
          itemInsert.addBatch();
        } else if (w instanceof Record r) {
          AuditChain.Entry e = ch.append(r.json());
          auditInsert.setString(1, e.chain());
          auditInsert.setLong(2, e.seq());
          auditInsert.setString(3, r.decisionId());
          auditInsert.setString(4, e.prev());
          auditInsert.setString(5, e.hash());
          auditInsert.setString(6, r.json());
          auditInsert.addBatch();
        }
      }
      if (items) {
        itemInsert.executeBatch();
      }
      if (audits) {
        auditInsert.executeBatch();
      }
    }
    if (audits) {
      AuditChain.Head last = ch.head();
      try (PreparedStatement s = c.prepareStatement("update audit_head set seq = ?, hash = ? where chain = ?")) {
        s.setLong(1, last.seq());
        s.setString(2, last.hash());
        s.setString(3, chain);
        s.executeUpdate();
      }
    }
  }

  /** Takes the write lock (a write first), then reads the chain's head under it. */
  private AuditChain lockHead(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "insert into audit_head (chain, seq, hash) values (?, 0, ?) on conflict (chain) do nothing")) {
      s.setString(1, chain);
      s.setString(2, AuditChain.GENESIS);
      s.executeUpdate();
    }
    try (PreparedStatement s = c.prepareStatement(headSql)) {
      s.setString(1, chain);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw new SQLException("the head of audit chain " + chain + " vanished inside its transaction");
        }
        return new AuditChain(new AuditChain.Head(chain, r.getLong(1), r.getString(2)));
      }
    }
  }
}
