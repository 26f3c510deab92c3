package dev.scoring.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal protobuf writer and reader for the tests: enough of the wire format (varints, 32- and
 * 64-bit fixed, length-delimited) to write ONNX {@code ModelProto}s and read {@code TensorProto}s.
 */
final class Protobuf {

  private Protobuf() {}

  /** Writes one message. */
  static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private void rawVarint(long v) {
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }

    private void tag(int field, int wire) {
      rawVarint(((long) field << 3) | wire);
    }

    Writer varint(int field, long v) {
      tag(field, 0);
      rawVarint(v);
      return this;
    }

    Writer fixed32(int field, float f) {
      tag(field, 5);
      int bits = Float.floatToRawIntBits(f);
      for (int i = 0; i < 4; i++) {
        out.write((bits >>> (8 * i)) & 0xFF);
      }
      return this;
    }

    Writer bytes(int field, byte[] b) {
      tag(field, 2);
      rawVarint(b.length);
      out.write(b, 0, b.length);
      return this;
    }

    Writer string(int field, String s) {
      return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    Writer message(int field, Writer m) {
      return bytes(field, m.toByteArray());
    }

    Writer packedFloats(int field, float[] v) {
      ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (float f : v) {
        b.putFloat(f);
      }
      return bytes(field, b.array());
    }

    Writer packedVarints(int field, long[] v) {
      Writer w = new Writer();
      for (long x : v) {
        w.rawVarint(x);
      }
      return bytes(field, w.toByteArray());
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }
  }

  /** One field read from a message: its number, wire type, and value (a long, or the bytes). */
  record Field(int number, int wire, long value, byte[] bytes) {
    String string() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** Reads the top-level fields of a message. */
  static List<Field> read(byte[] data) {
    List<Field> fields = new ArrayList<>();
    int[] pos = {0};
    while (pos[0] < data.length) {
      long key = varint(data, pos);
      int number = (int) (key >>> 3);
      int wire = (int) (key & 7);
      switch (wire) {
        case 0 -> fields.add(new Field(number, wire, varint(data, pos), new byte[0]));
        case 1 -> {
          long v = ByteBuffer.wrap(data, pos[0], 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
          pos[0] += 8;
          fields.add(new Field(number, wire, v, new byte[0]));
        }
        case 5 -> {
          long v = ByteBuffer.wrap(data, pos[0], 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
          pos[0] += 4;
          fields.add(new Field(number, wire, v, new byte[0]));
        }
        case 2 -> {
          int len = (int) varint(data, pos);
          byte[] b = java.util.Arrays.copyOfRange(data, pos[0], pos[0] + len);
          pos[0] += len;
          fields.add(new Field(number, wire, 0, b));
        }
        default -> throw new IllegalArgumentException("unsupported wire type " + wire + " at byte " + pos[0]);
      }
    }
    return fields;
  }

  static long varint(byte[] data, int[] pos) {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = data[pos[0]++];
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw new IllegalArgumentException("malformed varint");
  }

  /** The values of a packed repeated varint field. */
  static long[] packedVarints(byte[] b) {
    List<Long> out = new ArrayList<>();
    int[] pos = {0};
    while (pos[0] < b.length) {
      out.add(varint(b, pos));
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }
}
