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
import dev.scoring.api.ShapleyExplainer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which words of a text moved a text scorer's score: Shapley values of the words, where a coalition
 * of words is the text with every other explained word removed (all its occurrences) and scored
 * again. For a classifier the score explained is the probability of the class predicted for the
 * full text, so {@code "word 'printer' (+0.41)"} reads "'printer' added 0.41 to the probability of
 * the predicted class"; for other scorers it is {@link Score#margin()}. The
 * {@linkplain Explanation#bias() bias} is the score with every explained word removed, and the
 * contributions sum with it to the explained score of the full text (the efficiency constraint is
 * imposed). Shapley values share the credit among redundant words (three hardware words each get a
 * part), which single-word occlusion would miss. Words are the matches of the
 * {@linkplain Builder#wordPattern word pattern} (default: letters, digits and underscores),
 * compared ignoring case; they only choose what to remove, the model reads the text with its own
 * tokenizer.
 *
 * <p><b>Budget.</b> The first {@code W} distinct words of the text are explained, {@code W} at most
 * {@link Builder#maxWords(int)} (default 20; later words stay in every coalition). Up to 8 words the
 * values are exact, from {@code 2^W - 2} scored texts (254 at most); above, a KernelSHAP estimate
 * from {@link Builder#samples(int)} coalitions (default 256, fixed seed: reproducible), see
 * {@link ShapleyExplainer}. Texts are scored with {@link Scorer#scoreBatch(List)}, one ONNX Runtime
 * run for an {@code onnx} scorer. A text over {@link Builder#maxChars(int)} (default 20,000
 * characters) is refused with {@link RecordException} ({@code TOO_LARGE}) rather than copied a
 * few hundred times. On the committed ticket models one explanation of 20 words cost 40-64 ms on
 * the 2-core benchmark machine under heavy load, 70-100 times one score ({@code
 * TextTriageBenchmark.explain} in scoring-benchmarks RESULTS.md). Never call it on the hot path; a
 * {@link dev.scoring.decision.DecisionPipeline} calls it only for records that go to review.
 *
 * <p>Immutable and thread-safe if the scorer is.
 */
public final class WordExplainer {

  private final Scorer scorer;
  private final int feature;
  private final String featureName;
  private final int maxWords;
  private final int maxChars;
  private final Pattern words;
  private final int samples;

  private WordExplainer(Builder b) {
    this.samples = b.samples;
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
    Score full = scorer.score(row);
    int cls = full.label() == null ? -1 : full.classes().indexOf(full.label());
    if (spans.isEmpty()) {
      return new Explanation(scorer.provenance().scorerId(), explained(full, cls), List.of(), List.of());
    }
    List<String> names = new ArrayList<>(spans.keySet());
    FeatureSchema.Builder sb = FeatureSchema.builder();
    for (int i = 0; i < names.size(); i++) {
      sb.bool("w" + i);
    }
    FeatureSchema coalitions = sb.build();
    Coalitions values = new Coalitions(this, row, text, new ArrayList<>(spans.values()), cls, coalitions);
    MutableFeatures none = Features.mutable(coalitions);
    MutableFeatures all = Features.mutable(coalitions);
    for (int i = 0; i < names.size(); i++) {
      none.setBool(i, false);
      all.setBool(i, true);
    }
    Explanation shapley = ShapleyExplainer.builder(values).background(List.of(none.snapshot()))
        .exactMaxFeatures(8).samples(samples).seed(42).build().explain(all.snapshot());
    List<Contribution> contributions = new ArrayList<>(names.size());
    for (int i = 0; i < names.size(); i++) {
      String word = names.get(i);
      contributions.add(new Contribution(featureName + ":" + word, shapley.contributions().get(i).weight(),
          "word '" + word + "'"));
    }
    return new Explanation(scorer.provenance().scorerId(), shapley.bias(), contributions, List.of());
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

  /** Builds a {@link WordExplainer}; not thread-safe. */
  public static final class Builder {
    private final Scorer scorer;
    private final int feature;
    private int maxWords = 20;
    private int samples = 256;
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
     * The most distinct words explained (default 20, the first ones in the text).
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

    /**
     * KernelSHAP coalitions for texts of more than 8 explained words (default 256).
     *
     * @throws IllegalArgumentException if below 2 or above 100,000
     */
    public Builder samples(int samples) {
      if (samples < 2 || samples > 100_000) {
        throw new IllegalArgumentException("samples must be between 2 and 100,000: " + samples);
      }
      this.samples = samples;
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

  /**
   * The value of a coalition of words (a row of booleans, one per explained word): the explained
   * score of the text with the words not in the coalition removed. Batches go to the scorer whole.
   */
  private static final class Coalitions implements Scorer {
    private final WordExplainer owner;
    private final Features row;
    private final String text;
    /** Every occurrence of an explained word, by start: {start, end, word index}. */
    private final int[][] spans;
    private final int cls;
    private final FeatureSchema schema;
    private final Provenance provenance;

    Coalitions(WordExplainer owner, Features row, String text, List<List<int[]>> byWord, int cls, FeatureSchema schema) {
      this.owner = owner;
      this.row = row;
      this.text = text;
      List<int[]> all = new ArrayList<>();
      for (int w = 0; w < byWord.size(); w++) {
        for (int[] at : byWord.get(w)) {
          all.add(new int[] {at[0], at[1], w});
        }
      }
      all.sort((a, b) -> Integer.compare(a[0], b[0]));
      this.spans = all.toArray(new int[0][]);
      this.cls = cls;
      this.schema = schema;
      this.provenance = owner.scorer.provenance();
    }

    @Override
    public Provenance provenance() {
      return provenance;
    }

    @Override
    public FeatureSchema schema() {
      return schema;
    }

    @Override
    public Score score(Features z) {
      return scoreBatch(List.of(z)).get(0);
    }

    @Override
    public List<Score> scoreBatch(List<? extends Features> zs) {
      MutableFeatures m = Features.mutable(row.schema());
      m.copyFrom(row);
      List<Features> texts = new ArrayList<>(zs.size());
      for (Features z : zs) {
        StringBuilder sb = new StringBuilder(text.length());
        int from = 0;
        for (int[] span : spans) {
          if (!z.bool(span[2])) {
            sb.append(text, from, span[0]).append(' ');
            from = span[1];
          }
        }
        sb.append(text, from, text.length());
        texts.add(m.setString(owner.feature, sb.toString()).snapshot());
      }
      List<Score> scores = owner.scorer.scoreBatch(texts);
      List<Score> out = new ArrayList<>(scores.size());
      for (Score s : scores) {
        double v = explained(s, cls);
        out.add(Score.value(v, v, provenance));
      }
      return out;
    }

    @Override
    public Explanation explain(Features z) {
      throw new UnsupportedOperationException("coalition values are not explained");
    }
  }
}
