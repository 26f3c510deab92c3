package dev.scoring.ml.anomaly;

import dev.scoring.api.ModelException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/** The header of a detector's saved state: a magic word, a format version and a configuration fingerprint. */
final class StateIo {

  private static final int MAGIC = 0x53434144; // "SCAD"
  private static final int VERSION = 2;

  private StateIo() {}

  static void writeHeader(DataOutputStream out, String kind, String configuration) throws IOException {
    out.writeInt(MAGIC);
    out.writeInt(VERSION);
    out.writeUTF(kind);
    out.writeUTF(configuration);
  }

  /**
   * Reads and checks a header.
   *
   * @throws ModelException if it is not a state of this kind, version and configuration
   */
  static void readHeader(DataInputStream in, String kind, String configuration) throws IOException {
    int magic = in.readInt();
    if (magic != MAGIC) {
      throw new ModelException("not a saved anomaly detector state (magic 0x" + Integer.toHexString(magic) + ")");
    }
    int version = in.readInt();
    if (version != VERSION) {
      throw new ModelException("saved " + kind + " state has format version " + version + ", this library reads " + VERSION);
    }
    String k = in.readUTF();
    if (!k.equals(kind)) {
      throw new ModelException("saved state is of a " + k + ", not a " + kind);
    }
    String c = in.readUTF();
    if (!c.equals(configuration)) {
      throw new ModelException("saved " + kind + " state was made with another configuration: saved [" + c + "], this detector [" + configuration + "]");
    }
  }

  static ModelException corrupt(String kind, Exception cause) {
    String what = cause instanceof EOFException ? "is truncated" : "is corrupt: " + cause.getMessage();
    return new ModelException("saved " + kind + " state " + what, cause);
  }

  static void writeEpisode(DataOutputStream out, Episode e) throws IOException {
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

  static Episode readEpisode(DataInputStream in) throws IOException {
    return new Episode(in.readUTF(), in.readUTF(), in.readBoolean() ? Direction.RISE : Direction.DROP, in.readLong(),
        in.readLong(), in.readLong(), readInterval(in), readInterval(in), in.readDouble(), in.readUTF());
  }

  private static void writeInterval(DataOutputStream out, Interval i) throws IOException {
    out.writeDouble(i.estimate());
    out.writeDouble(i.lower());
    out.writeDouble(i.upper());
  }

  private static Interval readInterval(DataInputStream in) throws IOException {
    return new Interval(in.readDouble(), in.readDouble(), in.readDouble());
  }
}
