package dev.scoring.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Group commit: decisions' review items and audit entries wait in memory and one writer thread
 * stores everything that has gathered in one transaction, then the next gathering. Under load a
 * transaction holds many decisions; idle, a decision waits for one commit. A failed commit is
 * counted, retried (the writes stay in order at the front) and, until a commit succeeds again,
 * makes every new write fail at once so decisions show it.
 */
final class GroupCommitter implements AutoCloseable {

  private static final int MAX_PENDING = 200_000;

  private final Connections db;
  private final AtomicLong failures;
  private final Thread thread;
  private List<Writes.Item> items = new ArrayList<>();
  private List<Writes.Audit> audits = new ArrayList<>();
  private long enqueued;
  private long committed;
  private long batches;
  private volatile @Nullable Exception failure;
  private boolean closing;

  GroupCommitter(Connections db, AtomicLong failures, String name) {
    this.db = db;
    this.failures = failures;
    this.thread = new Thread(this::run, "scoring-store group commit " + name);
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Queues an item; must be called in the order the writes are to be stored. */
  synchronized void add(Writes.Item item) {
    admit();
    items.add(item);
    enqueued++;
  }

  /** Queues an audit entry; callers hold their chain's lock so entries queue in chain order. */
  synchronized void add(Writes.Audit audit) {
    admit();
    audits.add(audit);
    enqueued++;
  }

  /** Throws if the last commit failed; waits while too much is pending. */
  synchronized void admit() {
    Exception f = failure;
    if (f != null) {
      throw new StoreException("the store's last group commit failed; decisions are not being stored: " + f.getMessage(), f);
    }
    if (closing) {
      throw new StoreException("the store is closed");
    }
    while (items.size() + audits.size() >= MAX_PENDING && failure == null) {
      waitQuietly(10);
    }
    if (items.isEmpty() && audits.isEmpty()) {
      notifyAll();
    }
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
      notifyAll();
      waitQuietly(50);
    }
  }

  /** How many transactions were committed. */
  synchronized long batches() {
    return batches;
  }

  private void run() {
    while (true) {
      List<Writes.Item> takeItems;
      List<Writes.Audit> takeAudits;
      synchronized (this) {
        while (items.isEmpty() && audits.isEmpty() && !closing) {
          waitQuietly(1000);
        }
        if (items.isEmpty() && audits.isEmpty() && closing) {
          return;
        }
        takeItems = items;
        takeAudits = audits;
        items = new ArrayList<>();
        audits = new ArrayList<>();
      }
      try {
        db.inTransaction(c -> {
          Writes.store(c, takeItems, takeAudits);
          return Boolean.TRUE;
        });
        synchronized (this) {
          committed += takeItems.size() + takeAudits.size();
          batches++;
          failure = null;
          notifyAll();
        }
      } catch (SQLException | RuntimeException e) {
        failures.incrementAndGet();
        synchronized (this) {
          failure = e;
          takeItems.addAll(items);
          takeAudits.addAll(audits);
          items = takeItems;
          audits = takeAudits;
          notifyAll();
          if (closing) {
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
      long lost = items.size() + audits.size();
      if (lost > 0) {
        throw new StoreException(lost + " writes could not be committed before closing: " + failure);
      }
    }
  }
}
