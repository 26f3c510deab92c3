package dev.scoring.store;

import dev.scoring.review.FeedbackLog;
import dev.scoring.review.LabelledExample;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The store's {@link FeedbackLog}: labelled examples in table {@code feedback}, their inputs
 * redacted. Overrides are written by {@link JdbcReviewQueue#resolve} in the resolution's own
 * transaction; observed outcomes by {@link #record}. Thread-safe.
 */
public final class JdbcFeedbackLog implements FeedbackLog {

  private final Connections db;
  private final Codec codec;

  JdbcFeedbackLog(Connections db, Codec codec) {
    this.db = db;
    this.codec = codec;
  }

  /**
   * Stores an example (committed when this returns).
   *
   * @throws StoreException if it cannot be stored
   */
  @Override
  public void record(LabelledExample example) {
    try {
      db.inTransaction(c -> {
        insert(c, codec, example, codec.tokens(example.input()));
        return Boolean.TRUE;
      });
    } catch (SQLException e) {
      throw new StoreException("cannot store the labelled example of decision " + example.decisionId() + ": " + e.getMessage(), e);
    }
  }

  /** Every example, oldest first; redacted values read back as missing. */
  @Override
  public List<LabelledExample> examples() {
    return examples(Integer.MAX_VALUE);
  }

  /** The newest {@code limit} examples, oldest first. */
  public List<LabelledExample> examples(int limit) {
    try {
      return db.inTransaction(c -> {
        List<LabelledExample> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
            "select example from (select id, example from feedback order by id desc limit ?) t order by id")) {
          s.setInt(1, limit);
          try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
              out.add(Codec.readExample(r.getString(1)));
            }
          }
        }
        return out;
      });
    } catch (SQLException e) {
      throw new StoreException("cannot read the feedback log: " + e.getMessage(), e);
    }
  }

  /** How many examples the log holds. */
  public long count() {
    try {
      return db.inTransaction(c -> {
        try (PreparedStatement s = c.prepareStatement("select count(*) from feedback"); ResultSet r = s.executeQuery()) {
          r.next();
          return r.getLong(1);
        }
      });
    } catch (SQLException e) {
      throw new StoreException("cannot read the feedback log: " + e.getMessage(), e);
    }
  }

  /** Inserts {@code e}; its free text is redacted against the record's personal-value {@code tokens} too. */
  static void insert(Connection c, Codec codec, LabelledExample e, List<String> tokens) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "insert into feedback (decision_id, reviewer, label, recorded_at, example) values (?, ?, ?, ?, ?)")) {
      s.setString(1, e.decisionId());
      s.setString(2, e.reviewerId());
      s.setString(3, e.label());
      s.setLong(4, e.recordedAt().toEpochMilli());
      s.setString(5, codec.example(e, tokens));
      s.executeUpdate();
    }
  }
}
