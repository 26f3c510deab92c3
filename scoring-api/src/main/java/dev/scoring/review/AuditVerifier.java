package dev.scoring.review;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Checks an audit trail's hash chain and names the first problem: a record that was edited,
 * removed, inserted or reordered, a trail that was truncated (shorter than its recorded head), or
 * a line that is not an audit entry. Works on entries from any store and on the files of
 * {@link JsonLinesAuditSink}.
 *
 * <p><b>Several writers.</b> A chain is one sequence however many threads or processes write it:
 * a database store appends each transaction's records after the head the database holds, read
 * under its write lock, so concurrent writers (app instances sharing one SQLite file or one
 * PostgreSQL database) interleave in commit order in one chain; writers may also name their own
 * chains. Each chain is verified on its own, from its first record to the head stored with it. A
 * JSON-lines file has one writer (one {@link JsonLinesAuditSink}) per file.
 */
public final class AuditVerifier {

  /** What went wrong. */
  public enum Kind {
    /** A record's content no longer matches its hash, or the next record's link to it. */
    EDITED,
    /** Records are missing from the middle of the chain. */
    REMOVED,
    /** A record that does not belong to the chain was added. */
    INSERTED,
    /** Records are out of order. */
    REORDERED,
    /** Records are missing from the end (the trail is shorter than its head says, or its last line is cut). */
    TRUNCATED,
    /** A line or row is not an audit entry. */
    MALFORMED
  }

  /**
   * The first problem found.
   *
   * @param kind what went wrong
   * @param seq the sequence number where it shows
   * @param message a sentence naming it
   */
  public record Problem(Kind kind, long seq, String message) {}

  /**
   * The outcome of a verification.
   *
   * @param chain the chain's name
   * @param records how many entries were read
   * @param problem the first problem, or {@code null} if the chain verifies
   */
  public record Result(String chain, long records, @Nullable Problem problem) {
    /** Whether the chain verifies. */
    public boolean ok() {
      return problem == null;
    }

    @Override
    public String toString() {
      return problem == null
          ? "audit chain " + chain + ": " + records + " records, verified"
          : "audit chain " + chain + ": " + problem.kind() + " at seq " + problem.seq() + ": " + problem.message();
    }
  }

  private static final Pattern LINE = Pattern.compile(
      "\\{\"chain\":\"([A-Za-z0-9_.\\-]{1,100})\",\"seq\":(\\d{1,18}),\"prev\":\"([0-9a-f]{64})\",\"record\":(.*),\"hash\":\"([0-9a-f]{64})\"\\}");

  private AuditVerifier() {}

