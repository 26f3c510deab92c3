package dev.scoring.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.scoring.api.Features;
import dev.scoring.api.RecordException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * One model input and how rows fill it: a tensor {@code [batch, width]} (or {@code [batch]} when
 * the model's input has rank 1) of one element type. Immutable; the per-call buffers come from the
 * caller's {@link Scratch}.
 */
abstract class InputBinding {

  final String name;
  final Elem elem;
  /** The model input's rank: 1, 2, or 0 when the model does not declare a shape. */
  final int rank;
  /** Elements per row. */
  final int width;
  private final long[] oneRowShape;

  InputBinding(String name, Elem elem, int rank, int width) {
    this.name = name;
    this.elem = elem;
    this.rank = rank;
    this.width = width;
    this.oneRowShape = shape(1);
  }

  final long[] shape(int batch) {
    if (batch == 1 && oneRowShape != null) {
      return oneRowShape;
    }
    return rank == 1 ? new long[] {batch} : new long[] {batch, width};
  }

  /** The features this input reads, for explanations. */
  abstract List<Column> columns();

  /** Writes one row's numbers at element offset {@code at}. */
  abstract void write(Features row, ByteBuffer buf, int at);

  /** Writes one row's strings at offset {@code at}. */
  abstract void writeStrings(Features row, String[] out, int at);

  /**
   * Builds the tensor for rows {@code [from, from + n)}, padded to {@code batch} rows by repeating
   * the last row; the caller closes it. Numeric tensors wrap the scratch buffer without copying.
   */
  final OnnxTensor tensor(OrtEnvironment env, List<? extends Features> rows, int from, int n, int batch, Scratch scratch, int slot)
      throws OrtException {
    long[] shape = shape(batch);
    if (elem == Elem.STRING) {
      String[] out = new String[batch * width];
      for (int r = 0; r < batch; r++) {
        writeStrings(rows.get(from + Math.min(r, n - 1)), out, r * width);
      }
      return OnnxTensor.createTensor(env, out, shape);
    }
    ByteBuffer buf = scratch.buffer(slot, batch * width * elem.bytes);
    if (elem == Elem.FLOAT && this instanceof Matrix m) {
      // gather into a heap array, then one bulk copy: cheaper than element-wise puts into native memory
      float[] f = scratch.floats(batch * width);
      for (int r = 0; r < batch; r++) {
        m.writeFloats(rows.get(from + Math.min(r, n - 1)), f, r * width);
      }
      scratch.copyFloats(slot, buf, f, batch * width);
    } else {
      for (int r = 0; r < batch; r++) {
        write(rows.get(from + Math.min(r, n - 1)), buf, r * width);
      }
    }
    return OnnxTensor.createTensor(env, buf, shape, elem.ort);
  }

  /** Puts a number as this input's element type at element index {@code i}. */
  final void put(ByteBuffer buf, int i, double v, Column c) {
    switch (elem) {
      case FLOAT -> buf.putFloat(i << 2, (float) v);
      case DOUBLE -> buf.putDouble(i << 3, v);
      case INT64 -> buf.putLong(i << 3, integral(v, c));
      case INT32 -> {
        long l = integral(v, c);
        if (l != (int) l) {
          throw notInt(v, c);
        }
        buf.putInt(i << 2, (int) l);
      }
      case BOOL -> buf.put(i, (byte) (v != 0.0 ? 1 : 0));
      case STRING -> throw new IllegalStateException("string input written as numbers");
    }
  }

  private long integral(double v, Column c) {
    long l = (long) v;
    if (l != v) {
      throw notInt(v, c);
    }
    return l;
  }

  private RecordException notInt(double v, Column c) {
    return new RecordException(RecordException.Problem.WRONG_TYPE, c.name,
        "feature '" + c.name + "' is " + v + " but model input '" + name + "' takes " + elem.name().toLowerCase(java.util.Locale.ROOT)
            + " integers");
  }

  /** Columns of features: the matrix layout (many columns) and the column layout (one). */
  static final class Matrix extends InputBinding {
    private final Column[] cols;
    private final int[] index;
    /** The first feature index when the columns are consecutive schema features (the common case), else -1. */
    private final int run;

    Matrix(String name, Elem elem, int rank, Column[] cols) {
      super(name, elem, rank, cols.length);
      this.cols = cols.clone();
      this.index = new int[cols.length];
      boolean consecutive = true;
      for (int j = 0; j < cols.length; j++) {
        index[j] = cols[j].index;
        consecutive &= index[j] == index[0] + j;
      }
      this.run = consecutive ? index[0] : -1;
    }

    @Override
    List<Column> columns() {
      return List.of(cols);
    }

    @Override
    void write(Features row, ByteBuffer buf, int at) {
      Column[] c = cols;
      if (elem == Elem.FLOAT) {
        int[] idx = index;
        int b = at << 2;
        for (int j = 0; j < idx.length; j++) {
          double v = row.number(idx[j]);
          if (v != v) { // missing: fill, NaN or reject
            v = c[j].number(row);
          }
          buf.putFloat(b + (j << 2), (float) v);
        }
      } else {
        for (int j = 0; j < c.length; j++) {
          put(buf, at + j, c[j].number(row), c[j]);
        }
      }
    }

    /** Writes one row's values as floats at {@code at}. */
    void writeFloats(Features row, float[] out, int at) {
      int start = run;
      if (start >= 0 && !row.copyNumbers(start, width, out, at)) { // consecutive features, none missing: one bulk copy
        return;
      }
      int[] idx = index;
      for (int j = 0; j < idx.length; j++) {
        double v = row.number(idx[j]);
        if (v != v) { // missing: fill, NaN or reject
          v = cols[j].number(row);
        }
        out[at + j] = (float) v;
      }
    }

    @Override
    void writeStrings(Features row, String[] out, int at) {
      for (int j = 0; j < cols.length; j++) {
        out[at + j] = cols[j].string(row);
      }
    }
  }

  /** The tokens of one text feature as a padded sequence {@code [batch, L]}. */
  static final class Sequence extends InputBinding {
    private static final java.util.regex.Pattern SPLIT = java.util.regex.Pattern.compile("[\\s,]+");

    enum Truncate { START, END, REJECT }

    private final Column col;
    private final String padString;
    private final double padNumber;
    private final boolean padAtStart;
    private final Truncate truncate;

    Sequence(String name, Elem elem, Column col, int length, String padding, boolean padAtStart, Truncate truncate) {
      super(name, elem, 2, length);
      this.col = col;
      this.padString = padding;
      this.padNumber = elem == Elem.STRING ? 0 : Double.parseDouble(padding);
      this.padAtStart = padAtStart;
      this.truncate = truncate;
    }

    @Override
    List<Column> columns() {
      return List.of(col);
    }

    /** The tokens to place, after truncation. */
    private String[] tokens(Features row) {
      String s = col.string(row).strip();
      String[] t = s.isEmpty() ? new String[0] : SPLIT.split(s);
      if (t.length > width) {
        switch (truncate) {
          case START -> t = java.util.Arrays.copyOfRange(t, t.length - width, t.length);
          case END -> t = java.util.Arrays.copyOf(t, width);
          case REJECT -> throw new RecordException(RecordException.Problem.TOO_LARGE, col.name,
              "feature '" + col.name + "' has " + t.length + " tokens, more than the sequence length " + width
                  + " of model input '" + name + "' (option " + OnnxOptions.SEQUENCE_TRUNCATE + " = reject)");
        }
      }
      return t;
    }

    /** The number of tokens placed for this row (after truncation), for a lengths input. */
    int count(Features row) {
      return tokens(row).length;
    }

    @Override
    void write(Features row, ByteBuffer buf, int at) {
      String[] t = tokens(row);
      int pad = width - t.length;
      int first = padAtStart ? pad : 0;
      for (int j = 0; j < width; j++) {
        int k = j - first;
        double v;
        if (k < 0 || k >= t.length) {
          v = padNumber;
        } else {
          try {
            v = Double.parseDouble(t[k]);
          } catch (NumberFormatException e) {
            throw new RecordException(RecordException.Problem.WRONG_TYPE, col.name,
                "feature '" + col.name + "' has token '" + t[k] + "' at position " + k + "; model input '" + name + "' takes "
                    + elem.name().toLowerCase(java.util.Locale.ROOT) + " tokens", e);
          }
          if (!Double.isFinite(v)) {
            throw new RecordException(RecordException.Problem.NOT_FINITE, col.name,
                "feature '" + col.name + "' has token '" + t[k] + "' at position " + k + ", which is not finite");
          }
        }
        put(buf, at + j, v, col);
      }
    }

    @Override
    void writeStrings(Features row, String[] out, int at) {
      String[] t = tokens(row);
      int first = padAtStart ? width - t.length : 0;
      for (int j = 0; j < width; j++) {
        int k = j - first;
        out[at + j] = k < 0 || k >= t.length ? padString : t[k];
      }
    }
  }

  /** The true (unpadded) lengths of a {@link Sequence}'s rows, as {@code [N]} or {@code [N, 1]} integers. */
  static final class Lengths extends InputBinding {
    private final Sequence sequence;

    Lengths(String name, Elem elem, int rank, Sequence sequence) {
      super(name, elem, rank, 1);
      this.sequence = sequence;
    }

    @Override
    List<Column> columns() {
      return List.of();
    }

    @Override
    void write(Features row, ByteBuffer buf, int at) {
      put(buf, at, sequence.count(row), sequence.columns().get(0));
    }

    @Override
    void writeStrings(Features row, String[] out, int at) {
      throw new IllegalStateException("a lengths input is numeric");
    }
  }
}
