package dev.scoring.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The store's schema as numbered migrations. Opening a store applies those it lacks, each in its
 * own transaction, and records them in {@code scoring_schema_version}; a database whose schema is
 * newer than this library's is refused.
 */
final class Migrations {

  /** One schema step. @param version its number @param description what it does @param statements its SQL */
  record Migration(int version, String description, List<String> statements) {}

  private Migrations() {}

  static List<Migration> all(Dialect d) {
    return List.of(
        new Migration(1, "review items, feedback, audit chain", List.of(
            "create table review_item ("
                + " id " + d.idColumn() + ","
                + " decision_id varchar(200) not null unique,"
                + " queue varchar(200) not null,"
                + " priority integer not null,"
                + " state varchar(10) not null,"
                + " reviewer varchar(200),"
                + " lease_until bigint,"
                + " offered_at bigint not null,"
                + " claims integer not null,"
                + " decision text not null,"
                + " input text not null,"
                + " resolution text,"
                + " resolved_at bigint)",
            "create index review_item_claim on review_item (queue, state, priority, offered_at)",
            "create table feedback ("
                + " id " + d.idColumn() + ","
                + " decision_id varchar(200) not null,"
                + " reviewer varchar(200),"
                + " label varchar(200) not null,"
                + " recorded_at bigint not null,"
                + " example text not null)",
            "create table audit_record ("
                + " chain varchar(100) not null,"
                + " seq bigint not null,"
                + " decision_id varchar(200) not null,"
                + " prev_hash char(64) not null,"
                + " hash char(64) not null,"
                + " record text not null,"
                + " primary key (chain, seq))",
            "create table audit_head ("
                + " chain varchar(100) primary key,"
                + " seq bigint not null,"
                + " hash char(64) not null)")),
        new Migration(2, "indexes for SLA reports and lookups by decision", List.of(
            "create index review_item_age on review_item (state, offered_at)",
            "create index feedback_decision on feedback (decision_id)",
            "create index audit_record_decision on audit_record (decision_id)")),
        new Migration(3, "model versions and champion history", List.of(
            "create table model_version ("
                + " model_id varchar(100) not null,"
                + " version integer not null,"
                + " type varchar(100) not null,"
                + " digest varchar(100) not null,"
                + " state varchar(10) not null,"
                + " author varchar(200) not null,"
                + " created_at varchar(40) not null,"
                + " training_data text not null,"
                + " metrics text not null,"
                + " note text not null,"
                + " content " + d.blobType() + " not null,"
                + " primary key (model_id, version))",
            "create table model_champion ("
                + " model_id varchar(100) not null,"
                + " seq integer not null,"
                + " version integer not null,"
                + " primary key (model_id, seq))")));
  }

  /** The newest schema version this library knows. */
  static int latest(Dialect d) {
    List<Migration> all = all(d);
    return all.get(all.size() - 1).version();
  }

  /**
   * Brings the schema up to {@code target}.
   *
   * @return the version the database had before
   * @throws StoreException if its schema is newer than this library's
   */
  static int migrate(Connection c, Dialect d, int target, long now) throws SQLException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("create table if not exists scoring_schema_version ("
          + " version integer primary key, description varchar(200) not null, applied_at bigint not null)");
      c.commit();
      if (d == Dialect.POSTGRESQL) {
        s.execute("lock table scoring_schema_version in exclusive mode");
      }
      int current = current(s);
      if (current > latest(d)) {
        c.rollback();
        throw new StoreException("the database schema is version " + current + ", newer than version " + latest(d)
            + " that this library knows; use a newer scoring-store or another database");
      }
      for (Migration m : all(d)) {
        if (m.version() <= current || m.version() > target) {
          continue;
        }
        for (String sql : m.statements()) {
          s.execute(sql);
        }
        s.execute("insert into scoring_schema_version (version, description, applied_at) values ("
            + m.version() + ", '" + m.description() + "', " + now + ")");
        c.commit();
        if (d == Dialect.POSTGRESQL) {
          s.execute("lock table scoring_schema_version in exclusive mode");
        }
      }
      c.commit();
      return current;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }

  /** The schema version of the database (0 if it has none). */
  static int current(Statement s) throws SQLException {
    try (ResultSet r = s.executeQuery("select max(version) from scoring_schema_version")) {
      r.next();
      return r.getInt(1);
    }
  }
}
