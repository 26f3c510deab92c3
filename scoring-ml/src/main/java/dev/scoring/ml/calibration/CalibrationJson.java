package dev.scoring.ml.calibration;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.scoring.api.ModelException;
import dev.scoring.ml.internal.JsonErrors;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The calibration JSON format (version 1); see the module README. */
final class CalibrationJson {

  static final String FORMAT = "dev.scoring.calibration";
  private static final JsonFactory JSON = new JsonFactory();

  private CalibrationJson() {}

  static String write(Calibrator c) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("format", FORMAT);
      g.writeNumberField("format_version", Calibrator.FORMAT_VERSION);
      g.writeStringField("method", c.method());
      g.writeNumberField("fitted_rows", c.fittedRows());
      if (c instanceof PlattCalibrator p) {
        g.writeNumberField("a", p.a());
        g.writeNumberField("b", p.b());
        g.writeStringField("input", p.logitInput() ? "logit" : "identity");
      } else if (c instanceof IsotonicCalibrator i) {
        writeArray(g, "x", i.knots());
        writeArray(g, "y", i.values());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void writeArray(JsonGenerator g, String name, double[] values) throws IOException {
    g.writeArrayFieldStart(name);
    for (double v : values) {
      g.writeNumber(v);
    }
    g.writeEndArray();
  }

  static Calibrator read(String json, String source) {
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw error(p, source, "expected a calibration JSON object");
      }
      String format = null;
      String method = null;
      String input = null;
      long version = -1;
      long rows = -1;
      double a = Double.NaN;
      double b = Double.NaN;
      double[] x = null;
      double[] y = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "format" -> format = text(p, source, field);
          case "format_version" -> {
            version = integer(p, source, field);
            if (version > Calibrator.FORMAT_VERSION) {
              throw error(p, source, "calibration format_version " + version + " is newer than this library reads (up to "
                  + Calibrator.FORMAT_VERSION + "); upgrade dev.scoring:scoring-ml");
            }
            if (version < 1) {
              throw error(p, source, "calibration format_version must be at least 1, got " + version);
            }
          }
          case "method" -> method = text(p, source, field);
          case "fitted_rows" -> rows = integer(p, source, field);
          case "a" -> a = number(p, source, field);
          case "b" -> b = number(p, source, field);
          case "input" -> input = text(p, source, field);
          case "x" -> x = array(p, source, field);
          case "y" -> y = array(p, source, field);
          default -> throw error(p, source, "unknown calibration field '" + field + "'");
        }
      }
      if (!FORMAT.equals(format)) {
        throw error(p, source, "calibration 'format' must be \"" + FORMAT + "\", got " + (format == null ? "none" : "\"" + format + "\""));
      }
      if (version < 0) {
        throw error(p, source, "calibration has no 'format_version'");
      }
      if (rows < 0) {
        throw error(p, source, "calibration has no 'fitted_rows'");
      }
      try {
        if ("platt".equals(method)) {
          if (Double.isNaN(a) || Double.isNaN(b) || input == null) {
            throw error(p, source, "a platt calibration needs 'a', 'b' and 'input'");
          }
          if (!input.equals("logit") && !input.equals("identity")) {
            throw error(p, source, "platt 'input' must be \"logit\" or \"identity\", got \"" + input + "\"");
          }
          return new PlattCalibrator(a, b, input.equals("logit"), rows);
        }
        if ("isotonic".equals(method)) {
          if (x == null || y == null) {
            throw error(p, source, "an isotonic calibration needs 'x' and 'y'");
          }
          return IsotonicCalibrator.of(x, y, rows);
        }
      } catch (IllegalArgumentException e) {
        throw error(p, source, e.getMessage());
      }
      throw error(p, source, "calibration 'method' must be \"platt\" or \"isotonic\", got " + (method == null ? "none" : "\"" + method + "\""));
    } catch (JsonProcessingException e) {
      throw new ModelException(source + ": " + JsonErrors.describe(e), e);
    } catch (IOException e) {
      throw new ModelException(source + ": cannot read calibration JSON: " + e.getMessage(), e);
    }
  }

  private static String text(JsonParser p, String source, String field) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw error(p, source, "'" + field + "' must be a string");
    }
    return p.getText();
  }

  private static long integer(JsonParser p, String source, String field) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw error(p, source, "'" + field + "' must be an integer");
    }
    return p.getLongValue();
  }

  private static double number(JsonParser p, String source, String field) throws IOException {
    if (!p.currentToken().isNumeric()) {
      throw error(p, source, "'" + field + "' must be a number");
    }
    return p.getDoubleValue();
  }

  private static double[] array(JsonParser p, String source, String field) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw error(p, source, "'" + field + "' must be an array of numbers");
    }
    List<Double> values = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      values.add(number(p, source, field));
    }
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  private static ModelException error(@Nullable JsonParser p, String source, @Nullable String message) {
    String where = "";
    if (p != null) {
      JsonLocation l = p.currentTokenLocation();
      where = " line " + l.getLineNr() + " column " + l.getColumnNr();
    }
    return new ModelException(source + where + ": " + message);
  }
}
