package dev.scoring.onnx;

import ai.onnxruntime.OnnxJavaType;
import org.jspecify.annotations.Nullable;

/**
 * The tensor element types the scorer reads and writes. Half-precision inputs are converted from
 * the feature's double (rounded to nearest); small integer inputs are range-checked.
 */
enum Elem {
  FLOAT(OnnxJavaType.FLOAT, 4),
  DOUBLE(OnnxJavaType.DOUBLE, 8),
  FLOAT16(OnnxJavaType.FLOAT16, 2),
  BFLOAT16(OnnxJavaType.BFLOAT16, 2),
  INT64(OnnxJavaType.INT64, 8),
  INT32(OnnxJavaType.INT32, 4),
  INT16(OnnxJavaType.INT16, 2),
  INT8(OnnxJavaType.INT8, 1),
  UINT8(OnnxJavaType.UINT8, 1),
  BOOL(OnnxJavaType.BOOL, 1),
  STRING(OnnxJavaType.STRING, 0);

  final OnnxJavaType ort;
  final int bytes;

  Elem(OnnxJavaType ort, int bytes) {
    this.ort = ort;
    this.bytes = bytes;
  }

  static @Nullable Elem of(OnnxJavaType t) {
    for (Elem e : values()) {
      if (e.ort == t) {
        return e;
      }
    }
    return null;
  }

  /** Float, double, float16 or bfloat16: takes fractions and NaN. */
  boolean isFloating() {
    return this == FLOAT || this == DOUBLE || this == FLOAT16 || this == BFLOAT16;
  }

  /** The smallest value of an integer type (bool: 0). */
  long min() {
    return switch (this) {
      case INT32 -> Integer.MIN_VALUE;
      case INT16 -> Short.MIN_VALUE;
      case INT8 -> Byte.MIN_VALUE;
      case UINT8, BOOL -> 0;
      default -> Long.MIN_VALUE;
    };
  }

  /** The largest value of an integer type (bool: 1). */
  long max() {
    return switch (this) {
      case INT32 -> Integer.MAX_VALUE;
      case INT16 -> Short.MAX_VALUE;
      case INT8 -> Byte.MAX_VALUE;
      case UINT8 -> 255;
      case BOOL -> 1;
      default -> Long.MAX_VALUE;
    };
  }

  /** The lower-case ONNX name, for messages. */
  String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
