package dev.scoring.decision;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Chooses which automatic decisions go to review as an audit sample: a decision is sampled when
 * the first 64 bits of the SHA-256 of its id, read as a fraction of 2^64, fall below the
 * configured share. The choice is reproducible (it depends on the id alone), independent of the
 * record and its score (so the sample is unbiased), and any party can recompute it from the audit.
 */
public final class AuditSampling {

  /** The reason sampled decisions carry, followed by the share. */
  public static final String REASON = "audit sample of automatic decisions";

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  });

  private AuditSampling() {}

  /** Whether the decision with {@code id} is in a sample of {@code share} (0 to 1) of all decisions. */
  public static boolean sampled(String id, double share) {
    if (share <= 0) {
      return false;
    }
    if (share >= 1) {
      return true;
    }
    byte[] h = SHA256.get().digest(id.getBytes(StandardCharsets.UTF_8));
    long bits = 0;
    for (int i = 0; i < 8; i++) {
      bits = (bits << 8) | (h[i] & 0xff);
    }
    // the top 53 bits as a fraction in [0, 1)
    return (bits >>> 11) * 0x1.0p-53 < share;
  }
}
