package dev.scoring.review;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An {@link AuditSink} appending one JSON object per line ({@link AuditRecord#toJson()}) to a
 * file, flushed after each record. The file is opened for append and never truncated.
 * Thread-safe; close it when the host shuts down.
 */
public final class JsonLinesAuditSink implements AuditSink, AutoCloseable {

  private final Path file;
  private final BufferedWriter out;
  private boolean closed;

  /**
   * Opens (or creates) {@code file} for appending.
   *
   * @throws UncheckedIOException if it cannot be opened
   */
  public JsonLinesAuditSink(Path file) {
    this.file = file;
    try {
      this.out = Files.newBufferedWriter(
          file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open audit file " + file, e);
    }
  }

  /**
   * Appends the record as a line and flushes.
   *
   * @throws UncheckedIOException if it cannot be written
   * @throws IllegalStateException if the sink is closed
   */
  @Override
  public synchronized void record(AuditRecord record) {
    if (closed) {
      throw new IllegalStateException("audit file " + file + " is closed");
    }
    try {
      out.write(record.toJson());
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to audit file " + file, e);
    }
  }

  /** Closes the file; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close audit file " + file, e);
    }
  }
}
