package dev.scoring.alarms;

import dev.scoring.api.ModelException;
import dev.scoring.ml.anomaly.AnomalyEvent;
import dev.scoring.ml.anomaly.AnomalyListener;
import dev.scoring.ml.anomaly.Direction;
import dev.scoring.ml.anomaly.Episode;
import dev.scoring.ml.anomaly.Interval;
import dev.scoring.monitoring.Alarm;
import dev.scoring.monitoring.MonitorEvent;
import dev.scoring.monitoring.MonitorListener;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Bridges anomaly detectors to the monitoring path: an {@link AnomalyListener} for the detectors and
 * an {@link Alarm} for a {@link dev.scoring.monitoring.ReviewGate}, raised while any episode is open.
 *
 * <p>Episodes are keyed by detector, segment and direction. The first {@link AnomalyEvent.Raised} of
 * a key sends one {@link MonitorEvent.AnomalyRaised} to the listeners; a repeat while the key is open
 * (a detector restarted without its state finds the same episode again), or one detected no later than
 * the key's last recovery (a detector replaying observations from an older snapshot), is dropped. An
 * {@link AnomalyEvent.Recovered} of an open key sends one {@link MonitorEvent.AnomalyRecovered}; any
 * other, and one dated before the open episode was detected (the replayed end of an older episode), is
 * dropped.
 *
 * <p>With a {@linkplain Builder#stateFile state file} every change is written (atomically replaced,
 * forced to disk) before the listeners hear of it, and {@link Builder#build()} reads it back: after a
 * restart the open episodes keep the alarm raised and are not announced again, and their recoveries
 * are announced once. A crash between the write and the listeners loses that one event rather than
 * repeating it.
 *
 * <pre>{@code
 * AnomalyAlarm anomalies = AnomalyAlarm.builder("anomalies")
 *     .listener(events).stateFile(Path.of("state/anomaly-alarm.bin")).build();
 * RateChangeDetector conversion = RateChangeDetector.builder().listener(anomalies).build();
 * ReviewGate gate = ReviewGate.builder().on(anomalies).on(driftMonitor).build();
 * }</pre>
 *
 * Thread-safe; listeners are called outside its lock, on the detector's thread.
 */
public final class AnomalyAlarm implements Alarm, AnomalyListener {

  private static final int MAGIC = 0x53434141; // "SCAA"
  private static final int VERSION = 1;

  private final String name;
  private final List<MonitorListener> listeners;
  private final @Nullable Path stateFile;
  private final Map<String, Episode> open = new LinkedHashMap<>();
  private final Map<String, Long> lastRecovered = new LinkedHashMap<>();
  private volatile boolean raised;

  private AnomalyAlarm(Builder b) {
    this.name = b.name;
    this.listeners = List.copyOf(b.listeners);
    this.stateFile = b.stateFile;
    if (stateFile != null && Files.exists(stateFile)) {
      read(stateFile);
    }
    this.raised = !open.isEmpty();
  }

  /**
   * Starts an alarm.
   *
   * @param name the alarm's name, in its events and in review reasons
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean raised() {
    return raised;
  }

  /** The open episodes, oldest first. */
  public synchronized List<Episode> openEpisodes() {
    return List.copyOf(open.values());
  }

  /**
   * Handles one detector event: announces it to the listeners unless it repeats what was already
   * announced.
   *
   * @throws UncheckedIOException if the state file cannot be written (the event is then not announced)
   */
  @Override
  public void onEvent(AnomalyEvent event) {
    MonitorEvent out;
    synchronized (this) {
      Episode e = event.episode();
      String key = key(e);
      if (event instanceof AnomalyEvent.Raised) {
        Long recovered = lastRecovered.get(key);
        if (open.containsKey(key) || (recovered != null && e.detectedMillis() <= recovered)) {
          return;
        }
        open.put(key, e);
        lastRecovered.remove(key);
        out = new MonitorEvent.AnomalyRaised(name, e.detector(), e.segment(), direction(e), e.onset(), e.detected(),
            e.description());
      } else {
        AnomalyEvent.Recovered r = (AnomalyEvent.Recovered) event;
        Episode was = open.get(key);
        if (was == null || r.recoveredMillis() < was.detectedMillis()) {
          return; // nothing open, or the replayed recovery of an older episode of this key
        }
        open.remove(key);
        lastRecovered.put(key, r.recoveredMillis());
        out = new MonitorEvent.AnomalyRecovered(name, e.detector(), e.segment(), direction(e), was.onset(),
            r.recovered(), r.reason());
      }
      persist();
      raised = !open.isEmpty();
    }
    for (MonitorListener l : listeners) {
      l.onEvent(out);
    }
  }

  private static String key(Episode e) {
    return e.detector() + '\u0000' + e.segment() + '\u0000' + e.direction();
  }

  private static String direction(Episode e) {
    return e.direction() == Direction.RISE ? "rise" : "drop";
  }

  private void persist() {
    if (stateFile == null) {
      return;
    }
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      write(bytes);
      Path dir = stateFile.toAbsolutePath().getParent();
      Path tmp = Files.createTempFile(dir, stateFile.getFileName().toString(), ".tmp");
      try {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          ch.write(ByteBuffer.wrap(bytes.toByteArray()));
          ch.force(true);
        }
        Files.move(tmp, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot write the anomaly alarm state " + stateFile, ex);
    }
  }

  private void write(OutputStream sink) throws IOException {
    DataOutputStream out = new DataOutputStream(sink);
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    out.writeInt(open.size());
    for (Episode e : open.values()) {
      out.writeUTF(e.detector());
      out.writeUTF(e.segment());
      out.writeBoolean(e.direction() == Direction.RISE);
      out.writeLong(e.onsetMillis());
      out.writeLong(e.detectedMillis());
      out.writeLong(e.delay());
      writeInterval(out, e.expected());
      writeInterval(out, e.observed());
      out.writeDouble(e.statistic());
      out.writeUTF(e.description());
    }
    out.writeInt(lastRecovered.size());
    for (Map.Entry<String, Long> r : lastRecovered.entrySet()) {
      out.writeUTF(r.getKey());
      out.writeLong(r.getValue());
    }
    out.flush();
  }

  private static void writeInterval(DataOutputStream out, Interval i) throws IOException {
    out.writeDouble(i.estimate());
    out.writeDouble(i.lower());
    out.writeDouble(i.upper());
  }

  private static Interval readInterval(DataInputStream in) throws IOException {
    return new Interval(in.readDouble(), in.readDouble(), in.readDouble());
  }

  private void read(Path file) {
    try (InputStream s = Files.newInputStream(file)) {
      DataInputStream in = new DataInputStream(s);
      int magic = in.readInt();
      if (magic != MAGIC) {
        throw new ModelException("not an anomaly alarm state: " + file + " (magic 0x" + Integer.toHexString(magic) + ")");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new ModelException("anomaly alarm state " + file + " has format version " + version + ", this library reads " + VERSION);
      }
      int n = count(in, file);
      for (int i = 0; i < n; i++) {
        Episode e = new Episode(in.readUTF(), in.readUTF(), in.readBoolean() ? Direction.RISE : Direction.DROP,
            in.readLong(), in.readLong(), in.readLong(), readInterval(in), readInterval(in), in.readDouble(), in.readUTF());
        open.put(key(e), e);
      }
      int m = count(in, file);
      for (int i = 0; i < m; i++) {
        lastRecovered.put(in.readUTF(), in.readLong());
      }
      if (in.read() != -1) {
        throw new ModelException("anomaly alarm state " + file + " is corrupt: bytes after the end");
      }
    } catch (EOFException ex) {
      throw new ModelException("anomaly alarm state " + file + " is truncated", ex);
    } catch (IOException | IllegalArgumentException ex) {
      throw new ModelException("anomaly alarm state " + file + " is corrupt: " + ex.getMessage(), ex);
    }
  }

  private static int count(DataInputStream in, Path file) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 1_000_000) {
      throw new ModelException("anomaly alarm state " + file + " is corrupt: " + n + " entries");
    }
    return n;
  }

  /** Configures an {@link AnomalyAlarm}; not thread-safe. */
  public static final class Builder {
    private final String name;
    private final List<MonitorListener> listeners = new ArrayList<>();
    private @Nullable Path stateFile;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** Adds a listener for the alarm's events. */
    public Builder listener(MonitorListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Keeps the open episodes in this file (created on the first event; its directory must exist). */
    public Builder stateFile(Path file) {
      this.stateFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * The alarm, with the state file's episodes open.
     *
     * @throws ModelException if the state file exists but is not a readable alarm state
     */
    public AnomalyAlarm build() {
      return new AnomalyAlarm(this);
    }
  }
}
