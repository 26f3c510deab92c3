package dev.scoring.shadow;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.scoring.api.Provenance;
import dev.scoring.decision.ShadowLog;
import dev.scoring.decision.ShadowRecord;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ShadowLog} appending one JSON object per line to a file; each line is handed to the
 * operating system before {@link #record} returns (it survives the process being killed).
 *
 * <p>A line: {@code {"decision_id":"d-1","challenger_id":"m","challenger_type":"logistic",
 * "challenger_version":"2","challenger_digest":"sha256:…","champion_score":0.42,
 * "champion_action":"route inside-sales","challenger_score":0.61,"challenger_action":"route inside-sales",
 * "status":"scored","detail":"","nanos":5120,"decided_at":"2026-11-23T10:00:00Z"}}; a missing
 * score is {@code null}. {@link #read(Path)} reads a file back; a last line cut by a crash (no
 * newline) is skipped. Thread-safe; close it when the host shuts down.
 */
public final class JsonLinesShadowLog implements ShadowLog, AutoCloseable {

  private static final JsonFactory JSON = new JsonFactory();

  private final Path file;
  private final FileChannel out;

  /**
   * Opens (or creates) {@code file} for appending.
   *
   * @throws UncheckedIOException if it cannot be opened
   */
  public JsonLinesShadowLog(Path file) {
    this.file = file;
    try {
      this.out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open shadow log " + file, e);
    }
  }

  @Override
  public synchronized void record(ShadowRecord r) {
    ByteBuffer line = ByteBuffer.wrap((line(r) + "\n").getBytes(StandardCharsets.UTF_8));
    try {
      while (line.hasRemaining()) {
        out.write(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to shadow log " + file, e);
    }
  }

  @Override
  public synchronized List<ShadowRecord> records() {
    return read(file);
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close shadow log " + file, e);
    }
  }

  /** One record as its JSON line (without the newline). */
  static String line(ShadowRecord r) {
    StringWriter w = new StringWriter(256);
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.writeStartObject();
      g.writeStringField("decision_id", r.decisionId());
      g.writeStringField("challenger_id", r.challenger().scorerId());
      g.writeStringField("challenger_type", r.challenger().type());
      g.writeStringField("challenger_version", r.challenger().modelVersion());
      g.writeStringField("challenger_digest", r.challenger().modelDigest());
      number(g, "champion_score", r.championScore());
      g.writeStringField("champion_action", r.championAction());
      number(g, "challenger_score", r.challengerScore());
      if (r.challengerAction() == null) {
        g.writeNullField("challenger_action");
      } else {
        g.writeStringField("challenger_action", r.challengerAction());
      }
      g.writeStringField("status", r.status().name().toLowerCase(java.util.Locale.ROOT));
      g.writeStringField("detail", r.detail());
      g.writeNumberField("nanos", r.nanos());
      g.writeStringField("decided_at", r.decidedAt().toString());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  private static void number(JsonGenerator g, String name, double v) throws IOException {
    if (Double.isFinite(v)) {
      g.writeNumberField(name, v);
    } else {
      g.writeNullField(name);
    }
  }

  /**
   * Reads a shadow log file.
   *
   * @throws UncheckedIOException if it cannot be read
   * @throws IllegalArgumentException for a malformed line (naming the file and line)
   */
  public static List<ShadowRecord> read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read shadow log " + file, e);
    }
    List<ShadowRecord> out = new ArrayList<>();
    int lineNo = 0;
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        break;  // a last line cut by a crash
      }
      lineNo++;
      String line = text.substring(start, end);
      start = end + 1;
      if (line.isBlank()) {
        continue;
      }
      try {
        out.add(parse(line));
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException(file + ": line " + lineNo + " is not a shadow record: " + e.getMessage(), e);
      }
    }
    return out;
  }

  static ShadowRecord parse(String line) throws IOException {
    Map<String, @Nullable Object> f = new HashMap<>();
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        if (t != JsonToken.FIELD_NAME) {
          throw new IOException("unexpected " + t);
        }
        String name = p.currentName();
        JsonToken v = p.nextToken();
        switch (v) {
          case VALUE_STRING -> f.put(name, p.getText());
          case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> f.put(name, p.getDoubleValue());
          case VALUE_NULL -> f.put(name, null);
          default -> throw new IOException("field '" + name + "' holds " + v);
        }
      }
    }
    Provenance challenger = new Provenance(text(f, "challenger_id"), text(f, "challenger_type"),
        text(f, "challenger_version"), text(f, "challenger_digest"));
    ShadowRecord.Status status = ShadowRecord.Status.valueOf(text(f, "status").toUpperCase(java.util.Locale.ROOT));
    Object action = f.get("challenger_action");
    return new ShadowRecord(text(f, "decision_id"), challenger, num(f, "champion_score"), text(f, "champion_action"),
        num(f, "challenger_score"), action == null ? null : action.toString(), status, text(f, "detail"),
        (long) num(f, "nanos"), Instant.parse(text(f, "decided_at")));
  }

  private static String text(Map<String, @Nullable Object> f, String name) throws IOException {
    if (!(f.get(name) instanceof String s)) {
      throw new IOException("field '" + name + "' is missing or not a string");
    }
    return s;
  }

  private static double num(Map<String, @Nullable Object> f, String name) throws IOException {
    if (!f.containsKey(name)) {
      throw new IOException("field '" + name + "' is missing");
    }
    Object v = f.get(name);
    if (v == null) {
      return Double.NaN;
    }
    if (!(v instanceof Double d)) {
      throw new IOException("field '" + name + "' is not a number");
    }
    return d;
  }
}
