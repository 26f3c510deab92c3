package dev.scoring.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.platform.Fp16Conversions;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.RecordException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * One model input and how rows fill it: a tensor {@code [batch, ...rowShape]} of one element type
 * ({@code [batch]}, {@code [batch, F]}, {@code [batch, L]} or {@code [batch, L, D]}). Immutable; the
 * per-call buffers come from the caller's {@link Scratch}.
 */
abstract class InputBinding {

  final String name;
  final Elem elem;
  /** Elements per row (the product of {@link #rowShape}). */
  final int width;
  /** The dimensions after the batch dimension. */
  private final long[] rowShape;
  private final long[] oneRowShape;

  InputBinding(String name, Elem elem, long[] rowShape) {
    this.name = name;
    this.elem = elem;
    this.rowShape = rowShape.clone();
    long w = 1;
    for (long d : rowShape) {
      w *= d;
    }
    this.width = Math.toIntExact(w);
    this.oneRowShape = shape(1);
  }

  /** The row shape of a feature matrix: {@code []} for a rank-1 input, else {@code [F]}. */
  static long[] matrixRow(int rank, int features) {
    return rank == 1 ? new long[0] : new long[] {features};
  }

  final long[] shape(int batch) {
    if (batch == 1 && oneRowShape != null) {
      return oneRowShape;
    }
    long[] s = new long[rowShape.length + 1];
    s[0] = batch;
    System.arraycopy(rowShape, 0, s, 1, rowShape.length);
    return s;
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
  final OnnxTensor tensor(OrtEnvironment env, List<? extends Features> rows, int from, int n, int batch, Scratch scratch, int slot,
      FeatureSchema schema) throws OrtException {
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
      m.gatherFloats(rows, from, n, batch, f, schema);
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
      case FLOAT16 -> buf.putShort(i << 1, Fp16Conversions.floatToFp16((float) v));
      case BFLOAT16 -> buf.putShort(i << 1, Fp16Conversions.floatToBf16((float) v));
      case INT64 -> buf.putLong(i << 3, integral(v, c));
      case INT32 -> buf.putInt(i << 2, (int) integral(v, c));
      case INT16 -> buf.putShort(i << 1, (short) integral(v, c));
      case INT8, UINT8 -> buf.put(i, (byte) integral(v, c));
      case BOOL -> buf.put(i, (byte) (v != 0.0 ? 1 : 0));
      case STRING -> throw new IllegalStateException("string input written as numbers");
    }
  }

  /** The value as an integer of this input's type; a fraction or an out-of-range value is {@code WRONG_TYPE}. */
  private long integral(double v, Column c) {
    long l = (long) v;
    if (l != v || l < elem.min() || l > elem.max()) {
      throw new RecordException(RecordException.Problem.WRONG_TYPE, c.name,
          "feature '" + c.name + "' is " + v + " but model input '" + name + "' takes " + elem.label()
              + " integers (" + elem.min() + " to " + elem.max() + ")");
    }
    return l;
  }

  /** Columns of features: the matrix layout (many columns) and the column layout (one). */
  static final class Matrix extends InputBinding {
    private final Column[] cols;
    private final int[] index;
    /** The first feature index when the columns are consecutive schema features (the common case), else -1. */
    private final int run;

