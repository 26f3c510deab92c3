package dev.scoring.store;

import dev.scoring.review.AuditChain;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** The inserts a decision causes (its review item and its audit entry), for one or many decisions in one transaction. */
final class Writes {

  /** A review item ready to insert. */
  record Item(String decisionId, String queue, int priority, long offeredAt, String decision, String input) {}

  /** An audit entry ready to insert. @param entry the chained entry @param decisionId its decision */
  record Audit(AuditChain.Entry entry, String decisionId) {}

  private Writes() {}

  /** Inserts items (those whose decision is already stored are left as they are) and audit entries. */
  static void store(Connection c, List<Item> items, List<Audit> audits) throws SQLException {
    if (!items.isEmpty()) {
      try (PreparedStatement s = c.prepareStatement(
          "insert into review_item (decision_id, queue, priority, state, claims, offered_at, decision, input)"
              + " values (?, ?, ?, 'WAITING', 0, ?, ?, ?) on conflict (decision_id) do nothing")) {
        for (Item i : items) {
          s.setString(1, i.decisionId());
          s.setString(2, i.queue());
          s.setInt(3, i.priority());
          s.setLong(4, i.offeredAt());
          s.setString(5, i.decision());
          s.setString(6, i.input());
          s.addBatch();
        }
        s.executeBatch();
      }
    }
    if (!audits.isEmpty()) {
      try (PreparedStatement s = c.prepareStatement(
          "insert into audit_record (chain, seq, decision_id, prev_hash, hash, record) values (?, ?, ?, ?, ?, ?)")) {
        for (Audit a : audits) {
          AuditChain.Entry e = a.entry();
          s.setString(1, e.chain());
          s.setLong(2, e.seq());
          s.setString(3, a.decisionId());
          s.setString(4, e.prev());
          s.setString(5, e.hash());
          s.setString(6, e.record());
          s.addBatch();
        }
        s.executeBatch();
      }
      AuditChain.Entry last = audits.get(audits.size() - 1).entry();
      try (PreparedStatement s = c.prepareStatement(
          "insert into audit_head (chain, seq, hash) values (?, ?, ?)"
              + " on conflict (chain) do update set seq = excluded.seq, hash = excluded.hash")) {
        s.setString(1, last.chain());
        s.setLong(2, last.seq());
        s.setString(3, last.hash());
        s.executeUpdate();
      }
    }
  }
}