  /**
   * Verifies one chain's entries in stored order against the head the store recorded.
   *
   * @param chain the chain's name
   * @param entries the entries as stored (a store lists them by sequence number, a file by line)
   * @param head the head the store recorded, or {@code null} if none (truncation at a record
   *     boundary then goes unnoticed)
   */
  public static Result verify(String chain, List<AuditChain.Entry> entries, AuditChain.@Nullable Head head) {
    Map<String, AuditChain.Entry> byHash = new HashMap<>();
    Map<Long, List<AuditChain.Entry>> bySeq = new HashMap<>();
    for (AuditChain.Entry e : entries) {
      byHash.put(e.hash(), e);
      bySeq.computeIfAbsent(e.seq(), k -> new ArrayList<>(1)).add(e);
    }
    Set<Long> seen = new HashSet<>();
    long expected = 1;
    String prev = AuditChain.GENESIS;
    for (int i = 0; i < entries.size(); i++) {
      AuditChain.Entry e = entries.get(i);
      if (head != null && e.seq() > head.seq()) {
        return problem(chain, i, Kind.INSERTED, e.seq(),
            "record " + e.seq() + " is beyond the recorded head (" + head.seq() + ")");
      }
      if (!e.chain().equals(chain)) {
        return problem(chain, i, Kind.INSERTED, e.seq(), "record " + e.seq() + " belongs to chain " + e.chain());
      }
      if (!e.selfConsistent()) {
        if (bySeq.getOrDefault(e.seq(), List.of()).size() > 1) {
          return problem(chain, i, Kind.INSERTED, e.seq(), "a second record with seq " + e.seq() + " was inserted");
        }
        long trueSeq = trueSeq(e, entries.size());
        if (trueSeq > 0) {
          return problem(chain, i, Kind.REORDERED, e.seq(),
              "the record stored at seq " + e.seq() + " is record " + trueSeq);
        }
        return problem(chain, i, Kind.EDITED, e.seq(), "record " + e.seq() + " does not match its hash");
      }
      if (e.seq() < expected) {
        return seen.contains(e.seq())
            ? problem(chain, i, Kind.INSERTED, e.seq(), "a second record with seq " + e.seq() + " was inserted")
            : problem(chain, i, Kind.REORDERED, e.seq(), "record " + e.seq() + " comes after record " + (expected - 1));
      }
      if (e.seq() > expected) {
        if (bySeq.containsKey(expected)) {
          return problem(chain, i, Kind.REORDERED, expected,
              "record " + e.seq() + " comes before record " + expected);
        }
        return problem(chain, i, Kind.REMOVED, expected, e.seq() - expected == 1
            ? "record " + expected + " was removed"
            : "records " + expected + " to " + (e.seq() - 1) + " were removed");
      }
      if (!e.prev().equals(prev)) {
        AuditChain.Entry linked = byHash.get(e.prev());
        return linked == null
            ? problem(chain, i, Kind.EDITED, expected - 1,
                "record " + (expected - 1) + " was changed (record " + e.seq() + " links to another hash)")
            : problem(chain, i, Kind.INSERTED, expected - 1, "record " + (expected - 1) + " does not belong to the chain");
      }
      seen.add(e.seq());
      prev = e.hash();
      expected++;
    }
    long last = expected - 1;
    if (head != null) {
      if (head.seq() > last) {
        return problem(chain, entries.size(), Kind.TRUNCATED, last + 1, head.seq() - last == 1
            ? "record " + head.seq() + " (the last) is missing"
            : "records " + (last + 1) + " to " + head.seq() + " (the last) are missing");
      }
      if (head.seq() == last && !head.hash().equals(prev)) {
        return problem(chain, entries.size(), Kind.EDITED, last, "record " + last + " does not match the recorded head");
      }
    }
    return new Result(chain, entries.size(), null);
  }

  /**
   * Verifies a file written by {@link JsonLinesAuditSink}, with its head file ({@code FILE.head})
   * when present: a cut last line or a head beyond the last record is {@link Kind#TRUNCATED}.
   *
   * @throws IOException if the file cannot be read
   */
  public static Result verifyFile(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    String text = new String(bytes, StandardCharsets.UTF_8);
    AuditChain.@Nullable Head head = JsonLinesAuditSink.readHead(file);
    String chain = head != null ? head.chain() : "main";
    List<AuditChain.Entry> entries = new ArrayList<>();
    int start = 0;
    long lineNo = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      lineNo++;
      if (end < 0) {
        long seq = entries.isEmpty() ? 1 : entries.get(entries.size() - 1).seq() + 1;
        return problem(chain, entries.size(), Kind.TRUNCATED, seq,
            "line " + lineNo + " is cut off (the file ends inside a record)");
      }
      String line = text.substring(start, end);
      start = end + 1;
      AuditChain.@Nullable Entry e = parse(line);
      if (e == null) {
        return problem(chain, entries.size(), Kind.MALFORMED, lineNo, "line " + lineNo + " is not an audit entry");
      }
      if (head == null && entries.isEmpty()) {
        chain = e.chain();
      }
      entries.add(e);
    }
    return verify(chain, entries, head);
  }

  /** Parses one line of a {@link JsonLinesAuditSink} file, or returns {@code null} if it is not an entry. */
  public static AuditChain.@Nullable Entry parse(String line) {
    Matcher m = LINE.matcher(line);
    if (!m.matches()) {
      return null;
    }
    return new AuditChain.Entry(m.group(1), Long.parseLong(m.group(2)), m.group(3), m.group(5), m.group(4));
  }

  /** The sequence number a moved record verifies with (searched near where it is), or -1 if none: then it was edited. */
  private static long trueSeq(AuditChain.Entry e, int size) {
    int window = Math.min(size, 1000);
    for (long delta = 1; delta <= window; delta++) {
      for (long seq : new long[] {e.seq() - delta, e.seq() + delta}) {
        if (seq > 0 && new AuditChain.Entry(e.chain(), seq, e.prev(), e.hash(), e.record()).selfConsistent()) {
          return seq;
        }
      }
    }
    return -1;
  }

  private static Result problem(String chain, long records, Kind kind, long seq, String message) {
    return new Result(chain, records, new Problem(kind, seq, message));
  }
}
