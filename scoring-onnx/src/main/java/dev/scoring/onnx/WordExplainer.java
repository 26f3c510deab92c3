package dev.scoring.onnx;

import dev.scoring.api.Contribution;
import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.FeatureType;
import dev.scoring.api.Features;
import dev.scoring.api.MutableFeatures;
import dev.scoring.api.Provenance;
import dev.scoring.api.RecordException;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which words of a text moved a text scorer's score, by occlusion: each distinct word is removed
 * (every occurrence) and the record scored again; the word's contribution is how much the score
 * dropped. For a classifier the score explained is the probability of the class predicted for the
 * full text, so {@code "word 'printer' (+0.41)"} reads "'printer' added 0.41 to the probability of
 * the predicted class"; for other scorers it is {@link Score#margin()}.
 *
 * <p>The {@linkplain Explanation#bias() bias} is the score of the record with an empty text; a last
 * contribution, {@value #REST}, holds what single-word removals do not account for (interactions
 * between words, and the words beyond the budget), so the contributions always sum exactly with the
 * bias to the explained score. Words are the matches of the {@linkplain Builder#wordPattern word
 * pattern} (default: letters and digits), compared ignoring case; they only choose what to remove,
 * the model reads the text with its own tokenizer.
 *
 * <p><b>Budget.</b> One explanation scores {@code W + 2} records, where {@code W} is the number of
 * distinct words up to {@link Builder#maxWords(int)} (default 40; the first distinct words of the
 * text are taken): the full text, the empty text and one text per removed word, all in one
 * {@link Scorer#scoreBatch(List)} call (one ONNX Runtime run for an {@code onnx} scorer). A text
 * over {@link Builder#maxChars(int)} (default 20,000 characters) is refused with
 * {@link RecordException} ({@code TOO_LARGE}) rather than copied {@code W} times. Measured on the
 * project's benchmark machine (scoring-benchmarks RESULTS.md, {@code TextTriageBenchmark}), a
 * median-length ticket costs about as much as scoring a batch of {@code W + 2} tickets: a few
 * milliseconds for the committed ticket models. Never call it on the hot path.
 *
 * <p>Immutable and thread-safe if the scorer is.
 */
public final class WordExplainer {

  /** The name of the contribution that holds what single-word removals leave unexplained. */
  public static final String REST = "(other words and interactions)";

  private final Scorer scorer;
  private final int feature;
  private final String featureName;
  private final int maxWords;
  private final int maxChars;
  private final Pattern words;

  private WordExplainer(Builder b) {
    this.scorer = b.scorer;
    this.feature = b.feature;
    this.featureName = b.scorer.schema().feature(b.feature).name();
    this.maxWords = b.maxWords;
    this.maxChars = b.maxChars;
    this.words = b.wordPattern;
  }

  /**
   * Starts an explainer of {@code scorer}'s scores by the words of its text feature {@code textFeature}.
   *
   * @throws IllegalArgumentException if the scorer's schema has no text or category feature of that name
   */
  public static Builder builder(Scorer scorer, String textFeature) {
    return new Builder(scorer, textFeature);
  }

  /**
   * Explains the score of {@code row} by its words.
   *
   * @throws RecordException if the row cannot be scored, its text is missing, or the text is over
   *     the character limit ({@code TOO_LARGE})
   */
  public Explanation explain(Features row) {
    row.requireSchema(scorer.schema());
    String text = row.string(feature);
    if (text == null) {
      throw new RecordException(RecordException.Problem.MISSING_VALUE, featureName,
          "feature '" + featureName + "' is missing; there are no words to explain");
    }
    if (text.length() > maxChars) {
      throw new RecordException(RecordException.Problem.TOO_LARGE, featureName,
          "feature '" + featureName + "' has " + text.length() + " characters, more than the " + maxChars
              + " a word explanation copies (WordExplainer.Builder.maxChars)");
    }
    Map<String, List<int[]>> spans = spans(text);
    List<Features> rows = new ArrayList<>(spans.size() + 2);
    MutableFeatures m = Features.mutable(row.schema());
    m.copyFrom(row);
    rows.add(row);
    rows.add(m.setString(feature, "").snapshot());
    for (List<int[]> at : spans.values()) {
      rows.add(m.setString(feature, without(text, at)).snapshot());
    }
    List<Score> scores = scorer.scoreBatch(rows);
    Score full = scores.get(0);
    int cls = full.label() == null ? -1 : full.classes().indexOf(full.label());
    double target = explained(full, cls);
    double bias = explained(scores.get(1), cls);
    List<Contribution> contributions = new ArrayList<>(spans.size() + 1);
    double sum = bias;
    int i = 2;
    for (String word : spans.keySet()) {
      double w = target - explained(scores.get(i++), cls);
      contributions.add(new Contribution(featureName + ":" + word, w, "word '" + word + "'"));
      sum += w;
    }
    double rest = target - sum;
    if (rest != 0.0) {
      contributions.add(new Contribution(REST, rest, REST));
    }
    return new Explanation(scorer.provenance().scorerId(), bias, contributions, List.of());
  }

  /**
   * A scorer that scores with the explained scorer and explains with this explainer, for a
   * {@link dev.scoring.decision.DecisionPipeline} whose review reasons should name the words.
   * Closing it closes the explained scorer.
   */
  public Scorer explaining() {
    return new Explaining(this);
  }

  private static double explained(Score s, int cls) {
    return cls >= 0 && cls < s.classProbabilities().length ? s.classProbability(cls) : s.margin();
  }

  /** The first {@code maxWords} distinct lower-cased words and where each occurs. */
  private Map<String, List<int[]>> spans(String text) {
    Map<String, List<int[]>> spans = new LinkedHashMap<>();
    Matcher m = words.matcher(text);
    while (m.find()) {
      if (m.end() == m.start()) {
        continue;
      }
      String w = m.group().toLowerCase(Locale.ROOT);
      List<int[]> at = spans.get(w);
      if (at == null) {
        if (spans.size() == maxWords) {
          continue;
        }
        at = new ArrayList<>(2);
        spans.put(w, at);
      }
      at.add(new int[] {m.start(), m.end()});
    }
    return spans;
  }

  /** The text with each span replaced by one space. */
  private static String without(String text, List<int[]> at) {
    StringBuilder sb = new StringBuilder(text.length());
    int from = 0;
    for (int[] span : at) {
      sb.append(text, from, span[0]).append(' ');
      from = span[1];
    }
    return sb.append(text, from, text.length()).toString();
  }

  /** Builds a {@link WordExplainer}; not thread-safe. */
  public static final class Builder {
    private final Scorer scorer;
    private final int feature;
    private int maxWords = 40;
    private int maxChars = 20_000;
    private Pattern wordPattern = Pattern.compile("[\\p{L}\\p{N}_]+");

    private Builder(Scorer scorer, String textFeature) {
      this.scorer = Objects.requireNonNull(scorer, "scorer");
      FeatureSchema schema = scorer.schema();
      this.feature = schema.find(textFeature)
          .filter(f -> f.type() == FeatureType.TEXT || f.type() == FeatureType.CATEGORY)
          .map(f -> schema.names().indexOf(f.name()))
          .orElseThrow(() -> new IllegalArgumentException(
              "scorer '" + scorer.provenance().scorerId() + "' has no text feature '" + textFeature + "' in " + schema));
    }

    /**
     * The most distinct words removed one by one (default 40): one explanation scores this many
     * records plus two.
     *
     * @throws IllegalArgumentException if not between 1 and 1,000
     */
    public Builder maxWords(int maxWords) {
      if (maxWords < 1 || maxWords > 1_000) {
        throw new IllegalArgumentException("maxWords must be between 1 and 1,000: " + maxWords);
      }
      this.maxWords = maxWords;
      return this;
    }

    /**
     * The longest text explained, in characters (default 20,000); longer texts are refused.
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

    /** What a word is (default {@code [\p{L}\p{N}_]+}); matches are compared ignoring case. */
    public Builder wordPattern(Pattern pattern) {
      this.wordPattern = Objects.requireNonNull(pattern);
      return this;
    }

    /** The explainer. */
    public WordExplainer build() {
      return new WordExplainer(this);
    }
  }

  /** Scores with the explained scorer, explains by words. */
  private static final class Explaining implements Scorer {
    private final WordExplainer explainer;

    Explaining(WordExplainer explainer) {
      this.explainer = explainer;
    }

    @Override
    public Provenance provenance() {
      return explainer.scorer.provenance();
    }

    @Override
    public FeatureSchema schema() {
      return explainer.scorer.schema();
    }

    @Override
    public Score score(Features row) {
      return explainer.scorer.score(row);
    }

    @Override
    public double scoreValue(Features row) {
      return explainer.scorer.scoreValue(row);
    }

    @Override
    public List<Score> scoreBatch(List<? extends Features> rows) {
      return explainer.scorer.scoreBatch(rows);
    }

    @Override
    public void scoreBatch(List<? extends Features> rows, double[] values) {
      explainer.scorer.scoreBatch(rows, values);
    }

    @Override
    public Explanation explain(Features row) {
      return explainer.explain(row);
    }

    @Override
    public void close() {
      explainer.scorer.close();
    }

    @Override
    public String toString() {
      return "WordExplainer.explaining(" + explainer.scorer + ")";
    }
  }
}
