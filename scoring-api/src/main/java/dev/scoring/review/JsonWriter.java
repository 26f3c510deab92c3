package dev.scoring.review;

import dev.scoring.internal.Json;

/**
 * A minimal JSON writer for one object per line (audit and feedback records), writing into its
 * thread's reused buffer ({@link #start()}); not thread-safe.
 */
final class JsonWriter {

  /** Buffers kept per thread up to this capacity (chars); a larger one is dropped after use. */
  private static final int KEEP = 1 << 16;
  private static final ThreadLocal<JsonWriter> WRITERS = ThreadLocal.withInitial(JsonWriter::new);

  private final StringBuilder sb = new StringBuilder(2048);
  private boolean needComma;

  private JsonWriter() {}

  /**
   * This thread's writer, emptied. Finish one text ({@link #toString()}) before starting the next
   * on the same thread.
   */
  static JsonWriter start() {
    JsonWriter w = WRITERS.get();
    w.sb.setLength(0);
    w.needComma = false;
    return w;
  }

  JsonWriter begin() {
    comma();
    sb.append('{');
    needComma = false;
    return this;
  }

  JsonWriter end() {
    sb.append('}');
    needComma = true;
    return this;
  }

  JsonWriter beginArray() {
    sb.append('[');
    needComma = false;
    return this;
  }

  JsonWriter endArray() {
    sb.append(']');
    needComma = true;
    return this;
  }

  JsonWriter key(String key) {
    comma();
    string(key);
    sb.append(':');
    needComma = false;
    return this;
  }

  JsonWriter field(String key, String value) {
    return key(key).value(value);
  }

  JsonWriter field(String key, double value) {
    return key(key).value(value);
  }

  /** An instant as {@link java.time.Instant#toString()} writes it. */
  JsonWriter field(String key, java.time.Instant value) {
    key(key);
    sb.append('"');
    Json.instant(sb, value);
    sb.append('"');
    needComma = true;
    return this;
  }

  JsonWriter field(String key, boolean value) {
    key(key);
    sb.append(value);
    needComma = true;
    return this;
  }

  JsonWriter value(double value) {
    comma();
    if (Double.isFinite(value)) {
      sb.append(value);
    } else {
      sb.append("null");
    }
    needComma = true;
    return this;
  }

  JsonWriter value(String value) {
    comma();
    string(value);
    needComma = true;
    return this;
  }

  private void comma() {
    if (needComma) {
      sb.append(',');
    }
  }

  private void string(String s) {
    Json.string(sb, s);
  }

  /** The text written since {@link #start()}. */
  @Override
  public String toString() {
    String text = sb.toString();
    if (sb.capacity() > KEEP) {
      WRITERS.remove();
    }
    return text;
  }
}
