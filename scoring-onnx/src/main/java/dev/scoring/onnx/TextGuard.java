package dev.scoring.onnx;

import dev.scoring.api.FeatureType;
import dev.scoring.api.Features;
import dev.scoring.api.FiredRule;
import dev.scoring.api.RecordException;
import dev.scoring.decision.RuleOutcome;
import dev.scoring.decision.RuleStage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rule stage that sends text a text model was not trained for to review instead of letting the
 * model give it a confident wrong class: a missing or empty text, a text over a length limit (a
 * pasted log, 100 KB of base64), a text with too few words, or a text whose words the model's
 * vocabulary mostly does not know (another language, code, encoded data). Each raises a review
 * flag with the reason, e.g. {@code "text: 8% of its 25 words are in the model's vocabulary (at
 * least 50% expected): another language or not prose?"}; the scorer still runs, but the
 * {@link dev.scoring.decision.DecisionPipeline} sends the record to review whatever its score.
 *
 * <p>The vocabulary is the model's (for example the words of its {@code TfIdfVectorizer} or
 * {@code LabelEncoder}, one per line in a file next to the model). Words are the matches of the
 * word pattern in the lower-cased text (default {@code [a-z0-9_]{2,}}, the committed ticket
 * models' tokenizer expression); set the pattern the model's own tokenizer uses.
 *
 * <p>Bounded: the length check comes first and a text over the limit is never scanned, so a
 * record costs at most one pass over {@link Builder#maxChars(int)} characters. Immutable and
 * thread-safe.
 */
public final class TextGuard implements RuleStage {

  private final String feature;
  private final Set<String> vocabulary;
  private final Pattern words;
  private final int maxChars;
  private final int minWords;
  private final double minKnownShare;
  private final String ruleName;

  private TextGuard(Builder b) {
    this.feature = b.feature;
    this.vocabulary = Set.copyOf(b.vocabulary);
    this.words = b.words;
    this.maxChars = b.maxChars;
    this.minWords = b.minWords;
    this.minKnownShare = b.minKnownShare;
    this.ruleName = "text guard on " + feature;
  }

  /**
   * Starts a guard of the text feature {@code feature} against the model's {@code vocabulary}.
   *
   * @throws IllegalArgumentException if the vocabulary is empty
   */
  public static Builder builder(String feature, Set<String> vocabulary) {
    return new Builder(feature, vocabulary);
  }

  /**
   * Reads a vocabulary of one word per line (UTF-8; blank lines skipped); does not close the stream.
   *
   * @throws UncheckedIOException if it cannot be read
   */
  public static Set<String> readVocabulary(InputStream in) {
    Set<String> words = new HashSet<>();
    try {
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String w = line.strip();
        if (!w.isEmpty()) {
          words.add(w);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the vocabulary", e);
    }
    return words;
  }

  /**
   * Checks the text of {@code row}: passes, or adjusts with review flags naming what is wrong.
   *
   * @throws RecordException ({@code SCHEMA_MISMATCH}) if the row's schema has no such text feature
   */
  @Override
  public RuleOutcome evaluate(Features row) {
    dev.scoring.api.FeatureSchema schema = row.schema();
    int index = schema.names().indexOf(feature);
    if (index < 0 || schema.feature(index).type() != FeatureType.TEXT) {
      throw new RecordException(RecordException.Problem.SCHEMA_MISMATCH, feature,
          "the text guard reads text feature '" + feature + "', which " + schema + " does not have");
    }
    String text = row.string(index);
    String flag = check(text);
    if (flag == null) {
      return RuleOutcome.pass();
    }
    return new RuleOutcome.Adjust(0, List.of(flag), List.of(new FiredRule(ruleName, "words of " + feature + " against the model's vocabulary", flag)));
  }

  /** What is wrong with {@code text} for the model, or {@code null} if nothing is. */
  public @org.jspecify.annotations.Nullable String check(@org.jspecify.annotations.Nullable String text) {
    if (text == null) {
      return feature + " is missing";
    }
    if (text.length() > maxChars) {
      return feature + " has " + text.length() + " characters, over the limit of " + maxChars;
    }
    Matcher m = words.matcher(text.toLowerCase(Locale.ROOT));
    int total = 0;
    int known = 0;
    while (m.find()) {
      total++;
      if (vocabulary.contains(m.group())) {
        known++;
      }
    }
    if (total < minWords) {
      return feature + " has " + (total == 0 ? "no words" : "only " + total + " word" + (total == 1 ? "" : "s"))
          + " the model reads (at least " + minWords + " expected)";
    }
    if (known < minKnownShare * total) {
      long pct = Math.round(100.0 * known / total);
      return feature + ": " + pct + "% of its " + total + " words are in the model's vocabulary (at least "
          + Math.round(100 * minKnownShare) + "% expected): another language or not prose?";
    }
    return null;
  }

  /** Builds a {@link TextGuard}; not thread-safe. */
  public static final class Builder {
    private final String feature;
    private final Set<String> vocabulary;
    private Pattern words = Pattern.compile("[a-z0-9_]{2,}");
    private int maxChars = 20_000;
    private int minWords = 1;
    private double minKnownShare = 0.5;

    private Builder(String feature, Set<String> vocabulary) {
      if (feature.isBlank()) {
        throw new IllegalArgumentException("feature must not be blank");
      }
      if (vocabulary.isEmpty()) {
        throw new IllegalArgumentException("the vocabulary is empty");
      }
      this.feature = feature;
      this.vocabulary = new HashSet<>(vocabulary);
    }

    /** The pattern of a word in the lower-cased text (default {@code [a-z0-9_]{2,}}). */
    public Builder wordPattern(Pattern pattern) {
      this.words = Objects.requireNonNull(pattern);
      return this;
    }

    /**
     * The longest text the model should see, in characters (default 20,000).
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxChars(int maxChars) {
      if (maxChars < 1) {
        throw new IllegalArgumentException("maxChars must be positive: " + maxChars);
      }
      this.maxChars = maxChars;
      return this;
    }

    /**
     * The fewest words a text must have (default 1).
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder minWords(int minWords) {
      if (minWords < 1) {
        throw new IllegalArgumentException("minWords must be positive: " + minWords);
      }
      this.minWords = minWords;
      return this;
    }

    /**
     * The least share of a text's words the vocabulary must know (default 0.5).
     *
     * @throws IllegalArgumentException if not in [0, 1]
     */
    public Builder minKnownShare(double share) {
      if (!(share >= 0 && share <= 1)) {
        throw new IllegalArgumentException("minKnownShare must be in [0, 1]: " + share);
      }
      this.minKnownShare = share;
      return this;
    }

    /** The guard. */
    public TextGuard build() {
      return new TextGuard(this);
    }
  }
}
