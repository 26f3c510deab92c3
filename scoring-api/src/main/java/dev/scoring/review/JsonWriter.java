package dev.scoring.review;

import dev.scoring.internal.Json;

/** A minimal JSON writer for one object per line (audit and feedback records); not thread-safe. */
final class JsonWriter {
  private final StringBuilder sb = new StringBuilder(256);
  private boolean needComma;

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

  @Override
  public String toString() {
    return sb.toString();
  }
}
