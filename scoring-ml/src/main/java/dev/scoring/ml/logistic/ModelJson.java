package dev.scoring.ml.logistic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.scoring.api.ModelException;
import dev.scoring.ml.internal.JsonErrors;
import dev.scoring.ml.calibration.Calibrator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Reads and writes the logistic model JSON format (version 1), described in the module README. */
final class ModelJson {

  static final String FORMAT = "dev.scoring.logistic";
  private static final JsonFactory JSON = new JsonFactory();

  private ModelJson() {}

  // ------------------------------------------------------------------------------------- write

  static String write(LogisticModel m) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("format", FORMAT);
      g.writeNumberField("format_version", LogisticModel.FORMAT_VERSION);
      g.writeStringField("model_version", m.modelVersion);
      g.writeArrayFieldStart("classes");
      for (String c : m.classes) {
        g.writeString(c);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("features");
      for (Transformation.Block b : m.transformation.blocks) {
        g.writeStartObject();
        g.writeStringField("name", b.name());
        g.writeStringField("type", b.kind().json());
        switch (b.kind()) {
          case CATEGORY -> {
            g.writeArrayFieldStart("levels");
            for (String l : b.levels()) {
              g.writeString(l);
            }
            g.writeEndArray();
            g.writeBooleanField("other", b.other());
          }
          case TIMESTAMP -> {
            g.writeNumberField("reference_epoch_millis", (long) b.referenceMillis());
            g.writeNumberField("center", b.center());
            g.writeNumberField("scale", b.scale());
          }
          case NUMBER -> {
            g.writeNumberField("center", b.center());
            g.writeNumberField("scale", b.scale());
          }
          case BOOLEAN -> { }
        }
        g.writeBooleanField("missing_indicator", b.missingIndicator());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("columns");
      for (String c : m.transformation.columnNames) {
        g.writeString(c);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("coefficients");
      for (double[] row : m.coef) {
        writeNumbers(g, row);
      }
      g.writeEndArray();
      g.writeFieldName("standard_errors");
      writeNumbers(g, m.standardErrors);
      g.writeFieldName("calibration");
      if (m.calibration == null) {
        g.writeNull();
      } else {
        g.writeRawValue(m.calibration.toJson());
      }
      TrainingProvenance p = m.provenance;
      g.writeObjectFieldStart("provenance");
      g.writeNumberField("training_rows", p.trainingRows());
      g.writeNumberField("training_weight", p.trainingWeight());
      g.writeStringField("training_data_digest", p.trainingDataDigest());
      g.writeObjectFieldStart("hyper_parameters");
      for (Map.Entry<String, String> e : p.hyperParameters().entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeStringField("solver", p.solver());
      g.writeNumberField("iterations", p.iterations());
      g.writeStringField("library_version", p.libraryVersion());
      g.writeStringField("java_version", p.javaVersion());
      g.writeStringField("created_at", p.createdAt().toString());
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString() + "\n";
  }

  private static void writeNumbers(JsonGenerator g, double[] values) throws IOException {
    g.writeStartArray();
    for (double v : values) {
      g.writeNumber(v);
    }
    g.writeEndArray();
  }

  // -------------------------------------------------------------------------------------- read

  static LogisticModel read(String json, String source) {
    try {
      checkVersion(json, source);
      return new Reader(json, source).model();
    } catch (JsonProcessingException e) {
      throw new ModelException(source + ": " + JsonErrors.describe(e), e);
    } catch (IOException e) {
      throw new ModelException(source + ": cannot read logistic model: " + e.getMessage(), e);
    }
  }

  /** A first pass over the top level only, so a newer file fails on its version, not on a field we do not know. */
  private static void checkVersion(String json, String source) throws IOException {
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw fail(p, source, "a logistic model file is a JSON object");
      }
      String format = null;
      long version = -1;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        if (field.equals("format") && t == JsonToken.VALUE_STRING) {
          format = p.getText();
        } else if (field.equals("format_version")) {
          if (t != JsonToken.VALUE_NUMBER_INT) {
            throw fail(p, source, "'format_version' must be an integer");
          }
          version = p.getLongValue();
        } else {
          p.skipChildren();
        }
      }
      if (!FORMAT.equals(format)) {
        throw new ModelException(source + ": not a logistic model file: 'format' must be \"" + FORMAT + "\", got "
            + (format == null ? "none" : "\"" + format + "\""));
      }
      if (version < 0) {
        throw new ModelException(source + ": logistic model file has no 'format_version'");
      }
      if (version > LogisticModel.FORMAT_VERSION) {
        throw new ModelException(source + ": logistic model format_version " + version
            + " is newer than this library reads (up to " + LogisticModel.FORMAT_VERSION
            + "); it was written by a newer scoring-ml: upgrade to read it");
      }
      if (version < 1) {
        throw new ModelException(source + ": logistic model format_version must be at least 1, got " + version);
      }
    }
  }

