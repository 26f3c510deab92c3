package dev.scoring.review;

import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import dev.scoring.api.Features;
import dev.scoring.api.FiredRule;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Which features hold personal data and what becomes of their values before anything is written
 * (audit records, review items, feedback): {@linkplain #drop dropped}, or replaced by a
 * {@linkplain #keyedHash keyed hash} (HMAC-SHA-256 under the host's secret key) so that equal
 * values still link without being readable.
 *
 * <p>Redaction covers the input's values and every text derived from them: reasons, the review
 * reason, fired rules' texts and outcomes and explanation factors ({@code "factor: email = ..."}),
 * where each occurrence of a personal value (as the row displays it, or as its plain string) is
 * replaced by its token. Immutable and thread-safe.
 */
public final class Redaction {

  /** The token that replaces a dropped value in texts. */
  public static final String DROPPED = "[redacted]";

  private static final Redaction NONE = new Redaction(Set.of(), null);

  private final Set<String> personal;
  private final @Nullable SecretKeySpec key;
  private final ThreadLocal<Mac> macs;

  private Redaction(Set<String> personal, @Nullable SecretKeySpec key) {
    this.personal = personal;
    this.key = key;
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  /** No redaction: everything is written as it is. */
  public static Redaction none() {
    return NONE;
  }

  /** The values of {@code features} are dropped: left out of inputs, {@value #DROPPED} in texts. */
  public static Redaction drop(Collection<String> features) {
    return new Redaction(names(features), null);
  }

  /**
   * The values of {@code features} are replaced by {@code "hmac:"} and 16 hex digits of their
   * HMAC-SHA-256 under {@code key}; equal values give equal tokens.
   *
   * @throws IllegalArgumentException if the key is shorter than 16 bytes
   */
  public static Redaction keyedHash(Collection<String> features, byte[] key) {
    if (key.length < 16) {
      throw new IllegalArgumentException("a redaction key needs at least 16 bytes, got " + key.length);
    }
    return new Redaction(names(features), new SecretKeySpec(key.clone(), "HmacSHA256"));
  }

  private static Set<String> names(Collection<String> features) {
    Set<String> names = new TreeSet<>();
    for (String f : features) {
      if (f.isBlank()) {
        throw new IllegalArgumentException("a personal feature name must not be blank");
      }
      names.add(f);
    }
    return Set.copyOf(names);
  }

  /** The personal features' names. */
  public Set<String> personal() {
    return personal;
  }

  /** Whether nothing is redacted. */
  public boolean isNone() {
    return personal.isEmpty();
  }

  /** Whether values are replaced by keyed hashes (rather than dropped). */
  public boolean hashes() {
    return key != null;
  }

  /** Whether {@code feature} is personal. */
  public boolean isPersonal(String feature) {
    return personal.contains(feature);
  }

  /** The token that stands for {@code value}: {@value #DROPPED}, or {@code "hmac:"} and 16 hex digits. */
  public String token(String value) {
    if (key == null) {
      return DROPPED;
    }
    byte[] mac = macs.get().doFinal(value.getBytes(StandardCharsets.UTF_8));
    return "hmac:" + HexFormat.of().formatHex(mac, 0, 8);
  }

  /**
   * What is written for the value at {@code index} of {@code row}: the value itself if the
   * feature is not personal, {@code null} if it is missing or dropped, else its token.
   */
  public @Nullable Object value(Features row, int index) {
    Object v = row.value(index);
    if (v == null || !isPersonal(row.schema().feature(index).name())) {
      return v;
    }
    return key == null ? null : token(row.display(index));
  }

  /** {@code text} with every personal value of {@code input} replaced by its token. */
  public String text(String text, @Nullable Features input) {
    if (personal.isEmpty() || input == null) {
      return text;
    }
    String out = text;
    for (String name : personal) {
      var f = input.schema().find(name);
      if (f.isEmpty() || input.isMissing(f.get().index())) {
        continue;
      }
      int i = f.get().index();
      String shown = input.display(i);
      String token = token(shown);
      out = replace(out, shown, token);
      Object raw = input.value(i);
      if (raw != null) {
        out = replace(out, raw.toString(), token);
      }
    }
    return out;
  }

  /** {@code d} with {@link #text} applied to its reasons, actions and fired rules. */
  public Decision decision(Decision d, @Nullable Features input) {
    if (personal.isEmpty() || input == null) {
      return d;
    }
    List<String> reasons = new ArrayList<>(d.reasons().size());
    for (String r : d.reasons()) {
      reasons.add(text(r, input));
    }
    List<FiredRule> fired = new ArrayList<>(d.firedRules().size());
    for (FiredRule r : d.firedRules()) {
      fired.add(new FiredRule(r.name(), text(r.text(), input), text(r.outcome(), input)));
    }
    return new Decision(d.id(), action(d.action(), input), action(d.proposed(), input), d.score(), d.scores(), fired,
        reasons, d.fallback(), d.review(), d.decidedAt());
  }

  private Action action(Action a, Features input) {
    return a instanceof Action.Review r ? Action.review(r.queue(), text(r.reason(), input)) : a;
  }

  private static String replace(String text, String value, String token) {
    return value.isEmpty() || text.indexOf(value) < 0 ? text : text.replace(value, token);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      if (key != null) {
        mac.init(key);
      }
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  @Override
  public String toString() {
    return personal.isEmpty() ? "Redaction[none]" : "Redaction[" + (key == null ? "drop " : "keyed hash ") + personal + "]";
  }
}
