package dev.scoring.ml.anomaly;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What the per-segment detectors share: their segments (up to a maximum), the open episodes, the
 * events waiting to be delivered once the detector's lock is released, and the framing of saved
 * state. Not thread-safe: its detector calls it under its own lock (except {@link #raised()} and
 * {@link #deliver}).
 *
 * @param <S> a segment's state
 */
final class SegmentTable<S extends SegmentTable.Segment> {

  /** A segment's name and open episode; detectors add their statistics. */
  abstract static class Segment {
    final String name;
    @Nullable Episode episode;

    Segment(String name) {
      this.name = name;
    }
  }

  /** Writes and reads a segment's statistics (its name and episode are framed by the table). */
  interface Io<S> {
    void write(DataOutputStream out, S segment) throws IOException;

    S read(DataInputStream in, String name) throws IOException;
  }

  private final String kind;
  private final String detector;
  private final int maxSegments;
  private final AnomalyListener listener;
  private final Function<String, S> create;
  private final Io<S> io;
  private Map<String, S> segments = new HashMap<>();
  private volatile int open;
  private @Nullable AnomalyEvent first;
  private @Nullable AnomalyEvent second;

  SegmentTable(String kind, String detector, int maxSegments, AnomalyListener listener, Function<String, S> create, Io<S> io) {
    this.kind = kind;
    this.detector = detector;
    this.maxSegments = maxSegments;
    this.listener = listener;
    this.create = create;
    this.io = io;
  }

  /** The segment, created on first use. @throws IllegalStateException beyond the maximum */
  S get(String key) {
    S s = segments.get(key);
    if (s == null) {
      if (segments.size() >= maxSegments) {
        throw new IllegalStateException(
            kind + " '" + detector + "' watches " + maxSegments + " segments already; '" + key + "' would exceed maxSegments");
      }
      s = create.apply(key);
      segments.put(key, s);
    }
    return s;
  }

  boolean raised() {
    return open > 0;
  }

  void raise(S s, Episode e) {
    s.episode = e;
    open++;
    queue(new AnomalyEvent.Raised(e));
  }

  void end(S s, long epochMillis, String reason) {
    Episode e = Objects.requireNonNull(s.episode);
    s.episode = null;
    open--;
    queue(new AnomalyEvent.Recovered(e, epochMillis, reason));
  }

  private void queue(AnomalyEvent e) {
    if (first == null) {
      first = e;
    } else {
      second = e;
    }
  }

  /** The events queued by the last observation, cleared; call under the lock, deliver outside it. */
  AnomalyEvent @Nullable [] take() {
    if (first == null) {
      return null;
    }
    AnomalyEvent[] events = second == null ? new AnomalyEvent[] {first} : new AnomalyEvent[] {first, second};
    first = null;
    second = null;
    return events;
  }

  void deliver(AnomalyEvent @Nullable [] events) {
    if (events != null) {
      for (AnomalyEvent e : events) {
        listener.onEvent(e);
      }
    }
  }

  List<Episode> openEpisodes() {
    List<Episode> list = new ArrayList<>();
    for (S s : new TreeMap<>(segments).values()) {
      if (s.episode != null) {
        list.add(s.episode);
      }
    }
    return list;
  }

  Map<String, S> bySegment() {
    return new TreeMap<>(segments);
  }

  void save(OutputStream out, String configuration) {
    try {
      DataOutputStream o = new DataOutputStream(out);
      StateIo.writeHeader(o, kind, configuration);
      o.writeInt(segments.size());
      for (S s : new TreeMap<>(segments).values()) {
        o.writeUTF(s.name);
        io.write(o, s);
        o.writeBoolean(s.episode != null);
        if (s.episode != null) {
          StateIo.writeEpisode(o, s.episode);
        }
      }
      o.flush();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Reads a saved state without touching this table's; {@link #install} it under the detector's lock. */
  Map<String, S> read(InputStream in, String configuration) {
    Map<String, S> restored = new HashMap<>();
    try {
      DataInputStream i = new DataInputStream(in);
      StateIo.readHeader(i, kind, configuration);
      int n = i.readInt();
      if (n < 0 || n > maxSegments) {
        throw new IOException(n + " segments (maxSegments " + maxSegments + ")");
      }
      for (int j = 0; j < n; j++) {
        String name = i.readUTF();
        S s = io.read(i, name);
        if (i.readBoolean()) {
          s.episode = StateIo.readEpisode(i);
        }
        restored.put(name, s);
      }
    } catch (IOException | IllegalArgumentException e) {
      throw StateIo.corrupt(kind, e);
    }
    return restored;
  }

  void install(Map<String, S> restored) {
    int opened = 0;
    for (S s : restored.values()) {
      opened += s.episode != null ? 1 : 0;
    }
    segments = restored;
    first = null;
    second = null;
    open = opened;
  }
}
