package dev.scoring.ml.trees;

import dev.scoring.api.ModelException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Universal Binary JSON (as XGBoost writes {@code .ubj} models) into the same document model
 * as {@link Json}: objects as maps, numeric arrays (typed {@code [$d#...} ones included) as
 * {@code double[]}. Counts are checked against the bytes left before anything is allocated.
 */
final class Ubjson {

  private final ByteBuffer b;
  private final String src;

  private Ubjson(byte[] bytes, String src) {
    this.b = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
    this.src = src;
  }

  /** Whether the bytes look like a UBJSON object: '{' then a key length marker, a type, a count or '}'. */
  /** A high-precision number: its decimal text, or NaN, Infinity and -Infinity as XGBoost's JSON writes them. */
  private Double highPrecision(String text) {
    try {
      return Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      throw error("high-precision number '" + (text.length() > 40 ? text.substring(0, 37) + "..." : text) + "' is not a number");
    }
  }

  static boolean looksLike(byte[] bytes) {
    return bytes.length >= 2 && bytes[0] == '{' && "iUIlL$#}".indexOf(bytes[1]) >= 0;
  }

  static Object parse(byte[] bytes, String src) {
    Ubjson u = new Ubjson(bytes, src);
    try {
      Object v = u.value(u.b.get(), 0);
      if (u.b.hasRemaining()) {
        throw u.error("trailing bytes after the document");
      }
      return v;
    } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
      throw new ModelException(src + ": UBJSON is truncated at byte " + u.b.position(), e);
    } catch (NumberFormatException e) {
      throw new ModelException(src + ": UBJSON high-precision number before byte " + u.b.position() + " is not a number", e);
    }
  }

  private Object value(byte type, int depth) {
    if (depth > Json.MAX_DEPTH) {
      throw error("nesting deeper than " + Json.MAX_DEPTH);
    }
    switch (type) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case 'Z':
        return Json.NULL;
      case 'T':
        return Boolean.TRUE;
      case 'F':
        return Boolean.FALSE;
      case 'S':
        return string();
      case 'H':
        return highPrecision(string());
      case 'C':
        return String.valueOf((char) (b.get() & 0xff));
      default:
        return number(type);
    }
  }

  private double number(byte type) {
    return switch (type) {
      case 'i' -> b.get();
      case 'U' -> b.get() & 0xff;
      case 'I' -> b.getShort();
      case 'l' -> b.getInt();
      case 'L' -> b.getLong();
      case 'd' -> b.getFloat();
      case 'D' -> b.getDouble();
      default -> throw error("unknown type marker '" + (char) type + "' (0x" + Integer.toHexString(type & 0xff) + ")");
    };
  }

  private static int size(byte type) {
    return switch (type) {
      case 'i', 'U', 'T', 'F', 'Z', 'C' -> 1;
      case 'I' -> 2;
      case 'l', 'd' -> 4;
      case 'L', 'D' -> 8;
      default -> 1;
    };
  }

  private long length() {
    byte t = b.get();
    double n = number(t);
    if (n < 0 || n > Json.MAX_ARRAY) {
      throw error("length " + (long) n + " is out of range");
    }
    return (long) n;
  }

  private String string() {
    long n = length();
    if (n > Json.MAX_STRING || n > b.remaining()) {
      throw error("string of " + n + " bytes does not fit");
    }
    byte[] s = new byte[(int) n];
    b.get(s);
    return new String(s, StandardCharsets.UTF_8);
  }

  /** A container's optional header: the element type after '$' (0 if none) and the count after '#' (-1 if none). */
  private record Header(byte type, long count) {}

  /** Reads the optional {@code $type} and {@code #count} that open a container; a type needs a count. */
  private Header header(String container) {
    byte type = 0;
    byte next = b.get();
    if (next == '$') {
      type = b.get();
      next = b.get();
    }
    if (next == '#') {
      return new Header(type, length());
    }
    if (type != 0) {
      throw error("a typed " + container + " needs a count ('#')");
    }
    b.position(b.position() - 1);
    return new Header(type, -1);
  }

  private Map<String, Object> object(int depth) {
    Map<String, Object> map = new LinkedHashMap<>();
    Header h = header("object");
    byte type = h.type();
    long count = h.count();
    for (long i = 0; count < 0 || i < count; i++) {
      if (count < 0 && b.get(b.position()) == '}') {
        b.get();
        break;
      }
      String key = string();
      map.put(key, value(type != 0 ? type : b.get(), depth + 1));
    }
    return map;
  }

  private Object array(int depth) {
    Header h = header("array");
    byte type = h.type();
    long count = h.count();
    if (type != 0 && count * size(type) > b.remaining()) {
      throw error("an array of " + count + " elements does not fit in the " + b.remaining() + " bytes left");
    }
    if (type != 0 && type != '{' && type != '[' && type != 'S' && type != 'H') {
      double[] out = new double[(int) count];
      for (int i = 0; i < count; i++) {
        out[i] = type == 'T' ? 1 : type == 'F' ? 0 : number(type);
      }
      return out;
    }
    List<Object> list = new ArrayList<>();
    boolean numeric = true;
    for (long i = 0; count < 0 || i < count; i++) {
      if (count < 0 && b.get(b.position()) == ']') {
        b.get();
        break;
      }
      Object v = value(type != 0 ? type : b.get(), depth + 1);
      numeric &= v instanceof Double || v instanceof Boolean;
      list.add(v);
    }
    if (numeric && !list.isEmpty()) {
      double[] out = new double[list.size()];
      for (int i = 0; i < out.length; i++) {
        Object v = list.get(i);
        out[i] = v instanceof Boolean bo ? (bo ? 1 : 0) : (Double) v;
      }
      return out;
    }
    return list;
  }

  private ModelException error(String what) {
    return new ModelException(src + " at byte " + b.position() + ": " + what);
  }
}
