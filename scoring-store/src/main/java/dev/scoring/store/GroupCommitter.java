package dev.scoring.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Group commit: a deciding thread hands its write (review item or audit record, already redacted
 * and encoded) to one writer thread, which chains and stores everything that gathered meanwhile in
 * one transaction ({@link Writes#store}), then the next gathering. The hand-off is bounded: when
 * {@link #CAPACITY} writes wait, deciding threads wait for the writer (backpressure) instead of
 * piling up. A failed commit is counted, retried (its writes stay in order at the front) and,
 * until a commit succeeds again, makes every new write fail at once so decisions show it.
 */
final class GroupCommitter implements AutoCloseable {

  /** How many writes may wait for the writer before deciding threads wait too. */
  static final int CAPACITY = 4096;

  private final Connections db;
  private final Writes writes;
  private final AtomicLong failures;
  private final Thread thread;
  private ArrayList<Writes.Write> pending = new ArrayList<>(CAPACITY);
  private ArrayList<Writes.Write> spare = new ArrayList<>(CAPACITY);
  private long enqueued;
  private long committed;
  private long batches;
  private volatile @Nullable Exception failure;
  private boolean closing;

  GroupCommitter(Connections db, Writes writes, AtomicLong failures) {
    this.db = db;
    this.writes = writes;
    this.failures = failures;
    this.thread = new Thread(this::run, "scoring-store group commit " + writes.chain());
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /**
   * Queues a write, in the order the writes are to be stored (audit records are chained in this
   * order); waits while {@link #CAPACITY} writes are pending.
   *
   * @throws StoreException if the last commit failed or the store is closed
   */
  synchronized void add(Writes.Write write) {
    while (true) {
      Exception f = failure;
      if (f != null) {
        throw new StoreException("the store's last group commit failed; decisions are not being stored: " + f.getMessage(), f);
      }
      if (closing) {
        throw new StoreException("the store is closed");
      }
      if (pending.size() < CAPACITY) {
        break;
      }
      waitQuietly(10);
    }
    if (pending.isEmpty()) {
      notifyAll();
    }
    pending.add(write);
    enqueued++;
  }

  /**
   * Waits until everything queued so far is committed.
   *
   * @throws StoreException if commits fail meanwhile
   */
  synchronized void flush() {
    long target = enqueued;
    while (committed < target) {
      Exception f = failure;
      if (f != null) {
        throw new StoreException("group commit failed: " + f.getMessage(), f);
      }
      waitQuietly(50);
    }
  }

  /** How many transactions were committed. */
  synchronized long batches() {
    return batches;
  }

  private void run() {
    ArrayList<Writes.Write> batch = spare;
    boolean retry = false;
    while (true) {
      synchronized (this) {
        if (!retry) {
          while (pending.isEmpty() && !closing) {
            waitQuietly(1000);
          }
          if (pending.isEmpty()) {
            return;
          }
          batch = pending;
          pending = spare;
          notifyAll();
        }
      }
      try {
        ArrayList<Writes.Write> b = batch;
        db.inTransaction(c -> {
          writes.store(c, b);
          return Boolean.TRUE;
        });
        synchronized (this) {
          committed += batch.size();
          batches++;
          failure = null;
          batch.clear();
          spare = batch;
          retry = false;
          notifyAll();
        }
      } catch (SQLException | RuntimeException e) {
        failures.incrementAndGet();
        synchronized (this) {
          failure = e;
          retry = true;
          batch.addAll(pending);
          pending.clear();
          notifyAll();
          if (closing) {
            pending = batch;
            return;
          }
          waitQuietly(100);
        }
      }
    }
  }

  private void waitQuietly(long millis) {
    try {
      wait(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for the group commit");
    }
  }

  /**
   * Commits what is pending and stops the writer.
   *
   * @throws StoreException if the pending writes cannot be committed (they are lost with the process)
   */
  @Override
  public void close() {
    synchronized (this) {
      closing = true;
      notifyAll();
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      long lost = pending.size();
      if (lost > 0) {
        throw new StoreException(lost + " writes could not be committed before closing: " + failure);
      }
    }
  }
}
