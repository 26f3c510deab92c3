package dev.scoring.examples.triage;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ModelSource;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerSpec;
import dev.scoring.api.Scorers;
import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import dev.scoring.decision.DecisionPipeline;
import dev.scoring.decision.GuardrailPolicy;
import dev.scoring.onnx.OnnxOptions;
import dev.scoring.onnx.TextGuard;
import dev.scoring.onnx.WordExplainer;
import dev.scoring.review.BoundedReviewQueue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * IT ticket triage from raw text: a host routes each ticket to its category's queue with a trained
 * neural model, names the words that drove it, and sends what it is unsure about to a person.
 *
 * <p>The pipeline: a {@link TextGuard} (missing, empty, over-long or mostly unknown text goes to
 * review with the reason), the {@code tickets-mlp.onnx} model (three small neural networks over the TF-IDF
 * vector of the words, their probabilities averaged; tokenised inside the graph, so the host passes the text
 * as it is), and a class policy: the
 * predicted category's queue when the model is sure ({@link #MIN_PROBABILITY}, {@link #MIN_MARGIN}),
 * review otherwise; {@code Miscellaneous} always goes to the triage desk. Reviews carry the words that
 * moved the predicted class ({@link WordExplainer}, Shapley values of the first 20 words). The models, their vocabulary and their training
 * recipe (tools/text-models) are described in the resources' SOURCE.txt.
 *
 * <p>Thread-safe; close it to free the model's native session.
 */
public final class TicketTriage implements AutoCloseable {

  /** The ticket categories, in the models' output order. */
  public static final List<String> CATEGORIES = List.of("Access", "Administrative rights", "HR Support", "Hardware",
      "Internal Project", "Miscellaneous", "Purchase", "Storage");
  /** The neural model (the default). */
  public static final String NEURAL_MODEL = "tickets-mlp.onnx";
  /** The classical baseline: TF-IDF and multinomial logistic regression. */
  public static final String LINEAR_MODEL = "tickets-tfidf-lr.onnx";
  /** The least probability of the predicted category for automatic routing. */
  public static final double MIN_PROBABILITY = 0.8;
  /** The least lead of the predicted category over the second one for automatic routing. */
  public static final double MIN_MARGIN = 0.5;

  private final FeatureSchema schema;
  private final Scorer scorer;
  private final DecisionPipeline pipeline;

  private TicketTriage(String model) {
    this.schema = schema();
    this.scorer = WordExplainer.builder(load(model, schema), "text").build().explaining();
    GuardrailPolicy.Builder policy = GuardrailPolicy.builder().reviewQueue("triage-desk")
        .classConfidence(MIN_PROBABILITY, MIN_MARGIN);
    for (String c : CATEGORIES) {
      policy.classAction(c, c.equals("Miscellaneous")
          ? Action.review("triage-desk", "miscellaneous tickets have no team queue")
          : Action.route(queue(c)));
    }
    this.pipeline = DecisionPipeline.builder(schema)
        .rules(TextGuard.builder("text", vocabulary()).build())
        .scorer(scorer)
        .policy(policy.build())
        .reviewQueue(new BoundedReviewQueue(100_000))
        .explainReviews(3)
        .build();
  }

  /** Triage with the neural model. */
  public static TicketTriage load() {
    return new TicketTriage(NEURAL_MODEL);
  }

  /** Triage with the given committed model ({@link #NEURAL_MODEL} or {@link #LINEAR_MODEL}). */
  public static TicketTriage load(String model) {
    if (!model.equals(NEURAL_MODEL) && !model.equals(LINEAR_MODEL)) {
      throw new IllegalArgumentException("unknown model " + model + "; use " + NEURAL_MODEL + " or " + LINEAR_MODEL);
    }
    return new TicketTriage(model);
  }

  /** The schema: one text feature, {@code text}. */
  public static FeatureSchema schema() {
    return FeatureSchema.builder().text("text").build();
  }

  /**
   * Loads a committed ticket model as an {@code onnx} scorer over {@code schema}'s {@code text}
   * feature: raw text in, the eight category probabilities out.
   */
  public static Scorer load(String model, FeatureSchema schema) {
    return Scorers.load(ScorerSpec.builder("onnx")
        .id(model.replace(".onnx", ""))
        .source(ModelSource.resource(TicketTriage.class.getClassLoader(), resource(model)))
        .schema(schema)
        .option(OnnxOptions.INPUT_FEATURES, "text")
        .option(OnnxOptions.OUTPUT_CLASSES, String.join(",", CATEGORIES))
        .build());
  }

  /** The models' vocabulary (the words the models know), for the {@link TextGuard}. */
  public static Set<String> vocabulary() {
    try (InputStream in = TicketTriage.class.getClassLoader().getResourceAsStream(resource("tickets-vocabulary.txt"))) {
      if (in == null) {
        throw new IllegalStateException("tickets-vocabulary.txt is not on the class path");
      }
      return TextGuard.readVocabulary(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The queue of a category, e.g. {@code "queue-hr-support"}. */
  public static String queue(String category) {
    return "queue-" + category.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
  }

  static String resource(String name) {
    return "dev/scoring/examples/triage/" + name;
  }

  /** Decides one ticket. */
  public Decision route(String text) {
    return pipeline.decide(Features.of(schema, Map.of("text", text)));
  }

  /** The pipeline (its review queue holds the tickets sent to people). */
  public DecisionPipeline pipeline() {
    return pipeline;
  }

  /** The scorer: the model, explaining by words. */
  public Scorer scorer() {
    return scorer;
  }

  @Override
  public void close() {
    scorer.close();
  }

  /** Reads tickets, one per line, from standard input and prints each decision with its reasons. */
  public static void main(String[] args) throws IOException {
    run(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out);
  }

  /** Decides each line of {@code in} and prints the decisions to {@code out}. */
  public static void run(BufferedReader in, PrintStream out) throws IOException {
    try (TicketTriage triage = load()) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        Decision d = triage.route(line);
        out.println(d.action().describe());
        for (String r : d.reasons()) {
          out.println("  " + r);
        }
      }
    }
  }
}
