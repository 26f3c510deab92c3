package dev.scoring.ml.trees;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.scoring.ml.internal.JsonErrors;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.scoring.api.ModelException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A small document model read with jackson-core's streaming parser: objects become maps, arrays of
 * numbers (and booleans, as 0/1) become {@code double[]} without boxing, other arrays lists.
 * Limits on nesting, string length and array length stop absurd files before they are allocated.
 */
final class Json {

  static final int MAX_DEPTH = 64;
  static final int MAX_ARRAY = 1 << 27;
  static final int MAX_STRING = 1 << 20;

  private static final JsonFactory FACTORY = factory(MAX_DEPTH);

  /**
   * The parser XGBoost's own reader is: it also takes the non-standard numbers {@code NaN},
   * {@code Infinity} and {@code -Infinity} that XGBoost 1.x writes (in {@code split_conditions}
   * of categorical nodes, in {@code base_score}).
   */
  private static JsonFactory factory(int maxNesting) {
    return JsonFactory.builder()
        .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(maxNesting).maxStringLength(MAX_STRING).maxNumberLength(400).build())
        .build();
  }

  private final JsonParser p;
  private final String source;
  /** The growing array of the numbers being read, reused for every array so only final arrays are allocated. */
  private double[] buffer = new double[256];

  private Json(JsonParser p, String source) {
    this.p = p;
    this.source = source;
  }

  /** Parses a whole JSON document. @throws ModelException naming the source and position */
  static Object parse(byte[] bytes, String source) {
    return parse(FACTORY, bytes, source);
  }

  /** {@link #parse(byte[], String)} allowing {@code maxNesting} levels of arrays and objects. */
  static Object parse(byte[] bytes, String source, int maxNesting) {
    return parse(factory(maxNesting), bytes, source);
  }

  private static Object parse(JsonFactory factory, byte[] bytes, String source) {
    try (JsonParser p = factory.createParser(bytes)) {
      Json json = new Json(p, source);
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new ModelException(source + ": empty model file");
      }
      Object v = json.value(t);
      if (p.nextToken() != null) {
        throw json.error("trailing content after the JSON document");
      }
      return v;
    } catch (StreamConstraintsException e) {
      throw new ModelException(source + ": model exceeds a parser limit: " + JsonErrors.describe(e), e);
    } catch (JsonProcessingException e) {
      throw new ModelException(source + ": " + JsonErrors.describe(e), e);
    } catch (IOException e) {
      throw new ModelException(source + ": cannot read: " + e.getMessage(), e);
    }
  }

  private Object value(JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT: {
        Map<String, Object> map = new LinkedHashMap<>();
        for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
          String name = p.currentName();
          map.put(name, value(p.nextToken()));
        }
        return map;
      }
      case START_ARRAY:
        return array();
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        return p.getDoubleValue();
      case VALUE_NUMBER_FLOAT:
        return number();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return NULL;
      default:
        throw error("unexpected " + t);
    }
  }

  private Object array() throws IOException {
    double[] nums = buffer;
    int n = 0;
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      double v;
      if (t == JsonToken.VALUE_NUMBER_INT) {
        v = p.getDoubleValue();
      } else if (t == JsonToken.VALUE_NUMBER_FLOAT) {
        v = number();
      } else if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
        v = t == JsonToken.VALUE_TRUE ? 1 : 0;
      } else {
        List<Object> list = new ArrayList<>(n + 4);
        for (int i = 0; i < n; i++) {
          list.add(nums[i]);
        }
        list.add(value(t));
        for (t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          checkSize(list.size());
          list.add(value(t));
        }
        return list;
      }
      if (n == nums.length) {
        checkSize(n);
        nums = Arrays.copyOf(nums, n * 2);
        buffer = nums;
      }
      nums[n++] = v;
    }
    return Arrays.copyOf(nums, n);
  }

  private static final double[] POWERS = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
    1e20, 1e21, 1e22
  };

  /**
   * The current floating-point token's value, read from the parser's characters without the
   * String that {@code getDoubleValue} makes: with at most 15 significant digits and a power of
   * ten up to 22, the digits and the power are exact doubles and one division or multiplication
   * rounds correctly (Clinger's fast path), so the result equals {@link Double#parseDouble}; any
   * other text goes to the parser.
   */
  private double number() throws IOException {
    char[] c = p.getTextCharacters();
    int i = p.getTextOffset();
    int end = i + p.getTextLength();
    boolean negative = i < end && c[i] == '-';
    if (negative) {
      i++;
    }
    long digits = 0;
    int significant = 0;
    int exponent = 0;
    boolean any = false;
    boolean point = false;
    for (; i < end; i++) {
      char ch = c[i];
      if (ch >= '0' && ch <= '9') {
        any = true;
        if (digits != 0 || ch != '0') {
          if (++significant > 15) {
            return p.getDoubleValue();
          }
          digits = 10 * digits + (ch - '0');
        }
        if (point) {
          exponent--;
        }
      } else if (ch == '.' && !point) {
        point = true;
      } else {
        break;
      }
    }
    if (!any) {
      return p.getDoubleValue();
    }
    if (i < end) {
      if (c[i] != 'e' && c[i] != 'E' || ++i == end) {
        return p.getDoubleValue();
      }
      boolean down = c[i] == '-';
      if (down || c[i] == '+') {
        i++;
      }
      int e = 0;
      int start = i;
      for (; i < end && c[i] >= '0' && c[i] <= '9' && e < 1000; i++) {
        e = 10 * e + (c[i] - '0');
      }
      if (i != end || i == start) {
        return p.getDoubleValue();
      }
      exponent += down ? -e : e;
    }
    double v;
    if (digits == 0) {
      v = 0.0;
    } else if (exponent >= 0 && exponent <= 22) {
      v = digits * POWERS[exponent];
    } else if (exponent < 0 && exponent >= -22) {
      v = digits / POWERS[-exponent];
    } else {
      return p.getDoubleValue();
    }
    return negative ? -v : v;
  }

  private void checkSize(int n) {
    if (n >= MAX_ARRAY) {
      throw error("an array has more than " + MAX_ARRAY + " elements");
    }
  }

  private ModelException error(String what) {
    JsonLocation at = p.currentLocation();
    return new ModelException(source + " at line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + what);
  }

  /** JSON null. */
  static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  // ---- typed access with errors that name the path

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Object v, String source, String path) {
    if (v instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new ModelException(source + ": '" + path + "' must be an object, found " + kind(v));
  }

  static Map<String, Object> object(Map<String, Object> parent, String key, String source, String path) {
    return object(require(parent, key, source, path), source, path + "." + key);
  }

  static @Nullable Map<String, Object> optObject(Map<String, Object> parent, String key, String source, String path) {
    Object v = parent.get(key);
    return v == null || v == NULL ? null : object(v, source, path + "." + key);
  }

  static Object require(Map<String, Object> parent, String key, String source, String path) {
    Object v = parent.get(key);
    if (v == null) {
      throw new ModelException(source + ": '" + path + "' has no '" + key + "'");
    }
    return v;
  }

  static double[] numbers(Map<String, Object> parent, String key, String source, String path) {
    return numbers(require(parent, key, source, path), source, path + "." + key);
  }

  static double @Nullable [] optNumbers(Map<String, Object> parent, String key, String source, String path) {
    Object v = parent.get(key);
    return v == null || v == NULL ? null : numbers(v, source, path + "." + key);
  }

  static double[] numbers(Object v, String source, String path) {
    if (v instanceof double[] d) {
      return d;
    }
    if (v instanceof List<?> l && l.isEmpty()) {
      return new double[0];
    }
    throw new ModelException(source + ": '" + path + "' must be an array of numbers, found " + kind(v));
  }

  static List<?> list(Object v, String source, String path) {
    if (v instanceof List<?> l) {
      return l;
    }
    if (v instanceof double[] d) {
      List<Object> l = new ArrayList<>(d.length);
      for (double x : d) {
        l.add(x);
      }
      return l;
    }
    throw new ModelException(source + ": '" + path + "' must be an array, found " + kind(v));
  }

  /** An array of strings or numbers, each as {@link #text}. */
  static String[] texts(Object v, String source, String path) {
    List<?> l = list(v, source, path);
    String[] out = new String[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = text(l.get(i), source, path + "[" + i + "]");
    }
    return out;
  }

  /** A string or number (XGBoost writes most parameters as strings). */
  static String text(Object v, String source, String path) {
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Double d) {
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : d.toString();
    }
    throw new ModelException(source + ": '" + path + "' must be a string or number, found " + kind(v));
  }

  static String kind(@Nullable Object v) {
    if (v == null) {
      return "nothing";
    }
    if (v instanceof Map) {
      return "an object";
    }
    if (v instanceof List || v instanceof double[]) {
      return "an array";
    }
    if (v instanceof String s) {
      return "the string \"" + (s.length() > 40 ? s.substring(0, 37) + "..." : s) + "\"";
    }
    return v.toString();
  }
}
