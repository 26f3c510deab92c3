package dev.scoring.review;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The hash chain over one sequence of audit records. Each {@link Entry} carries its chain's
 * name, a sequence number (from 1, no gaps), the previous entry's hash ({@link #GENESIS} for the
 * first) and the SHA-256 of its canonical form
 * {@code {"chain":NAME,"seq":N,"prev":HEX,"record":RECORD}}, so editing, removing, inserting or
 * reordering any record breaks the chain where it happened ({@link AuditVerifier} names it).
 *
 * <p>Not thread-safe: a sink appends under its own lock, in the order it stores.
 */
public final class AuditChain {

  /** The previous hash of a chain's first entry: 64 zeros. */
  public static final String GENESIS = "0".repeat(64);

  private static final HexFormat HEX = HexFormat.of();
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,100}");
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  });

  /**
   * One chained audit record.
   *
   * @param chain the chain's name
   * @param seq its position in the chain, from 1
   * @param prev the previous entry's hash
   * @param hash the SHA-256 of {@link #canonical()}, 64 hex digits
   * @param record the audit record's JSON ({@link AuditRecord#toJson(Redaction)})
   */
  public record Entry(String chain, long seq, String prev, String hash, String record) {

    /** The bytes the hash covers. */
    public String canonical() {
      return AuditChain.canonical(chain, seq, prev, record);
    }

    /** Whether {@link #hash} is the hash of {@link #canonical()}. */
    public boolean selfConsistent() {
      return hash.equals(sha256(canonical()));
    }

    /** The entry as one line of JSON (without the newline): the canonical form and its hash. */
    public String line() {
      return canonical() + ",\"hash\":\"" + hash + "\"}";
    }
  }

  /**
   * Where a chain ends: its last sequence number and hash ({@code 0} and {@link #GENESIS} when empty).
   *
   * @param chain the chain's name
   * @param seq the last entry's sequence number
   * @param hash the last entry's hash
   */
  public record Head(String chain, long seq, String hash) {}

  private final String name;
  private long seq;
  private String last;

  /** A chain continuing after {@code head} (use {@link #start(String)} for a new chain). */
  public AuditChain(Head head) {
    this.name = requireName(head.chain());
    this.seq = head.seq();
    this.last = head.hash();
  }

  /** A new, empty chain called {@code name}. */
  public static AuditChain start(String name) {
    return new AuditChain(new Head(name, 0, GENESIS));
  }

  /**
   * Checks a chain name: 1 to 100 letters, digits, {@code _ . -}.
   *
   * @throws IllegalArgumentException if it is not valid
   */
  public static String requireName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("audit chain name '" + name + "' is not valid: use 1-100 letters, digits, '_', '.', '-'");
    }
    return name;
  }

  /** Chains {@code recordJson} after the last entry and returns the new entry. */
  public Entry append(String recordJson) {
    long next = seq + 1;
    String hash = hash(name, next, last, recordJson);
    Entry e = new Entry(name, next, last, hash, recordJson);
    seq = next;
    last = hash;
    return e;
  }

  /** Where the chain ends now. */
  public Head head() {
    return new Head(name, seq, last);
  }

  /** Moves the end back to {@code head}, undoing appends that were never stored. */
  public void reset(Head head) {
    if (!head.chain().equals(name)) {
      throw new IllegalArgumentException("head of chain " + head.chain() + " given to chain " + name);
    }
    this.seq = head.seq();
    this.last = head.hash();
  }

  static String canonical(String chain, long seq, String prev, String record) {
    return "{\"chain\":\"" + chain + "\",\"seq\":" + seq + ",\"prev\":\"" + prev + "\",\"record\":" + record;
  }

  /** {@code sha256(canonical(chain, seq, prev, record))}, without building the canonical text. */
  private static String hash(String chain, long seq, String prev, String record) {
    MessageDigest md = SHA256.get();
    md.update(("{\"chain\":\"" + chain + "\",\"seq\":" + seq + ",\"prev\":\"" + prev + "\",\"record\":")
        .getBytes(StandardCharsets.UTF_8));
    md.update(record.getBytes(StandardCharsets.UTF_8));
    return HEX.formatHex(md.digest());
  }

  /** The SHA-256 of {@code text}'s UTF-8 bytes, as 64 hex digits. */
  public static String sha256(String text) {
    return HEX.formatHex(SHA256.get().digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
