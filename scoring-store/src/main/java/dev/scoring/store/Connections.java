package dev.scoring.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The store's connections: from the host's {@link DataSource} (its pool), or a small pool of its
 * own over a JDBC URL. Every unit of work runs in one transaction; a connection that failed is
 * closed rather than reused.
 */
final class Connections implements AutoCloseable {

  /** Work in a transaction. */
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** The page size of new SQLite databases, in bytes. */
  static final int SQLITE_PAGE_SIZE = 16384;

  private final @Nullable DataSource dataSource;
  private final @Nullable String url;
  private final Properties properties;
  private final Dialect dialect;
  private final BlockingQueue<Connection> idle;
  private final java.util.concurrent.Semaphore permits;
  private volatile boolean closed;

  Connections(@Nullable DataSource dataSource, @Nullable String url, Properties properties, Dialect dialect, int size) {
    this.dataSource = dataSource;
    this.url = url;
    this.properties = properties;
    this.dialect = dialect;
    this.idle = new ArrayBlockingQueue<>(size);
    this.permits = new java.util.concurrent.Semaphore(size, true);
  }

  Dialect dialect() {
    return dialect;
  }

  /** Runs {@code work} in one transaction and commits; rolls back and throws on any failure. */
  <T> T inTransaction(Work<T> work) throws SQLException {
    Connection c = borrow();
    boolean broken = false;
    try {
      T result = work.run(c);
      c.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        c.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
        broken = true;
      }
      if (e instanceof SQLException) {
        broken = broken || !c.isValid(1);
      }
      throw e;
    } finally {
      giveBack(c, broken);
    }
  }

  private Connection borrow() throws SQLException {
    if (closed) {
      throw new SQLException("the store is closed");
    }
    try {
      if (!permits.tryAcquire(30, TimeUnit.SECONDS)) {
        throw new SQLException("no database connection free within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for a connection", e);
    }
    Connection c = idle.poll();
    if (c != null) {
      return c;
    }
    try {
      return open();
    } catch (SQLException | RuntimeException e) {
      permits.release();
      throw e;
    }
  }

  private void giveBack(Connection c, boolean broken) {
    try {
      if (broken || closed || dataSource != null) {
        close(c);
      } else {
        idle.offer(c);
      }
    } finally {
      permits.release();
    }
  }

  private Connection open() throws SQLException {
    Connection c = dataSource != null ? dataSource.getConnection() : DriverManager.getConnection(url, properties);
    if (dialect == Dialect.SQLITE) {
      try (Statement s = c.createStatement()) {
        s.execute("pragma busy_timeout = 30000");
        // a new database only (before WAL mode and its first table): 16 KiB pages hold several
        // audit records and review items each, where 4 KiB pages hold one or two, so a commit
        // writes and splits far fewer pages; an existing database keeps its page size
        s.execute("pragma page_size = " + SQLITE_PAGE_SIZE);
        s.execute("pragma journal_mode = WAL");
        // FULL: a commit in WAL mode reaches the device before it returns
        s.execute("pragma synchronous = FULL");
      }
    }
    c.setAutoCommit(false);
    return c;
  }

  private static void close(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // the connection is gone either way
    }
  }

  @Override
  public void close() {
    closed = true;
    Connection c;
    while ((c = idle.poll()) != null) {
      close(c);
    }
  }
}
