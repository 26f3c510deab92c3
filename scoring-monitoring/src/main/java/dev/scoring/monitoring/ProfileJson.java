package dev.scoring.monitoring;

import dev.scoring.internal.Json;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.ModelException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes and reads {@link ReferenceProfile}s as plain JSON, by hand (scoring-api has no JSON
 * library):
 *
 * <pre>{@code
 * {"format": "dev.scoring.reference-profile", "version": 1,
 *  "features": [
 *    {"name": "age", "kind": "numeric", "edges": [30.0, 41.0], "counts": [10, 12, 9], "missing": 0},
 *    {"name": "job", "kind": "categorical", "categories": ["admin.", "services"], "counts": [7, 5],
 *     "other": 19, "missing": 0}],
 *  "score": {"name": "score", "kind": "numeric", "edges": [...], "counts": [...], "missing": 0}}
 * }</pre>
 *
 * Doubles are written with {@link Double#toString(double)} and so read back exactly.
 */
final class ProfileJson {

  static final String FORMAT = "dev.scoring.reference-profile";

  private ProfileJson() {}

  static String write(ReferenceProfile profile) {
    StringBuilder sb = new StringBuilder(4096);
    sb.append("{\"format\": \"").append(FORMAT).append("\", \"version\": 1,\n \"features\": [");
    List<FeatureProfile> fs = profile.features();
    for (int i = 0; i < fs.size(); i++) {
      sb.append(i == 0 ? "\n  " : ",\n  ");
      feature(sb, fs.get(i));
    }
    sb.append("],\n \"score\": ");
    feature(sb, profile.score());
    return sb.append("}\n").toString();
  }

  private static void feature(StringBuilder sb, FeatureProfile p) {
    sb.append("{\"name\": ");
    Json.string(sb, p.name());
    long[] counts = p.counts;
    if (p.kind() == FeatureProfile.Kind.NUMERIC) {
      sb.append(", \"kind\": \"numeric\", \"edges\": [");
      for (int i = 0; i < p.edges.length; i++) {
        sb.append(i == 0 ? "" : ", ").append(p.edges[i]);
      }
      sb.append("], \"counts\": [");
      for (int i = 0; i < counts.length; i++) {
        sb.append(i == 0 ? "" : ", ").append(counts[i]);
      }
      sb.append(']');
    } else {
      sb.append(", \"kind\": \"categorical\", \"categories\": [");
      for (int i = 0; i < p.categories.length; i++) {
        sb.append(i == 0 ? "" : ", ");
        Json.string(sb, p.categories[i]);
      }
      sb.append("], \"counts\": [");
      for (int i = 0; i < counts.length - 1; i++) {
        sb.append(i == 0 ? "" : ", ").append(counts[i]);
      }
      sb.append("], \"other\": ").append(counts[counts.length - 1]);
    }
    sb.append(", \"missing\": ").append(p.missing()).append('}');
  }

  static ReferenceProfile read(String json, FeatureSchema schema) {
    Parser p = new Parser(json);
    Object root = p.value();
    p.skipSpace();
    if (p.pos != json.length()) {
      throw p.error("unexpected text after the profile");
    }
    Map<?, ?> top = object(root, "the profile");
    if (!FORMAT.equals(top.get("format"))) {
      throw new ModelException("not a reference profile: \"format\" is " + top.get("format") + ", expected " + FORMAT);
    }
    Object version = top.get("version");
    if (!(version instanceof Double v) || v != 1.0) {
      throw new ModelException("unsupported profile version " + version + "; this library reads version 1");
    }
    List<FeatureProfile> features = new ArrayList<>();
    for (Object f : list(top.get("features"), "\"features\"")) {
      features.add(feature(object(f, "a feature profile")));
    }
    try {
      return new ReferenceProfile(schema, features, feature(object(top.get("score"), "\"score\"")));
    } catch (IllegalArgumentException e) {
      throw new ModelException("the profile does not fit the schema: " + e.getMessage(), e);
    }
  }

  private static FeatureProfile feature(Map<?, ?> m) {
    Object name = m.get("name");
    if (!(name instanceof String n)) {
      throw new ModelException("a feature profile has no \"name\"");
    }
    Object kind = m.get("kind");
    long missing = count(m.get("missing"), n + ".missing");
    if ("numeric".equals(kind)) {
      List<?> e = list(m.get("edges"), n + ".edges");
      double[] edges = new double[e.size()];
      for (int i = 0; i < edges.length; i++) {
        if (!(e.get(i) instanceof Double d)) {
          throw new ModelException(n + ".edges[" + i + "] is not a number");
        }
        edges[i] = d;
      }
      return FeatureProfile.numeric(n, edges, counts(m.get("counts"), n + ".counts"), missing);
    }
    if ("categorical".equals(kind)) {
      List<?> c = list(m.get("categories"), n + ".categories");
      List<String> cats = new ArrayList<>(c.size());
      for (int i = 0; i < c.size(); i++) {
        if (!(c.get(i) instanceof String s)) {
          throw new ModelException(n + ".categories[" + i + "] is not a string");
        }
        cats.add(s);
      }
      return FeatureProfile.categorical(n, cats, counts(m.get("counts"), n + ".counts"), count(m.get("other"), n + ".other"), missing);
    }
    throw new ModelException(n + ".kind is " + kind + "; expected \"numeric\" or \"categorical\"");
  }

  private static Map<?, ?> object(@Nullable Object o, String what) {
    if (!(o instanceof Map<?, ?> m)) {
      throw new ModelException(what + " is not a JSON object");
    }
    return m;
  }

  private static List<?> list(@Nullable Object o, String what) {
    if (!(o instanceof List<?> l)) {
      throw new ModelException(what + " is not a JSON array");
    }
    return l;
  }

  private static long count(@Nullable Object o, String what) {
    if (!(o instanceof Double d) || d < 0 || d != Math.rint(d) || d > 9.007199254740992E15) {
      throw new ModelException(what + " is not a count: " + o);
    }
    return d.longValue();
  }

  private static long[] counts(@Nullable Object o, String what) {
    List<?> l = list(o, what);
    long[] c = new long[l.size()];
    for (int i = 0; i < c.length; i++) {
      c[i] = count(l.get(i), what + "[" + i + "]");
    }
    return c;
  }

  /** A small recursive-descent JSON parser: objects, arrays, strings, numbers (as Double), booleans, null. */
  private static final class Parser {
    /** The deepest nesting of objects and arrays read (a profile needs 4): deeper input is refused, not recursed into. */
    static final int MAX_DEPTH = 64;

    private final String s;
    int pos;
    private int depth;

    Parser(String s) {
      this.s = s;
    }

    ModelException error(String what) {
      int line = 1;
      int col = 1;
      for (int i = 0; i < Math.min(pos, s.length()); i++) {
        if (s.charAt(i) == '\n') {
          line++;
          col = 1;
        } else {
          col++;
        }
      }
      return new ModelException("malformed profile JSON at line " + line + ", column " + col + ": " + what);
    }

    void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    @Nullable Object value() {
      skipSpace();
      if (pos >= s.length()) {
        throw error("unexpected end");
      }
      char c = s.charAt(pos);
      if (c == '{' || c == '[') {
        if (++depth > MAX_DEPTH) {
          throw error("nesting deeper than " + MAX_DEPTH + " levels");
        }
        Object v = c == '{' ? object() : array();
        depth--;
        return v;
      }
      if (c == '"') {
        return string();
      }
      if (s.startsWith("true", pos)) {
        pos += 4;
        return Boolean.TRUE;
      }
      if (s.startsWith("false", pos)) {
        pos += 5;
        return Boolean.FALSE;
      }
      if (s.startsWith("null", pos)) {
        pos += 4;
        return null;
      }
      return number();
    }

    private Map<String, @Nullable Object> object() {
      Map<String, @Nullable Object> m = new LinkedHashMap<>();
      pos++;
      skipSpace();
      if (pos < s.length() && s.charAt(pos) == '}') {
        pos++;
        return m;
      }
      while (true) {
        skipSpace();
        if (pos >= s.length() || s.charAt(pos) != '"') {
          throw error("expected a string key");
        }
        String key = string();
        skipSpace();
        expect(':');
        m.put(key, value());
        skipSpace();
        if (pos < s.length() && s.charAt(pos) == ',') {
          pos++;
          continue;
        }
        expect('}');
        return m;
      }
    }

    private List<@Nullable Object> array() {
      List<@Nullable Object> l = new ArrayList<>();
      pos++;
      skipSpace();
      if (pos < s.length() && s.charAt(pos) == ']') {
        pos++;
        return l;
      }
      while (true) {
        l.add(value());
        skipSpace();
        if (pos < s.length() && s.charAt(pos) == ',') {
          pos++;
          continue;
        }
        expect(']');
        return l;
      }
    }

    private String string() {
      StringBuilder sb = new StringBuilder();
      pos++;
      while (pos < s.length()) {
        char c = s.charAt(pos++);
        if (c == '"') {
          return sb.toString();
        }
        if (c != '\\') {
          sb.append(c);
          continue;
        }
        if (pos >= s.length()) {
          break;
        }
        char e = s.charAt(pos++);
        switch (e) {
          case '"', '\\', '/' -> sb.append(e);
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> {
            if (pos + 4 > s.length()) {
              throw error("short \\u escape");
            }
            try {
              sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
            } catch (NumberFormatException ex) {
              throw error("bad \\u escape");
            }
            pos += 4;
          }
          default -> throw error("bad escape \\" + e);
        }
      }
      throw error("unterminated string");
    }

    private Double number() {
      int start = pos;
      while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
        pos++;
      }
      if (start == pos) {
        throw error("unexpected character '" + s.charAt(pos) + "'");
      }
      try {
        return Double.parseDouble(s.substring(start, pos));
      } catch (NumberFormatException e) {
        pos = start;
        throw error("bad number " + s.substring(start, Math.min(s.length(), start + 20)));
      }
    }

    private void expect(char c) {
      if (pos >= s.length() || s.charAt(pos) != c) {
        throw error("expected '" + c + "'");
      }
      pos++;
    }
  }
}