  static ModelException fail(JsonParser p, String source, String message) {
    JsonLocation l = p.currentTokenLocation();
    return new ModelException(source + " line " + l.getLineNr() + " column " + l.getColumnNr() + ": " + message);
  }

  private static final class Reader {
    private final String json;
    private final String source;
    private final JsonParser p;

    Reader(String json, String source) throws IOException {
      this.json = json;
      this.source = source;
      this.p = JSON.createParser(json);
    }

    ModelException fail(String message) {
      return ModelJson.fail(p, source, message);
    }

    LogisticModel model() throws IOException {
      try (p) {
        p.nextToken();
        String version = null;
        List<String> classes = null;
        List<Transformation.Block> blocks = null;
        List<String> columns = null;
        List<double[]> coef = null;
        double[] se = null;
        Calibrator calibration = null;
        boolean sawCalibration = false;
        TrainingProvenance provenance = null;
        Set<String> seen = new HashSet<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          if (!seen.add(field)) {
            throw fail("duplicate field '" + field + "'");
          }
          p.nextToken();
          switch (field) {
            case "format", "format_version" -> { } // checked in the first pass
            case "model_version" -> version = string(field);
            case "classes" -> classes = strings(field);
            case "features" -> blocks = features();
            case "columns" -> columns = strings(field);
            case "coefficients" -> {
              expect(JsonToken.START_ARRAY, "'coefficients' must be an array of arrays of numbers");
              coef = new ArrayList<>();
              while (p.nextToken() != JsonToken.END_ARRAY) {
                coef.add(numbers(field));
              }
            }
            case "standard_errors" -> se = numbers(field);
            case "calibration" -> {
              sawCalibration = true;
              if (p.currentToken() != JsonToken.VALUE_NULL) {
                expect(JsonToken.START_OBJECT, "'calibration' must be an object or null");
                JsonLocation start = p.currentTokenLocation();
                int from = (int) start.getCharOffset();
                p.skipChildren();
                int to = (int) p.currentLocation().getCharOffset();
                calibration = Calibrator.fromJson(json.substring(from, to),
                    source + " 'calibration' (from line " + start.getLineNr() + ")");
              }
            }
            case "provenance" -> provenance = provenance();
            default -> throw fail("unknown field '" + field + "' in a format_version " + LogisticModel.FORMAT_VERSION + " logistic model");
          }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
          throw fail("expected a field name or the end of the model object");
        }
        if (p.nextToken() != null) {
          throw fail("unexpected content after the model object");
        }
        String versionValue = require(version, "model_version");
        List<String> classList = require(classes, "classes");
        var blockList = require(blocks, "features");
        List<String> columnList = require(columns, "columns");
        var coefList = require(coef, "coefficients");
        var seValue = require(se, "standard_errors");
        var provenanceValue = require(provenance, "provenance");
        if (!sawCalibration) {
          throw fail("missing field 'calibration' (null when there is none)");
        }
        if (new HashSet<>(classList).size() != classList.size()) {
          throw fail("'classes' has duplicates: " + classList);
        }
        Transformation t;
        try {
          t = new Transformation(blockList);
        } catch (IllegalArgumentException e) {
          throw fail("'features': " + e.getMessage());
        }
        if (!t.columnNames.equals(columnList)) {
          throw fail("'columns' " + columnList + " do not match the columns the 'features' define: " + t.columnNames);
        }
        try {
          return new LogisticModel(versionValue, classList, t, coefList.toArray(new double[0][]), seValue, calibration,
              provenanceValue);
        } catch (IllegalArgumentException e) {
          throw fail(String.valueOf(e.getMessage()));
        }
      }
    }

    private <T> T require(@Nullable T value, String field) {
      if (value == null) {
        throw fail("missing field '" + field + "'");
      }
      return value;
    }

    private void expect(JsonToken token, String message) {
      if (p.currentToken() != token) {
        throw fail(message);
      }
    }

    private String string(String field) throws IOException {
      expect(JsonToken.VALUE_STRING, "'" + field + "' must be a string");
      return p.getText();
    }

