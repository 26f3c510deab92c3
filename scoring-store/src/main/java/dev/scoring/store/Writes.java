package dev.scoring.store;

import dev.scoring.api.Features;
import dev.scoring.review.AuditChain;
import dev.scoring.review.AuditRecord;
import dev.scoring.review.ReviewItem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The inserts decisions cause (review items and audit entries), encoded and chained inside the
 * transaction that stores them, for one decision (synchronous mode) or a whole group commit.
 *
 * <p>The audit chain continues from the head the database holds, read under the database's
 * write lock (SQLite: the transaction's first statement is a write; PostgreSQL: the head row is
 * selected {@code for update}), so any number of writers, in one process or several, may append to
 * the same chain: their transactions are serialized and each extends the head the last one committed.
 */
final class Writes {

  /** A write waiting to be stored. */
  sealed interface Write permits Offer, Record {}

  /** A review item, offered at {@code offeredAt} (epoch ms). */
  record Offer(ReviewItem item, long offeredAt) implements Write {}

  /** An audit record; its input, if any, is an immutable snapshot. */
  record Record(AuditRecord record) implements Write {}

  private final Codec codec;
  private final String chain;
  private final String headSql;

  Writes(Codec codec, String chain, Dialect dialect) {
    this.codec = codec;
    this.chain = chain;
    this.headSql = "select seq, hash from audit_head where chain = ?" + dialect.forUpdate();
  }

  /** Whether redaction reads {@code input} (has personal values to find in texts). */
  boolean redacts(Features input) {
    return codec.redaction().appliesTo(input.schema());
  }

  /** The chain this store appends to. */
  String chain() {
    return chain;
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
          ReviewItem i = o.item();
          itemInsert.setString(1, i.id());
          itemInsert.setString(2, i.queue());
          itemInsert.setInt(3, i.priority());
          itemInsert.setLong(4, o.offeredAt());
          itemInsert.setString(5, codec.decision(i.decision(), i.input()));
          itemInsert.setString(6, codec.input(i.input()));
          itemInsert.addBatch();
        } else if (w instanceof Record r) {
          AuditChain.Entry e = ch.append(r.record().toJson(codec.redaction()));
          auditInsert.setString(1, e.chain());
          auditInsert.setLong(2, e.seq());
          auditInsert.setString(3, r.record().decision().id());
          auditInsert.setString(4, e.prev());
          auditInsert.setString(5, e.hash());
          auditInsert.setString(6, e.record());
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
