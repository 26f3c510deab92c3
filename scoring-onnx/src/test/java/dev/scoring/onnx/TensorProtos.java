package dev.scoring.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads ONNX {@code TensorProto} files (the backend tests' {@code input_N.pb} and
 * {@code output_N.pb}): dims, element type and data, from typed fields or {@code raw_data}.
 */
final class TensorProtos {

  static final int FLOAT = 1, UINT8 = 2, INT8 = 3, UINT16 = 4, INT16 = 5, INT32 = 6, INT64 = 7, STRING = 8, BOOL = 9, DOUBLE = 11;

  /**
   * A tensor: numbers as doubles (exact for float, int32, int16 and the int64 values tests use), or strings.
   *
   * @param name the tensor's name, may be empty
   */
  record Tensor(String name, int type, long[] dims, double[] numbers, String[] strings) {
    int size() {
      return type == STRING ? strings.length : numbers.length;
    }
  }

  private TensorProtos() {}

  static Tensor read(byte[] data) {
    String name = "";
    int type = 0;
    List<Long> dims = new ArrayList<>();
    List<Double> numbers = new ArrayList<>();
    List<String> strings = new ArrayList<>();
    byte[] raw = null;
    for (Protobuf.Field f : Protobuf.read(data)) {
      switch (f.number()) {
        case 1 -> {
          if (f.wire() == 2) {
            for (long d : Protobuf.packedVarints(f.bytes())) {
              dims.add(d);
            }
          } else {
            dims.add(f.value());
          }
        }
        case 2 -> type = (int) f.value();
        case 4 -> { // float_data
          if (f.wire() == 2) {
            ByteBuffer b = ByteBuffer.wrap(f.bytes()).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining()) {
              numbers.add((double) b.getFloat());
            }
          } else {
            numbers.add((double) Float.intBitsToFloat((int) f.value()));
          }
        }
        case 5, 7 -> { // int32_data, int64_data
          long[] vs = f.wire() == 2 ? Protobuf.packedVarints(f.bytes()) : new long[] {f.value()};
          for (long v : vs) {
            numbers.add((double) (f.number() == 5 ? (int) v : v));
          }
        }
        case 6 -> strings.add(new String(f.bytes(), StandardCharsets.UTF_8));
        case 8 -> name = f.string();
        case 9 -> raw = f.bytes();
        case 10 -> {
          if (f.wire() == 2) {
            ByteBuffer b = ByteBuffer.wrap(f.bytes()).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining()) {
              numbers.add(b.getDouble());
            }
          } else {
            numbers.add(Double.longBitsToDouble(f.value()));
          }
        }
        default -> { }
      }
    }
    if (raw != null) {
      ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
      while (b.hasRemaining()) {
        numbers.add(switch (type) {
          case FLOAT -> (double) b.getFloat();
          case DOUBLE -> b.getDouble();
          case INT64 -> (double) b.getLong();
          case INT32 -> (double) b.getInt();
          case INT16 -> (double) b.getShort();
          case UINT16 -> (double) (b.getShort() & 0xFFFF);
          case INT8 -> (double) b.get();
          case UINT8, BOOL -> (double) (b.get() & 0xFF);
          default -> throw new IllegalArgumentException("raw_data of type " + type);
        });
      }
    }
    if (type == INT32 || type == INT16 || type == INT8 || type == UINT16 || type == UINT8 || type == BOOL) {
      // small integer types travel in int32_data (already read above)
    }
    return new Tensor(name, type, dims.stream().mapToLong(Long::longValue).toArray(),
        numbers.stream().mapToDouble(Double::doubleValue).toArray(), strings.toArray(new String[0]));
  }
}
