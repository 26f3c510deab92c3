package dev.scoring.onnx;

import ai.onnxruntime.OnnxTensor;
import dev.scoring.api.Features;
import dev.scoring.api.Score;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.AbstractList;
import java.util.HashMap;
import java.util.Map;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;

/**
 * One thread's reusable buffers for one scorer: direct input buffers (ONNX Runtime wraps them
 * without copying), the input map and a one-row list. Used only by its thread, and only between the
 * start and the end of one call, so a buffer is never shared with a tensor still in use.
 */
final class Scratch {

  /** Buffers larger than this are allocated per call and not kept, so idle threads hold little memory. */
  static final int MAX_KEPT_BYTES = 1 << 22;

  private final @Nullable ByteBuffer[] buffers;
  private final @Nullable FloatBuffer[] floatViews;
  private float[] floats = new float[64];
  final @Nullable OnnxTensor[] tensors;
  final Map<String, OnnxTensor> inputs = new HashMap<>();
  final OneRow one = new OneRow();
  /** The single-row value path's result slot. */
  final double[] value = new double[1];
  /** The single-row score path's result slot; cleared after each call. */
  final @Nullable Score[] score = new Score[1];

  Scratch(int slots) {
    this.buffers = new ByteBuffer[slots];
    this.floatViews = new FloatBuffer[slots];
    this.tensors = new OnnxTensor[slots];
  }

  /** A direct, native-order buffer of exactly {@code bytes} remaining, position 0. */
  ByteBuffer buffer(int slot, int bytes) {
    ByteBuffer b = buffers[slot];
    if (b == null || b.capacity() < bytes) {
      b = ByteBuffer.allocateDirect(Math.max(bytes, 1)).order(ByteOrder.nativeOrder());
      if (bytes <= MAX_KEPT_BYTES) {
        buffers[slot] = b;
        floatViews[slot] = null;
      }
    }
    b.clear().limit(bytes);
    return b;
  }

  /** A heap array of at least {@code n} floats to gather into before one bulk copy. */
  float[] floats(int n) {
    float[] f = floats;
    if (f.length < n) {
      f = new float[Math.max(n, f.length * 2)];
      if (n <= MAX_KEPT_BYTES / 4) {
        floats = f;
      }
    }
    return f;
  }

  /** Copies {@code n} floats into {@code slot}'s buffer (returned by the last {@link #buffer} call) in one bulk copy. */
  void copyFloats(int slot, ByteBuffer target, float[] src, int n) {
    FloatBuffer view = floatViews[slot];
    if (view == null || buffers[slot] != target) {
      view = target.duplicate().clear().order(ByteOrder.nativeOrder()).asFloatBuffer();
      if (buffers[slot] == target) {
        floatViews[slot] = view;
      }
    }
    view.clear();
    view.put(src, 0, n);
  }

  /** A list of one row, reused. */
  static final class OneRow extends AbstractList<Features> implements RandomAccess {
    private @Nullable Features row;

    OneRow set(Features r) {
      this.row = r;
      return this;
    }

    void clear0() {
      this.row = null;
    }

    @Override
    public Features get(int index) {
      Features r = row;
      if (index != 0 || r == null) {
        throw new IndexOutOfBoundsException(index);
      }
      return r;
    }

    @Override
    public int size() {
      return 1;
    }
  }
}