    private double number(String field) throws IOException {
      JsonToken t = p.currentToken();
      if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
        throw fail("'" + field + "' must be a number");
      }
      double v = p.getDoubleValue();
      if (!Double.isFinite(v)) {
        throw fail("'" + field + "' must be finite");
      }
      return v;
    }

    private long integer(String field) throws IOException {
      expect(JsonToken.VALUE_NUMBER_INT, "'" + field + "' must be an integer");
      return p.getLongValue();
    }

    private boolean bool(String field) throws IOException {
      JsonToken t = p.currentToken();
      if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
        throw fail("'" + field + "' must be true or false");
      }
      return t == JsonToken.VALUE_TRUE;
    }

    private List<String> strings(String field) throws IOException {
      expect(JsonToken.START_ARRAY, "'" + field + "' must be an array of strings");
      List<String> out = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        out.add(string(field));
      }
      return out;
    }

    private double[] numbers(String field) throws IOException {
      expect(JsonToken.START_ARRAY, "'" + field + "' must be an array of numbers");
      List<Double> out = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        out.add(number(field));
      }
      double[] a = new double[out.size()];
      for (int i = 0; i < a.length; i++) {
        a[i] = out.get(i);
      }
      return a;
    }

    private List<Transformation.Block> features() throws IOException {
      expect(JsonToken.START_ARRAY, "'features' must be an array of objects");
      List<Transformation.Block> blocks = new ArrayList<>();
      Set<String> names = new HashSet<>();
      int column = 0;
      while (p.nextToken() != JsonToken.END_ARRAY) {
        expect(JsonToken.START_OBJECT, "each of 'features' must be an object");
        String name = null;
        Transformation.Kind kind = null;
        double center = 0;
        double scale = 1;
        double reference = 0;
        List<String> levels = List.of();
        boolean other = false;
        Boolean indicator = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          p.nextToken();
          switch (field) {
            case "name" -> name = string(field);
            case "type" -> {
              String t = string(field);
              kind = switch (t) {
                case "number" -> Transformation.Kind.NUMBER;
                case "boolean" -> Transformation.Kind.BOOLEAN;
                case "timestamp" -> Transformation.Kind.TIMESTAMP;
                case "category" -> Transformation.Kind.CATEGORY;
                default -> throw fail("feature type must be number, boolean, timestamp or category, got \"" + t + "\"");
              };
            }
            case "center" -> center = number(field);
            case "scale" -> {
              scale = number(field);
              if (!(scale > 0)) {
                throw fail("'scale' must be positive, got " + scale);
              }
            }
            case "reference_epoch_millis" -> reference = integer(field);
            case "levels" -> levels = strings(field);
            case "other" -> other = bool(field);
            case "missing_indicator" -> indicator = bool(field);
            default -> throw fail("unknown feature field '" + field + "'");
          }
        }
        if (name == null || kind == null || indicator == null) {
          throw fail("a feature needs 'name', 'type' and 'missing_indicator'");
        }
        if (!names.add(name)) {
          throw fail("feature '" + name + "' appears twice");
        }
        if (new HashSet<>(levels).size() != levels.size()) {
          throw fail("feature '" + name + "' has duplicate levels");
        }
        Transformation.Block b = new Transformation.Block(name, kind, center, scale, reference, levels, other, indicator, column);
        column += b.width();
        blocks.add(b);
      }
      return blocks;
    }

    private TrainingProvenance provenance() throws IOException {
      expect(JsonToken.START_OBJECT, "'provenance' must be an object");
      long rows = -1;
      double weight = Double.NaN;
      String digest = null;
      Map<String, String> hyper = null;
      String solver = null;
      long iterations = -1;
      String library = null;
      String java = null;
      Instant created = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "training_rows" -> rows = integer(field);
          case "training_weight" -> weight = number(field);
          case "training_data_digest" -> digest = string(field);
          case "hyper_parameters" -> {
            expect(JsonToken.START_OBJECT, "'hyper_parameters' must be an object of strings");
            hyper = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String key = p.currentName();
              p.nextToken();
              hyper.put(key, string(key));
            }
          }
          case "solver" -> solver = string(field);
          case "iterations" -> iterations = integer(field);
          case "library_version" -> library = string(field);
          case "java_version" -> java = string(field);
          case "created_at" -> {
            String s = string(field);
            try {
              created = Instant.parse(s);
            } catch (DateTimeParseException e) {
              throw fail("'created_at' must be an ISO-8601 instant, got \"" + s + "\"");
            }
          }
          default -> throw fail("unknown provenance field '" + field + "'");
        }
      }
      if (rows < 0 || Double.isNaN(weight) || digest == null || hyper == null || solver == null || iterations < 0
          || library == null || java == null || created == null) {
        throw fail("'provenance' needs training_rows, training_weight, training_data_digest, hyper_parameters, "
            + "solver, iterations, library_version, java_version and created_at");
      }
      return new TrainingProvenance(rows, weight, digest, hyper, solver, (int) iterations, library, java, created);
    }
  }
}
