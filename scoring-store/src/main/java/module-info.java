import org.jspecify.annotations.NullMarked;

/**
 * Durable review queue, hash-chained audit trail and feedback log over JDBC: SQLite embedded,
 * PostgreSQL shared. Entry point: {@code dev.scoring.store.Store}.
 */
@NullMarked
module dev.scoring.store {
  requires transitive dev.scoring.api;
  requires transitive java.sql;
  requires com.fasterxml.jackson.core;
  requires static transitive org.jspecify;

  exports dev.scoring.store;
}