    Matrix(String name, Elem elem, int rank, Column[] cols) {
      super(name, elem, matrixRow(rank, cols.length));
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

    /**
     * Writes rows {@code [from, from + n)} as floats, row after row, padded to {@code batch} rows
     * by repeating the last, checking each row's schema first; a small method of its own so the JIT
     * compiles the gather loop alone.
     */
    void gatherFloats(List<? extends Features> rows, int from, int n, int batch, float[] out, FeatureSchema schema) {
      int w = width;
      int start = run;
      for (int r = 0; r < batch; r++) {
        Features row = rows.get(from + Math.min(r, n - 1));
        row.requireSchema(schema); // before reading it (the batch path leaves this check to the gather)
        // consecutive features, none missing: one bulk copy; else the per-feature path
        if (start < 0 || row.copyNumbers(start, w, out, r * w)) {
          writeFloats(row, out, r * w);
        }
      }
    }

    /** Writes one row's values as floats at {@code at}, each missing value filled, NaN or rejected. */
    private void writeFloats(Features row, float[] out, int at) {
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

  /**
   * Padded event sequences: {@code [batch, L]} from the tokens of one text feature, or
   * {@code [batch, L, D]} from D text features, one per value of a step: step {@code t} takes token
   * {@code t} of each feature, in the declared feature order (every feature of a row must hold the
   * same number of tokens). Rows with more than {@code L} steps are truncated as configured; rows
   * with fewer are padded with the padding token at the end or the start.
   */
  static final class Sequence extends InputBinding {
    private static final java.util.regex.Pattern SPLIT = java.util.regex.Pattern.compile("[\\s,]+");
    private static final String[] NONE = new String[0];

    enum Truncate { START, END, REJECT }

    private final Column[] cols;
    private final int length;
    private final int depth;
    private final String padString;
    private final double padNumber;
    private final boolean padAtStart;
    private final Truncate truncate;

    /** {@code rank3}: the model input is {@code [N, L, D]} with {@code D = cols.length}; else {@code [N, L]} from one column. */
    Sequence(String name, Elem elem, Column[] cols, boolean rank3, int length, String padding, boolean padAtStart, Truncate truncate) {
      super(name, elem, rank3 ? new long[] {length, cols.length} : new long[] {length});
      if (!rank3 && cols.length != 1) {
        throw new IllegalArgumentException("a [N, L] sequence reads one feature");
      }
      this.cols = cols.clone();
      this.length = length;
      this.depth = cols.length;
      this.padString = padding;
      this.padNumber = elem == Elem.STRING ? 0 : Double.parseDouble(padding);
      this.padAtStart = padAtStart;
      this.truncate = truncate;
    }

    @Override
    List<Column> columns() {
      return List.of(cols);
    }

    private static String[] split(String s) {
      String t = s.strip();
      return t.isEmpty() ? NONE : SPLIT.split(t);
    }

    /** Each feature's tokens ({@code [depth][steps]}), after truncation to the sequence length. */
    private String[][] steps(Features row) {
      String[][] t = new String[depth][];
      for (int c = 0; c < depth; c++) {
        t[c] = split(cols[c].string(row));
        if (t[c].length != t[0].length) {
          throw new RecordException(RecordException.Problem.INVALID, cols[c].name,
              "feature '" + cols[c].name + "' has " + t[c].length + " tokens but feature '" + cols[0].name + "' has "
                  + t[0].length + "; the features of model input '" + name + "' give one value per step each");
        }
      }
      int n = t[0].length;
      if (n > length) {
        for (int c = 0; c < depth; c++) {
          switch (truncate) {
            case START -> t[c] = java.util.Arrays.copyOfRange(t[c], n - length, n);
            case END -> t[c] = java.util.Arrays.copyOf(t[c], length);
            case REJECT -> throw new RecordException(RecordException.Problem.TOO_LARGE, cols[0].name,
                "feature '" + cols[0].name + "' has " + n + " tokens, more than the sequence length " + length
                    + " of model input '" + name + "' (option " + OnnxOptions.SEQUENCE_TRUNCATE + " = reject)");
          }
        }
      }
      return t;
    }

    /** The number of steps placed for this row (after truncation), for a lengths input. */
    int count(Features row) {
      return steps(row)[0].length;
    }

    @Override
    void write(Features row, ByteBuffer buf, int at) {
      String[][] t = steps(row);
      int n = t[0].length;
      int first = padAtStart ? length - n : 0;
      for (int j = 0; j < length; j++) {
        int k = j - first;
        for (int c = 0; c < depth; c++) {
          double v = k < 0 || k >= n ? padNumber : parse(t[c][k], k, cols[c]);
          put(buf, at + j * depth + c, v, cols[c]);
        }
      }
    }

    private double parse(String token, int k, Column col) {
      double v;
      try {
        v = Double.parseDouble(token);
      } catch (NumberFormatException e) {
        throw new RecordException(RecordException.Problem.WRONG_TYPE, col.name,
            "feature '" + col.name + "' has token '" + token + "' at position " + k + "; model input '" + name + "' takes "
                + elem.label() + " tokens", e);
      }
      if (!Double.isFinite(v)) {
        throw new RecordException(RecordException.Problem.NOT_FINITE, col.name,
            "feature '" + col.name + "' has token '" + token + "' at position " + k + ", which is not finite");
      }
      return v;
    }

    @Override
    void writeStrings(Features row, String[] out, int at) {
      String[][] t = steps(row);
      int n = t[0].length;
      int first = padAtStart ? length - n : 0;
      for (int j = 0; j < length; j++) {
        int k = j - first;
        for (int c = 0; c < depth; c++) {
          out[at + j * depth + c] = k < 0 || k >= n ? padString : t[c][k];
        }
      }
    }
  }

  /** The true (unpadded) lengths of a {@link Sequence}'s rows, as {@code [N]} or {@code [N, 1]} integers. */
  static final class Lengths extends InputBinding {
    private final Sequence sequence;

    Lengths(String name, Elem elem, int rank, Sequence sequence) {
      super(name, elem, matrixRow(rank, 1));
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
