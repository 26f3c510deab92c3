package dev.scoring.onnx;

import ai.onnxruntime.OnnxJavaType;
import org.jspecify.annotations.Nullable;

/** The tensor element types the scorer reads and writes. */
enum Elem {
  FLOAT(OnnxJavaType.FLOAT, 4),
  DOUBLE(OnnxJavaType.DOUBLE, 8),
  INT64(OnnxJavaType.INT64, 8),
  INT32(OnnxJavaType.INT32, 4),
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

  boolean isFloating() {
    return this == FLOAT || this == DOUBLE;
  }
}
