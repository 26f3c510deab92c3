package dev.scoring.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.TensorInfo.OnnxTensorType;
import org.jspecify.annotations.Nullable;

/**
 * The tensor element types the scorer reads and writes. Half-precision inputs are converted from
 * the feature's double (rounded to nearest); small integer inputs are range-checked.
 */
enum Elem {
  FLOAT(OnnxJavaType.FLOAT, OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, 4),
  DOUBLE(OnnxJavaType.DOUBLE, OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE, 8),
  FLOAT16(OnnxJavaType.FLOAT16, OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16, 2),
  BFLOAT16(OnnxJavaType.BFLOAT16, OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16, 2),
  INT64(OnnxJavaType.INT64, OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64, 8),
  INT32(OnnxJavaType.INT32, OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32, 4),
  INT16(OnnxJavaType.INT16, OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16, 2),
  INT8(OnnxJavaType.INT8, OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8, 1),
  UINT8(OnnxJavaType.UINT8, OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8, 1),
  BOOL(OnnxJavaType.BOOL, OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL, 1),
  STRING(OnnxJavaType.STRING, OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING, 0);

  final OnnxJavaType ort;
  private final OnnxTensorType onnx;
  final int bytes;

  Elem(OnnxJavaType ort, OnnxTensorType onnx, int bytes) {
    this.ort = ort;
    this.onnx = onnx;
    this.bytes = bytes;
  }

  /**
   * The element type of a tensor, by its ONNX type: ONNX Runtime's Java type folds unsigned types
   * into signed ones (uint16 into int16, ...), which the scorer must not feed as if signed.
   */
  static @Nullable Elem of(TensorInfo t) {
    for (Elem e : values()) {
      if (e.onnx == t.onnxType) {
        return e;
      }
    }
    return null;
  }

  /** The ONNX name of a tensor's element type, lower case ({@code uint16}, {@code float}). */
  static String onnxName(TensorInfo t) {
    return t.onnxType.name().replace("ONNX_TENSOR_ELEMENT_DATA_TYPE_", "").toLowerCase(java.util.Locale.ROOT);
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
