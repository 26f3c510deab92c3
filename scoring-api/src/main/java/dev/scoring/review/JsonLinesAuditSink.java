package dev.scoring.review;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An {@link AuditSink} appending one hash-chained JSON line per record ({@link AuditChain.Entry#line()})
 * to a file, with {@link Redaction} applied first; {@link AuditVerifier#verifyFile} checks it.
 *
 * <p>Next to the file, {@code FILE.head} holds the chain's name, last sequence number and hash,
 * rewritten after every record, so a trail cut at a line boundary is detected too. Reopening a
 * file continues its chain.
 *
 * <p><b>fsync policy.</b> With {@link Fsync#NEVER} (the default) each line is written to the
 * operating system before {@code record} returns: it survives the process being killed, not a
 * power loss or kernel crash. With {@link Fsync#EVERY_RECORD} the file (and its head) are forced
 * to the device before {@code record} returns: it survives a power loss, at the cost of one
 * device flush per decision. Thread-safe; close it when the host shuts down.
 */
public final class JsonLinesAuditSink implements AuditSink, AutoCloseable {

  /** When lines are forced to the storage device. */
  public enum Fsync {
    /** Written to the OS per record; survives a killed process, not a power loss. */
    NEVER,
    /** Forced to the device per record; survives a power loss. */
    EVERY_RECORD
  }

  private final Path file;
  private final FileChannel out;
  private final RandomAccessFile headFile;
  private final AuditChain chain;
  private final Redaction redaction;
  private final Fsync fsync;
  private boolean closed;

  /**
   * Opens (or creates) {@code file} for appending: chain {@code "main"}, no redaction, {@link Fsync#NEVER}.
   *
   * @throws UncheckedIOException if it cannot be opened
   */
  public JsonLinesAuditSink(Path file) {
    this(file, "main", Redaction.none(), Fsync.NEVER);
  }

  /**
   * Opens (or creates) {@code file} for appending, continuing the chain already in it.
   *
   * @param chainName the chain's name for a new file (an existing file keeps its own)
   * @throws UncheckedIOException if it cannot be opened
   * @throws IllegalStateException if the file ends inside a record (verify it first)
   */
  public JsonLinesAuditSink(Path file, String chainName, Redaction redaction, Fsync fsync) {
    this.file = file;
    this.redaction = Objects.requireNonNull(redaction);
    this.fsync = Objects.requireNonNull(fsync);
    try {
      AuditChain.Head head = lastEntry(file, AuditChain.requireName(chainName));
      this.chain = new AuditChain(head);
      this.out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
      this.headFile = new RandomAccessFile(headPath(file).toFile(), "rw");
      writeHead(head);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open audit file " + file, e);
    }
  }

  /**
   * Appends the record as a chained line, then rewrites the head.
   *
   * @throws UncheckedIOException if it cannot be written (the chain is left as it was)
   * @throws IllegalStateException if the sink is closed
   */
  @Override
  public synchronized void record(AuditRecord record) {
    if (closed) {
      throw new IllegalStateException("audit file " + file + " is closed");
    }
    AuditChain.Head before = chain.head();
    AuditChain.Entry e = chain.append(record.toJson(redaction));
    try {
      ByteBuffer line = ByteBuffer.wrap((e.line() + "\n").getBytes(StandardCharsets.UTF_8));
      while (line.hasRemaining()) {
        out.write(line);
      }
      if (fsync == Fsync.EVERY_RECORD) {
        out.force(false);
      }
      writeHead(chain.head());
    } catch (IOException ex) {
      chain.reset(before);
      throw new UncheckedIOException("cannot append to audit file " + file, ex);
    }
  }

  /** Where the chain ends. */
  public synchronized AuditChain.Head head() {
    return chain.head();
  }

  /** Closes the file; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try (out; headFile) {
      out.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close audit file " + file, e);
    }
  }

  private void writeHead(AuditChain.Head head) throws IOException {
    byte[] bytes = (head.chain() + " " + head.seq() + " " + head.hash() + "\n").getBytes(StandardCharsets.UTF_8);
    headFile.seek(0);
    headFile.write(bytes);
    headFile.setLength(bytes.length);
    if (fsync == Fsync.EVERY_RECORD) {
      headFile.getFD().sync();
    }
  }

  static Path headPath(Path file) {
    return file.resolveSibling(file.getFileName() + ".head");
  }

  /** The head recorded next to {@code file}, or {@code null} if there is none. */
  static AuditChain.@Nullable Head readHead(Path file) throws IOException {
    Path p = headPath(file);
    if (!Files.exists(p)) {
      return null;
    }
    String[] parts = Files.readString(p, StandardCharsets.UTF_8).trim().split(" ");
    if (parts.length != 3) {
      throw new IOException("head file " + p + " is not 'chain seq hash'");
    }
    return new AuditChain.Head(parts[0], Long.parseLong(parts[1]), parts[2]);
  }

  private static AuditChain.Head lastEntry(Path file, String chainName) throws IOException {
    if (!Files.exists(file) || Files.size(file) == 0) {
      return new AuditChain.Head(chainName, 0, AuditChain.GENESIS);
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long len = raf.length();
      raf.seek(len - 1);
      if (raf.read() != '\n') {
        throw new IllegalStateException("audit file " + file + " ends inside a record; verify it with AuditVerifier");
      }
      long pos = len - 2;
      int chunk = 4096;
      StringBuilder tail = new StringBuilder();
      while (pos >= 0) {
        long from = Math.max(0, pos - chunk + 1);
        byte[] buf = new byte[(int) (pos - from + 1)];
        raf.seek(from);
        raf.readFully(buf);
        tail.insert(0, new String(buf, StandardCharsets.ISO_8859_1));
        int nl = tail.lastIndexOf("\n");
        if (nl >= 0 || from == 0) {
          String lastLine = new String(tail.substring(nl + 1).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
          AuditChain.Entry e = AuditVerifier.parse(lastLine);
          if (e == null) {
            throw new IllegalStateException("the last line of audit file " + file + " is not an audit entry");
          }
          return new AuditChain.Head(e.chain(), e.seq(), e.hash());
        }
        pos = from - 1;
      }
    }
    throw new IllegalStateException("audit file " + file + " has no complete record");
  }
}
