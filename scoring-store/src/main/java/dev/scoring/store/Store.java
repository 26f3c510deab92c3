package dev.scoring.store;

import dev.scoring.review.AuditChain;
import dev.scoring.review.AuditVerifier;
import dev.scoring.review.Redaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A durable home for the decision loop: a {@link JdbcReviewQueue} with the reviewer workflow, a
 * hash-chained {@link JdbcAuditSink}, a {@link JdbcFeedbackLog} and a {@link JdbcModelStore} of model
 * versions, in one SQLite file or one
 * PostgreSQL database. Opening it creates or migrates the schema.
 *
 * <pre>{@code
 * try (Store store = Store.sqlite(Path.of("data/scoring.db")).open()) {
 *   DecisionPipeline pipeline = DecisionPipeline.builder(schema)
 *       .reviewQueue(store.reviewQueue()).audit(store.audit()) ... .build();
 * }
 * }</pre>
 *
 * <p><b>Durability.</b> {@link Durability#SYNCHRONOUS}: when {@code decide} returns, its review
 * item and audit record are committed (SQLite: WAL with {@code synchronous=FULL}; PostgreSQL:
 * its commit). {@link Durability#GROUP}: they are queued and committed with the decisions that
 * gathered meanwhile in one transaction, normally within one or two commit times; {@link #flush()}
 * waits for it. In both modes a write that fails is counted ({@link #writeFailures()}) and thrown,
 * and the pipeline turns the decision into a visible review. Thread-safe.
 */
public final class Store implements AutoCloseable {

  /** When a decision's writes are durable. */
  public enum Durability {
    /** Committed before the call returns. */
    SYNCHRONOUS,
    /** Committed by the next group commit, in a batch with concurrent decisions. */
    GROUP
  }

  private final Connections db;
  private final Dialect dialect;
  private final int schemaBefore;
  private final AtomicLong failures = new AtomicLong();
  private final @Nullable GroupCommitter group;
  private final JdbcReviewQueue queue;
  private final JdbcAuditSink audit;
  private final JdbcFeedbackLog feedback;
  private final JdbcModelStore models;

  private Store(Builder b) throws SQLException {
    Properties props = new Properties();
    if (b.user != null) {
      props.setProperty("user", b.user);
    }
    if (b.password != null) {
      props.setProperty("password", b.password);
    }
    Dialect d;
    if (b.dataSource != null) {
      try (var c = b.dataSource.getConnection()) {
        DatabaseMetaData meta = c.getMetaData();
        d = Dialect.ofProduct(meta.getDatabaseProductName());
      }
    } else {
      d = Dialect.of(Objects.requireNonNull(b.url));
    }
    this.dialect = d;
    int size = b.connections > 0 ? b.connections : d == Dialect.SQLITE ? 1 : 4;
    this.db = new Connections(b.dataSource, b.url, props, d, size);
    try {
      this.schemaBefore = db.inTransaction(c -> Migrations.migrate(c, d, b.schemaVersion, b.clock.millis()));
      Codec codec = new Codec(b.redaction);
      Writes writes = new Writes(codec, b.chain, d);
      this.group = b.durability == Durability.GROUP ? new GroupCommitter(db, writes, failures) : null;
      this.queue = new JdbcReviewQueue(db, codec, writes, b.clock, group, failures);
      this.audit = new JdbcAuditSink(db, writes, group, failures);
      this.feedback = new JdbcFeedbackLog(db, codec);
      this.models = new JdbcModelStore(db);
    } catch (SQLException | RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** A store in the SQLite file {@code file} (created with its parent directories if missing). */
  public static Builder sqlite(Path file) {
    return new Builder("jdbc:sqlite:" + file.toAbsolutePath(), null, file);
  }

  /** A store at a JDBC URL ({@code jdbc:sqlite:...} or {@code jdbc:postgresql://...}). */
  public static Builder url(String jdbcUrl) {
    Dialect.of(jdbcUrl);
    return new Builder(jdbcUrl, null, null);
  }

  /** A store over the host's (pooled) data source, SQLite or PostgreSQL. */
  public static Builder dataSource(DataSource dataSource) {
    return new Builder(null, Objects.requireNonNull(dataSource), null);
  }

  /** The review queue with the reviewer workflow. */
  public JdbcReviewQueue reviewQueue() {
    return queue;
  }

  /** The hash-chained audit sink. */
  public JdbcAuditSink audit() {
    return audit;
  }

  /** The feedback log reviewers' resolutions go to. */
  public JdbcFeedbackLog feedback() {
    return feedback;
  }

  /** The model store: versions of model files, their states and champion history. */
  public JdbcModelStore models() {
    return models;
  }

  /** Verifies every audit chain in the database. */
  public List<AuditVerifier.Result> verifyAudit() {
    return audit.verify();
  }

  /** Where this store's audit chain ends. */
  public AuditChain.Head auditHead() {
    return audit.head();
  }

  /** The schema version the database had when this store opened it (0 for a new database). */
  public int schemaVersionBefore() {
    return schemaBefore;
  }

  /** The schema version this library writes. */
  public int schemaVersion() {
    return Migrations.latest(dialect);
  }

  /** Whether the database is PostgreSQL (else SQLite). */
  public boolean isPostgreSql() {
    return dialect == Dialect.POSTGRESQL;
  }

  /** How many writes (review items, audit records, group commits) failed since opening. */
  public long writeFailures() {
    return failures.get();
  }

  /** How many group commits were made (0 in synchronous mode). */
  public long groupCommits() {
    return group == null ? 0 : group.batches();
  }

  /**
   * Waits until every write so far is committed (at once in synchronous mode).
   *
   * @throws StoreException if a group commit fails meanwhile
   */
  public void flush() {
    if (group != null) {
      group.flush();
    }
  }

  /**
   * Commits what is pending and closes the connections.
   *
   * @throws StoreException if pending writes cannot be committed
   */
  @Override
  public void close() {
    try {
      if (group != null) {
        group.close();
      }
    } finally {
      db.close();
    }
  }

  /** Runs SQL on the store's database, for tests and tools (e.g. simulating tampering). */
  void execute(String sql) throws SQLException {
    db.inTransaction(c -> {
      try (Statement s = c.createStatement()) {
        s.execute(sql);
      }
      return Boolean.TRUE;
    });
  }

  /** Configures a {@link Store}; not thread-safe. */
  public static final class Builder {
    private final @Nullable String url;
    private final @Nullable DataSource dataSource;
    private final @Nullable Path file;
    private @Nullable String user;
    private @Nullable String password;
    private Durability durability = Durability.SYNCHRONOUS;
    private Redaction redaction = Redaction.none();
    private String chain = "main";
    private Clock clock = Clock.systemUTC();
    private int connections;
    private int schemaVersion = Integer.MAX_VALUE;

    private Builder(@Nullable String url, @Nullable DataSource dataSource, @Nullable Path file) {
      this.url = url;
      this.dataSource = dataSource;
      this.file = file;
    }

    /** The database user and password (URL stores only). */
    public Builder credentials(String user, String password) {
      this.user = user;
      this.password = password;
      return this;
    }

    /** When writes are durable (default {@link Durability#SYNCHRONOUS}). */
    public Builder durability(Durability durability) {
      this.durability = Objects.requireNonNull(durability);
      return this;
    }

    /** What is redacted before anything is written (default: nothing). */
    public Builder redaction(Redaction redaction) {
      this.redaction = Objects.requireNonNull(redaction);
      return this;
    }

    /**
     * The name of the audit chain this store appends to (default {@code "main"}). Any number of
     * processes may append to one chain: each transaction continues from the head the database
     * holds, under its write lock. Naming a chain per instance spares PostgreSQL writers waiting
     * for each other's head row; each chain verifies on its own.
     */
    public Builder chain(String name) {
      this.chain = AuditChain.requireName(name);
      return this;
    }

    /** The clock for offer, lease and resolution times (default UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** How many connections the store's own pool holds (default 1 for SQLite, 4 for PostgreSQL). */
    public Builder connections(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("connections must be at least 1: " + n);
      }
      this.connections = n;
      return this;
    }

    /** Migrates only up to {@code version} (for upgrade tests); default: the latest. */
    Builder schemaVersion(int version) {
      this.schemaVersion = version;
      return this;
    }

    /**
     * Opens the store, creating or migrating its schema.
     *
     * @throws StoreException if the database cannot be opened or its schema is newer than this library's
     */
    public Store open() {
      try {
        if (file != null && file.toAbsolutePath().getParent() != null) {
          Files.createDirectories(file.toAbsolutePath().getParent());
        }
        return new Store(this);
      } catch (SQLException e) {
        throw new StoreException("cannot open the store at " + (url != null ? url : dataSource) + ": " + e.getMessage(), e);
      } catch (java.io.IOException e) {
        throw new StoreException("cannot create the directory of " + file + ": " + e.getMessage(), e);
      }
    }
  }
}
