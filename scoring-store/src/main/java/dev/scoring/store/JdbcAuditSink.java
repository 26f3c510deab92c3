package dev.scoring.store;

import dev.scoring.review.AuditChain;
import dev.scoring.review.AuditRecord;
import dev.scoring.review.AuditSink;
import dev.scoring.review.AuditVerifier;
import dev.scoring.review.Redaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The store's {@link AuditSink}: each record, redacted, becomes the next entry of this store's
 * hash chain in table {@code audit_record}, and {@code audit_head} keeps where the chain ends.
 * Each transaction chains its records after the head the database holds, read under the
 * database's write lock, so several writers (threads or processes) share one chain safely.
 * Synchronous mode commits before {@link #record} returns; group mode hands the record to the
 * writer thread for the next group commit. Thread-safe.
 */
public final class JdbcAuditSink implements AuditSink {

  private final Connections db;
  private final Writes writes;
  private final @Nullable GroupCommitter group;
  private final AtomicLong failures;

  JdbcAuditSink(Connections db, Writes writes, @Nullable GroupCommitter group, AtomicLong failures) {
    this.db = db;
    this.writes = writes;
    this.group = group;
    this.failures = failures;
  }

  /**
   * Redacts and encodes the record (in the calling thread), then chains and stores it: in
   * synchronous mode committed when this returns; in group mode handed to the writer thread,
   * which chains it with the next group commit.
   *
   * @throws StoreException if it cannot be stored (the chain stays as it was; the pipeline turns
   *     the decision into a visible review)
   */
  @Override
  public void record(AuditRecord record) {
    // encoded now: the pipeline may reuse its row once this returns
    Writes.Record w = writes.record(record);
    if (group != null) {
      group.add(w);
      return;
    }
    try {
      db.inTransaction(c -> {
        writes.store(c, List.of(w));
        return Boolean.TRUE;
      });
    } catch (SQLException | RuntimeException e) {
      failures.incrementAndGet();
      throw new StoreException("cannot store the audit record of decision " + record.decision().id() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Where this store's chain ends, as committed (every writer of the chain, in any process,
   * extends it; in group mode {@link Store#flush()} first to include this process's pending records).
   */
  public AuditChain.Head head() {
    try {
      return db.inTransaction(c -> head(c, writes.chain()));
    } catch (SQLException e) {
      throw new StoreException("cannot read the audit head: " + e.getMessage(), e);
    }
  }

  /** Verifies every chain in the database against its recorded head. */
  public List<AuditVerifier.Result> verify() {
    try {
      return db.inTransaction(c -> {
        List<AuditVerifier.Result> results = new ArrayList<>();
        List<String> chains = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
            "select chain from audit_head union select distinct chain from audit_record order by 1");
            ResultSet r = s.executeQuery()) {
          while (r.next()) {
            chains.add(r.getString(1));
          }
        }
        for (String name : chains) {
          results.add(AuditVerifier.verify(name, entries(c, name), storedHead(c, name)));
        }
        return results;
      });
    } catch (SQLException e) {
      throw new StoreException("cannot read the audit trail: " + e.getMessage(), e);
    }
  }

  /** How many audit records the database holds for {@code decisionId} (exactly 1 for every decision made). */
  public int count(String decisionId) {
    try {
      return db.inTransaction(c -> {
        try (PreparedStatement s = c.prepareStatement("select count(*) from audit_record where decision_id = ?")) {
          s.setString(1, decisionId);
          try (ResultSet r = s.executeQuery()) {
            r.next();
            return r.getInt(1);
          }
        }
      });
    } catch (SQLException e) {
      throw new StoreException("cannot read the audit trail: " + e.getMessage(), e);
    }
  }

  static List<AuditChain.Entry> entries(Connection c, String chain) throws SQLException {
    List<AuditChain.Entry> entries = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(
        "select seq, prev_hash, hash, record from audit_record where chain = ? order by seq")) {
      s.setString(1, chain);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          entries.add(new AuditChain.Entry(chain, r.getLong(1), r.getString(2), r.getString(3), r.getString(4)));
        }
      }
    }
    return entries;
  }

  private static AuditChain.@Nullable Head storedHead(Connection c, String chain) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("select seq, hash from audit_head where chain = ?")) {
      s.setString(1, chain);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? new AuditChain.Head(chain, r.getLong(1), r.getString(2)) : null;
      }
    }
  }

  private static AuditChain.Head head(Connection c, String chain) throws SQLException {
    AuditChain.Head h = storedHead(c, chain);
    return h != null ? h : new AuditChain.Head(chain, 0, AuditChain.GENESIS);
  }
}
