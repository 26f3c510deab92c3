package dev.scoring.ml.matching;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.scoring.api.ModelException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The matcher file: {@code {"format": "dev.scoring.matcher", "format_version": 1, "model_version",
 * "kind", "bias", "lambda", "fields": [{"name", "type", "sources", "thresholds", "weights", "slopes", "m", "u"}],
 * "token_weights": {"field": {"documents": N, "idf": {"token": w, ...}}}}}.
 */
final class MatcherJson {

  static final String FORMAT = "dev.scoring.matcher";
  static final int FORMAT_VERSION = 1;
  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build()).build();

  private MatcherJson() {}

  static byte[] write(Matcher matcher, String modelVersion) {
    MatchModel model = matcher.model();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("format", FORMAT);
      g.writeNumberField("format_version", FORMAT_VERSION);
      g.writeStringField("model_version", modelVersion);
      g.writeStringField("kind", model.kind().name().toLowerCase(Locale.ROOT));
      g.writeNumberField("bias", model.bias());
      if (model.kind() == MatchModel.Kind.FELLEGI_SUNTER) {
        g.writeNumberField("lambda", model.lambda());
      }
      double[][] w = model.weightTable();
      double[][] s = model.slopeTable();
      double[][] m = model.mTable();
      double[][] u = model.uTable();
      g.writeArrayFieldStart("fields");
      for (int f = 0; f < model.fields().size(); f++) {
        MatchField field = model.fields().get(f);
        g.writeStartObject();
        g.writeStringField("name", field.name());
        g.writeStringField("type", field.type().name().toLowerCase(Locale.ROOT));
        if (field.isCross()) {
          g.writeArrayFieldStart("sources");
          g.writeString(field.source());
          g.writeString(field.otherSource());
          g.writeEndArray();
        }
        array(g, "thresholds", field.thresholds());
        array(g, "weights", w[f]);
        array(g, "slopes", s[f]);
        if (m.length > 0) {
          array(g, "m", m[f]);
          array(g, "u", u[f]);
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeObjectFieldStart("token_weights");
      for (Map.Entry<String, TokenWeights> e : matcher.tokenWeights().entrySet()) {
        if (e.getValue().documents() == 0) {
          continue;
        }
        g.writeObjectFieldStart(e.getKey());
        g.writeNumberField("documents", e.getValue().documents());
        g.writeObjectFieldStart("idf");
        for (Map.Entry<String, Double> t : new java.util.TreeMap<>(e.getValue().table()).entrySet()) {
          g.writeNumberField(t.getKey(), t.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("cannot write matcher JSON", e);
    }
    return out.toByteArray();
  }

  private static void array(JsonGenerator g, String name, double[] values) throws IOException {
    g.writeArrayFieldStart(name);
    for (double v : values) {
      g.writeNumber(v);
    }
    g.writeEndArray();
  }

  /** The model version and the matcher read from {@code bytes}. */
  record Read(String modelVersion, Matcher matcher) {}

  static Read read(byte[] bytes, String source) {
    try (JsonParser p = JSON.createParser(bytes)) {
      expect(p, p.nextToken(), JsonToken.START_OBJECT, source, "the file");
      String format = null;
      int version = -1;
      String modelVersion = "unversioned";
      String kind = null;
      double bias = Double.NaN;
      double lambda = Double.NaN;
      List<FieldSpec> fields = new ArrayList<>();
      Map<String, TokenWeights> weights = new HashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        switch (name) {
          case "format" -> format = text(p, t, source, name);
          case "format_version" -> version = (int) number(p, t, source, name);
          case "model_version" -> modelVersion = text(p, t, source, name);
          case "kind" -> kind = text(p, t, source, name);
          case "bias" -> bias = number(p, t, source, name);
          case "lambda" -> lambda = number(p, t, source, name);
          case "fields" -> {
            expect(p, t, JsonToken.START_ARRAY, source, name);
            while (p.nextToken() == JsonToken.START_OBJECT) {
              fields.add(field(p, source));
            }
          }
          case "token_weights" -> {
            expect(p, t, JsonToken.START_OBJECT, source, name);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String field = p.currentName();
              expect(p, p.nextToken(), JsonToken.START_OBJECT, source, "token_weights." + field);
              int docs = 0;
              Map<String, Double> idf = new HashMap<>();
              while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                if (key.equals("documents")) {
                  docs = (int) number(p, v, source, "token_weights." + field + ".documents");
                } else if (key.equals("idf")) {
                  expect(p, v, JsonToken.START_OBJECT, source, "token_weights." + field + ".idf");
                  while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String token = p.currentName();
                    idf.put(token, number(p, p.nextToken(), source, "token_weights." + field + ".idf." + token));
                  }
                } else {
                  p.skipChildren();
                }
              }
              weights.put(field, TokenWeights.of(idf, docs));
            }
          }
          default -> p.skipChildren();
        }
      }
      if (!FORMAT.equals(format)) {
        throw new ModelException(source + ": not a matcher file (format is " + (format == null ? "absent" : "'" + format + "'")
            + ", expected '" + FORMAT + "')");
      }
      if (version != FORMAT_VERSION) {
        throw new ModelException(source + ": unsupported format_version " + version + " (this library reads " + FORMAT_VERSION + ")");
      }
      if (fields.isEmpty()) {
        throw new ModelException(source + ": 'fields' is missing or empty");
      }
      if (!Double.isFinite(bias)) {
        throw new ModelException(source + ": 'bias' is missing or not finite");
      }
      List<MatchField> mf = new ArrayList<>();
      double[][] w = new double[fields.size()][];
      double[][] s = new double[fields.size()][];
      double[][] m = new double[fields.size()][];
      double[][] u = new double[fields.size()][];
      for (int f = 0; f < fields.size(); f++) {
        FieldSpec spec = fields.get(f);
        mf.add(spec.field);
        w[f] = spec.weights;
        s[f] = spec.slopes;
        m[f] = spec.m;
        u[f] = spec.u;
      }
      MatchModel model;
      try {
        if ("fellegi_sunter".equals(kind)) {
          model = MatchModel.fellegiSunter(mf, m, u, lambda);
        } else if ("logistic".equals(kind)) {
          model = MatchModel.logistic(mf, bias, w, s);
        } else {
          throw new ModelException(source + ": 'kind' must be 'fellegi_sunter' or 'logistic', got " + kind);
        }
      } catch (IllegalArgumentException e) {
        throw new ModelException(source + ": " + e.getMessage(), e);
      }
      return new Read(modelVersion, Matcher.of(model).withTokenWeights(weights));
    } catch (IOException e) {
      throw new ModelException(source + ": malformed JSON: " + e.getMessage(), e);
    }
  }

  private record FieldSpec(MatchField field, double[] weights, double[] slopes, double[] m, double[] u) {}

  private static FieldSpec field(JsonParser p, String source) throws IOException {
    String name = null;
    String type = null;
    double[] thresholds = null;
    double[] weights = new double[0];
    double[] slopes = new double[MatchModel.FEATURES];
    double[] m = new double[0];
    double[] u = new double[0];
    List<String> sources = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      JsonToken t = p.nextToken();
      switch (key) {
        case "name" -> name = text(p, t, source, "fields[].name");
        case "type" -> type = text(p, t, source, "fields[].type");
        case "thresholds" -> thresholds = numbers(p, t, source, key);
        case "weights" -> weights = numbers(p, t, source, key);
        case "slopes" -> slopes = numbers(p, t, source, key);
        case "m" -> m = numbers(p, t, source, key);
        case "u" -> u = numbers(p, t, source, key);
        case "sources" -> {
          expect(p, t, JsonToken.START_ARRAY, source, "fields[].sources");
          JsonToken v;
          while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
            sources.add(text(p, v, source, "fields[].sources[]"));
          }
        }
        default -> p.skipChildren();
      }
    }
    if (name == null || type == null) {
      throw new ModelException(source + ": a field needs 'name' and 'type'");
    }
    FieldType ft;
    try {
      ft = FieldType.valueOf(type.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ModelException(source + ": field '" + name + "' has unknown type '" + type + "'; known: "
          + java.util.Arrays.toString(FieldType.values()).toLowerCase(Locale.ROOT));
    }
    if (!sources.isEmpty() && sources.size() != 2) {
      throw new ModelException(source + ": field '" + name + "': 'sources' must name two record values, got " + sources);
    }
    MatchField field;
    try {
      double[] th = thresholds == null ? MatchField.of(name, ft).thresholds() : thresholds;
      field = sources.isEmpty() ? new MatchField(name, ft, th) : new MatchField(name, ft, th, sources.get(0), sources.get(1));
    } catch (IllegalArgumentException e) {
      throw new ModelException(source + ": " + e.getMessage(), e);
    }
    return new FieldSpec(field, weights, slopes, m, u);
  }

  private static void expect(JsonParser p, @Nullable JsonToken t, JsonToken expected, String source, String what) {
    if (t != expected) {
      throw new ModelException(source + ": " + what + " must be " + (expected == JsonToken.START_OBJECT ? "an object" : "an array")
          + " (line " + p.currentLocation().getLineNr() + ")");
    }
  }

  private static String text(JsonParser p, @Nullable JsonToken t, String source, String what) throws IOException {
    if (t != JsonToken.VALUE_STRING) {
      throw new ModelException(source + ": '" + what + "' must be a string (line " + p.currentLocation().getLineNr() + ")");
    }
    return p.getText();
  }

  private static double number(JsonParser p, @Nullable JsonToken t, String source, String what) throws IOException {
    if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
      throw new ModelException(source + ": '" + what + "' must be a number (line " + p.currentLocation().getLineNr() + ")");
    }
    double v = p.getDoubleValue();
    if (!Double.isFinite(v)) {
      throw new ModelException(source + ": '" + what + "' is not finite");
    }
    return v;
  }

  private static double[] numbers(JsonParser p, @Nullable JsonToken t, String source, String what) throws IOException {
    expect(p, t, JsonToken.START_ARRAY, source, what);
    List<Double> values = new ArrayList<>();
    JsonToken v;
    while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
      values.add(number(p, v, source, what + "[]"));
    }
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }
}
