package dev.scoring.review;

import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import dev.scoring.api.FeatureSchema;
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
 * <p>The personal features are those the schema marks
 * ({@link dev.scoring.api.FeatureSchema.Builder#personal(String...)}) and those named here; a
 * schema's marks apply under every redaction, {@link #none()} included (which drops them).
 *
 * <p>Redaction covers the input's values and every text derived from them: reasons, the review
 * reason, fired rules' texts and outcomes and explanation factors ({@code "factor: email = ..."}),
 * where each occurrence of a personal value (as the row displays it, or as its plain string) is
 * replaced by its token. Immutable and thread-safe.
 */
public final class Redaction {

  /** The token that replaces a dropped value in texts. */
  public static final String DROPPED = "[redacted]";

  /** The longest run of words {@link #freeText} compares with personal values. */
  public static final int MAX_WORDS = 8;

  private static final Redaction NONE = new Redaction(Set.of(), null);

  private final Set<String> personal;
  private final @Nullable SecretKeySpec key;
  private final ThreadLocal<Mac> macs;

  private Redaction(Set<String> personal, @Nullable SecretKeySpec key) {
    this.personal = personal;
    this.key = key;
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  /**
   * No feature named here: values of features the schema marks personal are dropped, everything
   * else is written as it is.
   */
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

  /** The names of the personal features named here (the schema may mark more). */
  public Set<String> personal() {
    return personal;
  }

  /** Whether rows of {@code schema} have personal values to redact (named here or marked in the schema). */
  public boolean appliesTo(FeatureSchema schema) {
    return !personal.isEmpty() || schema.hasPersonal();
  }

  /** Whether values are replaced by keyed hashes (rather than dropped). */
  public boolean hashes() {
    return key != null;
  }

  /** Whether {@code feature} of {@code schema} is personal: named here or marked in the schema. */
  public boolean isPersonal(FeatureSchema schema, String feature) {
    return personal.contains(feature) || schema.isPersonal(feature);
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
    if (v == null || !isPersonal(row.schema(), row.schema().feature(index).name())) {
      return v;
    }
    return key == null ? null : token(row.display(index));
  }

  /** {@code text} with every personal value of {@code input} replaced by its token. */
  public String text(String text, @Nullable Features input) {
    if (input == null || !appliesTo(input.schema())) {
      return text;
    }
    String out = text;
    for (String name : personalOf(input.schema())) {
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

  /**
   * A person's free text (a reviewer's resolution reason or label) with every personal value
   * whose token is among {@code tokens} replaced by that token: the tokens a store kept for the
   * record in place of its personal values. Under a keyed hash each run of up to
   * {@value #MAX_WORDS} words of the text (also with punctuation trimmed at either end) is hashed
   * and replaced where its token matches, so a value is found whatever its letters, without being
   * stored; a {@linkplain #drop dropping} redaction keeps nothing to match a value against, and
   * returns the text as it is.
   */
  public String freeText(String text, Collection<String> tokens) {
    if (key == null || tokens.isEmpty() || text.isEmpty()) {
      return text;
    }
    Set<String> wanted = Set.copyOf(tokens);
    List<int[]> words = new ArrayList<>();
    for (int i = 0; i < text.length(); ) {
      while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      if (i > start) {
        words.add(new int[] {start, i});
      }
    }
    StringBuilder out = new StringBuilder(text.length());
    int copied = 0;
    for (int w = 0; w < words.size(); w++) {
      int[] match = null;
      for (int last = Math.min(words.size(), w + MAX_WORDS) - 1; last >= w && match == null; last--) {
        match = match(text, words.get(w)[0], words.get(last)[1], wanted);
        if (match != null) {
          out.append(text, copied, match[0]).append(token(text.substring(match[0], match[1])));
          copied = match[1];
          while (w + 1 < words.size() && words.get(w + 1)[0] < copied) {
            w++;
          }
        }
      }
    }
    return copied == 0 ? text : out.append(text, copied, text.length()).toString();
  }

  /** The longest span in [from, to), trimmed of punctuation at either end, whose token is wanted. */
  private int @Nullable [] match(String text, int from, int to, Set<String> wanted) {
    if (wanted.contains(token(text.substring(from, to)))) {
      return new int[] {from, to};
    }
    int a = from;
    int b = to;
    while (a < b && isEdgePunctuation(text.charAt(a))) {
      a++;
    }
    while (b > a && isEdgePunctuation(text.charAt(b - 1))) {
      b--;
    }
    if (a < b && (a > from || b < to)) {
      for (int start = from; start <= a; start++) {
        for (int end = to; end >= b; end--) {
          if ((start > from || end < to) && wanted.contains(token(text.substring(start, end)))) {
            return new int[] {start, end};
          }
        }
      }
    }
    return null;
  }

  private static boolean isEdgePunctuation(char c) {
    return !Character.isLetterOrDigit(c);
  }

  /** {@code d} with {@link #text} applied to its reasons, actions and fired rules. */
  public Decision decision(Decision d, @Nullable Features input) {
    if (input == null || !appliesTo(input.schema())) {
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

  private Set<String> personalOf(FeatureSchema schema) {
    if (!schema.hasPersonal()) {
      return personal;
    }
    if (personal.isEmpty()) {
      return schema.personal();
    }
    Set<String> all = new TreeSet<>(personal);
    all.addAll(schema.personal());
    return all;
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
    return "Redaction[" + (key == null ? "drop " : "keyed hash ") + (personal.isEmpty() ? "schema marks" : personal + " and schema marks") + "]";
  }
}
