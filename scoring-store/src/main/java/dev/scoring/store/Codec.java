package dev.scoring.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.FeatureType;
import dev.scoring.api.Features;
import dev.scoring.api.FiredRule;
import dev.scoring.api.Provenance;
import dev.scoring.api.ReviewStatus;
import dev.scoring.api.Score;
import dev.scoring.api.ScoreKind;
import dev.scoring.review.AuditRecord;
import dev.scoring.review.LabelledExample;
import dev.scoring.review.Redaction;
import dev.scoring.review.Resolution;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JSON the store keeps in its text columns: decisions, inputs (with their feature types, so a
 * row reads back without the host's schema; personal values redacted), resolutions and labelled
 * examples. Thread-safe.
 */
final class Codec {

  private static final JsonFactory JSON = new JsonFactory();
  /** Feature types as inputs name them, by ordinal. */
  private static final String[] TYPE_NAMES = java.util.Arrays.stream(FeatureType.values())
      .map(t -> t.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);

  private final Redaction redaction;

  Codec(Redaction redaction) {
    this.redaction = redaction;
  }

  Redaction redaction() {
    return redaction;
  }

  // ---- writing

  /**
   * The decision with personal values in its texts redacted, in the one JSON shape of decisions:
   * its audit record's ({@link AuditRecord#toJson(Redaction)}).
   */
  String decision(Decision d, long inputDigest, Features input) {
    return new AuditRecord(d, inputDigest, input).toJson(redaction);
  }

  /** The input as {@code [[name, type, value], ...]}; personal values dropped (null) or replaced by their token. */
  String input(Features row) {
    return write(g -> input(g, row));
  }

  /**
   * A reviewer's resolution; personal values in its free text (label, reason) are replaced by
   * their tokens, found by {@link Redaction#freeText} among the stored record's {@code tokens}.
   */
  String resolution(Resolution r, List<String> tokens) {
    return write(g -> {
      g.writeStartObject();
      g.writeStringField("reviewer", r.reviewer());
      g.writeFieldName("action");
      action(g, r.action());
      g.writeStringField("label", redaction.freeText(r.label(), tokens));
      g.writeStringField("reason", redaction.freeText(r.reason(), tokens));
      g.writeEndObject();
    });
  }

  /** The tokens that stand for {@code row}'s personal values (none when they are dropped or missing). */
  List<String> tokens(Features row) {
    List<String> tokens = new ArrayList<>();
    FeatureSchema schema = row.schema();
    for (int i = 0; i < schema.size(); i++) {
      if (redaction.isPersonal(schema, schema.feature(i).name()) && redaction.value(row, i) instanceof String t) {
        tokens.add(t);
      }
    }
    return tokens;
  }

  /** The tokens a stored input ({@link #input}) keeps for its personal values. */
  static List<String> storedTokens(String inputJson) {
    List<String> tokens = new ArrayList<>();
    for (Object o : list(parse(inputJson))) {
      List<Object> f = list(o);
      if (f.size() > 3 && f.get(2) instanceof String t) {
        tokens.add(t);
      }
    }
    return tokens;
  }

  /**
   * A labelled example; its input is written as {@link #input} writes it (redacted), its free
   * text with the input's personal values and those of {@code tokens} replaced.
   */
  String example(LabelledExample e, List<String> tokens) {
    return write(g -> {
      g.writeStartObject();
      g.writeStringField("decisionId", e.decisionId());
      g.writeFieldName("input");
      input(g, e.input());
      g.writeStringField("label", redaction.freeText(redaction.text(e.label(), e.input()), tokens));
      g.writeFieldName("action");
      action(g, redact(e.action(), e.input()));
      g.writeFieldName("originalAction");
      action(g, redact(e.originalAction(), e.input()));
      if (e.reviewerId() != null) {
        g.writeStringField("reviewer", e.reviewerId());
      }
      g.writeStringField("reason", redaction.freeText(redaction.text(e.reason(), e.input()), tokens));
      g.writeArrayFieldStart("models");
      for (Provenance p : e.models()) {
        provenance(g, p);
      }
      g.writeEndArray();
      g.writeStringField("recordedAt", e.recordedAt().toString());
      g.writeEndObject();
    });
  }

  private Action redact(Action a, Features input) {
    return a instanceof Action.Review r ? Action.review(r.queue(), redaction.text(r.reason(), input)) : a;
  }

  private void input(JsonGenerator g, Features row) throws IOException {
    g.writeStartArray();
    FeatureSchema schema = row.schema();
    for (int i = 0; i < schema.size(); i++) {
      g.writeStartArray();
      g.writeString(schema.feature(i).name());
      g.writeString(TYPE_NAMES[schema.feature(i).type().ordinal()]);
      Object v = redaction.value(row, i);
      boolean personal = redaction.isPersonal(schema, schema.feature(i).name());
      if (v == null) {
        g.writeNull();
      } else if (personal) {
        g.writeString(v.toString());
      } else if (v instanceof Double d) {
        g.writeNumber(d);
      } else if (v instanceof Boolean b) {
        g.writeBoolean(b);
      } else if (v instanceof Instant t) {
        g.writeNumber(t.toEpochMilli());
      } else {
        g.writeString(v.toString());
      }
      if (personal) {
        g.writeString("redacted");
      }
      g.writeEndArray();
    }
    g.writeEndArray();
  }

  private static void provenance(JsonGenerator g, Provenance p) throws IOException {
    g.writeStartArray();
    g.writeString(p.scorerId());
    g.writeString(p.type());
    g.writeString(p.modelVersion());
    g.writeString(p.modelDigest());
    g.writeEndArray();
  }

  private static void action(JsonGenerator g, Action a) throws IOException {
    g.writeStartObject();
    if (a instanceof Action.Auto auto) {
      g.writeStringField("type", auto.negative() ? "negative" : "auto");
      g.writeStringField("name", auto.name());
    } else if (a instanceof Action.Route route) {
      g.writeStringField("type", "route");
      g.writeStringField("team", route.team());
    } else if (a instanceof Action.Review review) {
      g.writeStringField("type", "review");
      g.writeStringField("queue", review.queue());
      g.writeStringField("reason", review.reason());
    }
    g.writeEndObject();
  }

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static String write(Body body) {
    StringWriter out = new StringWriter(1024);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  // ---- reading

  /** A decision from its audit record's JSON ({@link AuditRecord#toJson(Redaction)}). */
  static Decision readDecision(String json) {
    Map<String, Object> m = object(parse(json));
    List<Score> scores = new ArrayList<>();
    for (Object o : list(m.get("scores"))) {
      Map<String, Object> s = object(o);
      List<String> classes = strings(s.getOrDefault("classes", List.of()));
      List<Object> probs = list(s.getOrDefault("probabilities", List.of()));
      double[] p = new double[probs.size()];
      for (int i = 0; i < p.length; i++) {
        p[i] = number(probs.get(i));
      }
      Provenance provenance = new Provenance(text(s.get("scorer")), text(s.get("type")), text(s.get("modelVersion")),
          text(s.get("modelDigest")));
      scores.add(new Score(number(s.get("value")), number(s.get("margin")), ScoreKind.valueOf(text(s.get("kind"))),
          (String) s.get("label"), classes, p, provenance));
    }
    List<FiredRule> fired = new ArrayList<>();
    for (Object o : list(m.get("firedRules"))) {
      Map<String, Object> r = object(o);
      fired.add(new FiredRule(text(r.get("name")), text(r.get("text")), text(r.get("outcome"))));
    }
    Object score = m.get("score");
    return new Decision(text(m.get("decisionId")), action(m.get("action")), action(m.get("proposed")),
        score == null ? Double.NaN : number(score), scores, fired, strings(m.get("reasons")),
        Boolean.TRUE.equals(m.get("fallback")), ReviewStatus.valueOf(text(m.get("review"))),
        Instant.parse(text(m.get("decidedAt"))));
  }

  /** The input; redacted values read back as missing (the stored JSON keeps their tokens). */
  static Features readInput(String json) {
    List<Object> features = list(parse(json));
    FeatureSchema.Builder b = FeatureSchema.builder();
    for (Object o : features) {
      List<Object> f = list(o);
      b.add(text(f.get(0)), FeatureType.valueOf(text(f.get(1)).toUpperCase(Locale.ROOT)));
      if (f.size() > 3) {
        b.personal(text(f.get(0)));
      }
    }
    FeatureSchema schema = b.build();
    Features.Builder row = Features.builder(schema);
    for (int i = 0; i < features.size(); i++) {
      List<Object> f = list(features.get(i));
      Object v = f.get(2);
      if (v == null || f.size() > 3) {
        continue;
      }
      FeatureType type = schema.feature(i).type();
      row.set(schema.feature(i).name(), switch (type) {
        case NUMBER -> ((Number) v).doubleValue();
        case TIMESTAMP -> Instant.ofEpochMilli(((Number) v).longValue());
        default -> v;
      });
    }
    return row.build();
  }

  static Resolution readResolution(String json) {
    Map<String, Object> m = object(parse(json));
    return new Resolution(text(m.get("reviewer")), action(m.get("action")), text(m.get("label")), text(m.get("reason")));
  }

  static LabelledExample readExample(String json) {
    Map<String, Object> m = object(parse(json));
    List<Provenance> models = new ArrayList<>();
    for (Object o : list(m.get("models"))) {
      models.add(provenance(o));
    }
    return new LabelledExample(text(m.get("decisionId")), readInput(write(g -> copy(g, m.get("input")))),
        text(m.get("label")), action(m.get("action")), action(m.get("originalAction")), (String) m.get("reviewer"),
        text(m.get("reason")), models, Instant.parse(text(m.get("recordedAt"))));
  }

  private static void copy(JsonGenerator g, @Nullable Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof List<?> l) {
      g.writeStartArray();
      for (Object o : l) {
        copy(g, o);
      }
      g.writeEndArray();
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName(e.getKey().toString());
        copy(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof Double d) {
      g.writeNumber(d);
    } else if (v instanceof Long n) {
      g.writeNumber(n);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else {
      g.writeString(v.toString());
    }
  }

  private static Provenance provenance(@Nullable Object o) {
    List<String> p = strings(o);
    return new Provenance(p.get(0), p.get(1), p.get(2), p.get(3));
  }

  private static Action action(@Nullable Object o) {
    Map<String, Object> a = object(o);
    return switch (text(a.get("type"))) {
      case "auto" -> Action.auto(text(a.get("name")));
      case "negative" -> Action.negative(text(a.get("name")));
      case "route" -> Action.route(text(a.get("team")));
      case "review" -> Action.review(text(a.get("queue")), text(a.get("reason")));
      default -> throw new StoreException("unknown action type in stored JSON: " + a);
    };
  }

  private static @Nullable Object parse(String json) {
    try (JsonParser p = JSON.createParser(json)) {
      p.nextToken();
      return value(p);
    } catch (IOException e) {
      throw new StoreException("stored JSON is not valid: " + e.getMessage(), e);
    }
  }

  private static @Nullable Object value(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      throw new StoreException("stored JSON ends early");
    }
    switch (t) {
      case START_OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          Object v = value(p);
          if (v != null) {
            m.put(name, v);
          }
        }
        return m;
      }
      case START_ARRAY -> {
        List<@Nullable Object> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          l.add(value(p));
        }
        return l;
      }
      case VALUE_STRING -> {
        return p.getText();
      }
      case VALUE_NUMBER_INT -> {
        return p.getLongValue();
      }
      case VALUE_NUMBER_FLOAT -> {
        return p.getDoubleValue();
      }
      case VALUE_TRUE -> {
        return Boolean.TRUE;
      }
      case VALUE_FALSE -> {
        return Boolean.FALSE;
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new StoreException("unexpected token in stored JSON: " + t);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(@Nullable Object o) {
    if (o instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new StoreException("stored JSON: expected an object, got " + o);
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(@Nullable Object o) {
    if (o instanceof List<?> l) {
      return (List<Object>) l;
    }
    throw new StoreException("stored JSON: expected an array, got " + o);
  }

  private static List<String> strings(@Nullable Object o) {
    List<String> out = new ArrayList<>();
    for (Object v : list(o)) {
      out.add(text(v));
    }
    return out;
  }

  private static String text(@Nullable Object o) {
    if (o instanceof String s) {
      return s;
    }
    throw new StoreException("stored JSON: expected a string, got " + o);
  }

  private static double number(@Nullable Object o) {
    if (o instanceof Number n) {
      return n.doubleValue();
    }
    throw new StoreException("stored JSON: expected a number, got " + o);
  }
}
