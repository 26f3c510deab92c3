package dev.scoring.examples.triage;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.ModelSource;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerSpec;
import dev.scoring.api.Scorers;
import dev.scoring.onnx.OnnxOptions;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Buyer journeys scored by a sequence model: the conversion probability of an account from its
 * events, in order, with the event type, the page or product category, and the hours since the
 * previous event. The committed {@code journeys-gru.onnx} is a GRU trained on generated journeys with
 * a planted order signal (see tools/sequence-models/train_journeys.py).
 *
 * <p><b>How a host passes a sequence.</b> A row holds the journey as three text features of
 * space-separated tokens, one token per event, in order: {@code event_types = "page_view
 * page_view invite_teammate"}, {@code categories = "pricing security product"}, {@code gap_hours =
 * "0 3.5 20"}. The {@code onnx} scorer's {@code sequence} layout turns them into the model's
 * {@code [N, 32, 3]} string tensor: step {@code t} takes token {@code t} of each feature, a journey
 * longer than 32 events keeps its last 32, a shorter one is padded at the start with {@code "0"}
 * steps (which the graph maps to its padding ids and 0 hours). {@link #features(FeatureSchema, List)}
 * builds such a row from a list of {@link Event}s.
 */
public final class Journeys {

  /** The longest journey the model reads (the last events are kept). */
  public static final int MAX_EVENTS = 32;

  private static final Pattern TOKEN = Pattern.compile("[^\\s,]+");

  private Journeys() {}

  /**
   * One event of a journey.
   *
   * @param type the event type, e.g. {@code "page_view"}
   * @param category the page or product category, e.g. {@code "pricing"}; {@code "none"} if none
   * @param hoursSincePrevious hours since the previous event (0 for the first), finite and not negative
   */
  public record Event(String type, String category, double hoursSincePrevious) {
    /** Checks that the names are single tokens and the gap is a duration. */
    public Event {
      if (!TOKEN.matcher(type).matches() || !TOKEN.matcher(category).matches()) {
        throw new IllegalArgumentException("event type and category must be single tokens (no spaces or commas): '"
            + type + "', '" + category + "'");
      }
      if (!(hoursSincePrevious >= 0) || Double.isInfinite(hoursSincePrevious)) {
        throw new IllegalArgumentException("hours since the previous event must be finite and >= 0: " + hoursSincePrevious);
      }
    }
  }

  /** The schema: {@code event_types}, {@code categories} and {@code gap_hours}, three text features. */
  public static FeatureSchema schema() {
    return FeatureSchema.builder().text("event_types").text("categories").text("gap_hours").build();
  }

  /** The committed GRU as an {@code onnx} scorer over {@code schema}; the score is the conversion probability. */
  public static Scorer load(FeatureSchema schema) {
    return Scorers.load(ScorerSpec.builder("onnx")
        .id("journeys-gru")
        .source(ModelSource.resource(Journeys.class.getClassLoader(), TicketTriage.resource("journeys-gru.onnx")))
        .schema(schema)
        .option(OnnxOptions.INPUT_LAYOUT, "sequence")
        .option(OnnxOptions.INPUT_FEATURES, "event_types,categories,gap_hours")
        .option(OnnxOptions.SEQUENCE_MAX_LENGTH, Integer.toString(MAX_EVENTS))
        .option(OnnxOptions.SEQUENCE_PADDING, "0")
        .option(OnnxOptions.SEQUENCE_PADDING_SIDE, "start")
        .option(OnnxOptions.SEQUENCE_TRUNCATE, "start")
        .option(OnnxOptions.OUTPUT_KIND, "probability")
        .build());
  }

  /** A row of {@code schema} holding {@code events} in the encoding above. */
  public static Features features(FeatureSchema schema, List<Event> events) {
    StringBuilder types = new StringBuilder();
    StringBuilder categories = new StringBuilder();
    StringBuilder gaps = new StringBuilder();
    for (Event e : events) {
      String sep = types.length() == 0 ? "" : " ";
      types.append(sep).append(e.type());
      categories.append(sep).append(e.category());
      gaps.append(sep).append(e.hoursSincePrevious());
    }
    return Features.builder(schema)
        .set("event_types", types.toString())
        .set("categories", categories.toString())
        .set("gap_hours", gaps.toString())
        .build();
  }
}
