package dev.scoring.onnx;

import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.platform.Fp16Conversions;
import dev.scoring.api.ModelException;
import dev.scoring.api.Provenance;
import dev.scoring.api.RecordException;
import dev.scoring.api.Score;
import dev.scoring.api.ScoreKind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns the selected outputs of one run into scores: a value or probability tensor
 * ({@code [N]}, {@code [N, 1]}; float, double, float16 or bfloat16), a class-probability tensor
 * ({@code [N, C]}), or a scikit-learn {@code ZipMap} ({@code seq(map(string|int64, float))}), with
 * an optional label tensor; or a label tensor alone (int64, int32 or string, {@link Form#LABEL}).
 * Immutable once the ZipMap class order is known (set once, on the first run, from the keys).
 */
final class OutputDecoder {

  /** How far a float probability may stray outside [0, 1] from rounding before it is an error. */
  private static final double PROBABILITY_SLACK = 1e-5;

  enum Form { VALUE, CLASS_TENSOR, ZIPMAP, LABEL }

  final String output;
  final @Nullable String labelOutput;
  final Form form;
  final ScoreKind kind;
  final Elem elem;
  /** Columns of a class tensor; 0 for ZipMap until known. */
  private final int width;
  /** The class whose value is the score, by name, or null for the default rule. */
  private final @Nullable String scoreClass;
  private final String scorerId;
  /** Class names (declared, or tensor column numbers); for ZipMap without declared classes, set on first use. */
  private volatile @Nullable ZipClasses classes;

  /** ZipMap class names and the map keys they are read with. */
  record ZipClasses(List<String> names, Object[] keys, int scoreIndex) {}

  OutputDecoder(String output, @Nullable String labelOutput, Form form, ScoreKind kind, Elem elem, int width,
      @Nullable List<String> declaredClasses, @Nullable String scoreClass, boolean longKeys, String scorerId) {
    this.output = output;
    this.labelOutput = labelOutput;
    this.form = form;
    this.kind = kind;
    this.elem = elem;
    this.width = width;
    this.scoreClass = scoreClass;
    this.scorerId = scorerId;
    if (form == Form.LABEL) {
      if (declaredClasses != null && scoreClass != null && !declaredClasses.contains(scoreClass)) {
        throw new ModelException("scorer '" + scorerId + "': option " + OnnxOptions.OUTPUT_CLASS + " = '" + scoreClass
            + "' is not one of the classes " + declaredClasses + " of output '" + output + "'");
      }
      this.classes = declaredClasses == null ? null : new ZipClasses(List.copyOf(declaredClasses), declaredClasses.toArray(), -1);
    } else if (declaredClasses != null) {
      this.classes = zipClasses(declaredClasses, longKeys);
    } else if (form == Form.CLASS_TENSOR) {
      List<String> names = new ArrayList<>();
      for (int i = 0; i < width; i++) {
        names.add(Integer.toString(i));
      }
      this.classes = zipClasses(names, false);
    }
  }

  private ZipClasses zipClasses(List<String> names, boolean longKeys) {
    Object[] keys = new Object[names.size()];
    for (int i = 0; i < keys.length; i++) {
      String n = names.get(i);
      if (longKeys) {
        try {
          keys[i] = Long.valueOf(n.trim());
        } catch (NumberFormatException e) {
          throw new ModelException("scorer '" + scorerId + "': output '" + output + "' has int64 class keys but class '" + n
              + "' in option " + OnnxOptions.OUTPUT_CLASSES + " is not an integer");
        }
      } else {
        keys[i] = n;
      }
    }
    int scoreIndex;
    if (scoreClass != null) {
      scoreIndex = names.indexOf(scoreClass);
      if (scoreIndex < 0) {
        throw new ModelException("scorer '" + scorerId + "': option " + OnnxOptions.OUTPUT_CLASS + " = '" + scoreClass
            + "' is not one of the classes " + names + " of output '" + output + "'");
      }
    } else if (names.size() == 2) {
      scoreIndex = 1;
    } else if (kind == ScoreKind.VALUE) {
      throw new ModelException("scorer '" + scorerId + "': output '" + output + "' has " + names.size()
          + " classes " + names + "; set option " + OnnxOptions.OUTPUT_CLASS + " to the class whose value is the score");
    } else {
      scoreIndex = -1; // the predicted class
    }
    return new ZipClasses(List.copyOf(names), keys, scoreIndex);
  }

  /** The declared or known class names, for checks; empty if not yet known or not a classifier. */
  List<String> knownClasses() {
    ZipClasses c = classes;
    return c == null ? List.of() : c.names();
  }

  /**
   * Decodes rows {@code [0, n)} of a run of {@code batch} rows (more than {@code n} when padded to
   * a fixed batch size) into {@code values[vo + i]} and, when {@code scores} is not null,
   * {@code scores[so + i]}.
   */
  void decode(OrtSession.Result result, int n, int batch, Provenance provenance, double @Nullable [] values, int vo,
      @Nullable Score @Nullable [] scores, int so) throws OrtException {
    OnnxValue out = result.get(output).orElseThrow(() -> new IllegalStateException("no output " + output));
    String @Nullable [] labels = scores == null || labelOutput == null ? null : labels(result, labelOutput, batch);
    switch (form) {
      case LABEL -> decodeLabels((OnnxTensor) out, n, batch, provenance, values, vo, scores, so);
      case VALUE -> decodeValues((OnnxTensor) out, n, batch, provenance, values, vo, scores, so, labels);
      case CLASS_TENSOR -> {
        ByteBuffer b = tensorBytes((OnnxTensor) out, batch, width);
        ZipClasses c = java.util.Objects.requireNonNull(classes, "class names of a class tensor");
        double[] p = new double[width];
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < width; j++) {
            p[j] = at(b, i * width + j);
          }
          emit(i, p, c, provenance, values, vo, scores, so, labels);
        }
      }
      case ZIPMAP -> decodeZipMap((OnnxSequence) out, n, batch, provenance, values, vo, scores, so, labels);
    }
  }

  private void decodeValues(OnnxTensor t, int n, int batch, Provenance provenance, double @Nullable [] values, int vo,
      @Nullable Score @Nullable [] scores, int so, String @Nullable [] labels) {
    ByteBuffer b = tensorBytes(t, batch, 1);
    if (values != null && scores == null && elem == Elem.FLOAT) {
      // the value path (scoreValue, scoreBatch into a double[]): the full check only for a value out of range
      double lo = kind == ScoreKind.PROBABILITY ? 0.0 : -Double.MAX_VALUE;
      double hi = kind == ScoreKind.PROBABILITY ? 1.0 : Double.MAX_VALUE;
      for (int i = 0; i < n; i++) {
        double v = b.getFloat(i << 2);
        values[vo + i] = v >= lo && v <= hi ? v : check(v, i, null); // false for NaN
      }
      return;
    }
    for (int i = 0; i < n; i++) {
      double v = check(at(b, i), i, null);
      if (values != null) {
        values[vo + i] = v;
      }
      if (scores != null) {
        String label = labels == null ? null : labels[i];
        scores[so + i] = new Score(v, v, kind, label, List.of(), new double[0], provenance);
      }
    }
  }

  /** Element {@code i} of a float, double, float16 or bfloat16 tensor's bytes. */
  private double at(ByteBuffer b, int i) {
    return switch (elem) {
      case FLOAT -> b.getFloat(i << 2);
      case DOUBLE -> b.getDouble(i << 3);
      case FLOAT16 -> Fp16Conversions.fp16ToFloat(b.getShort(i << 1));
      case BFLOAT16 -> Fp16Conversions.bf16ToFloat(b.getShort(i << 1));
      default -> throw new IllegalStateException("output '" + output + "' is " + elem.label());
    };
  }

  /**
   * A label tensor alone: the label, and as the value 1 or 0 (whether it is {@code output.class}),
   * else its index in {@code output.classes}, else the integer label itself.
   */
  private void decodeLabels(OnnxTensor t, int n, int batch, Provenance provenance, double @Nullable [] values, int vo,
      @Nullable Score @Nullable [] scores, int so) throws OrtException {
    ZipClasses c = classes;
    String sc = scoreClass;
    boolean numeric = sc == null && c == null;
    ByteBuffer b = numeric ? tensorBytes(t, batch, 1) : null;
    String[] labels = numeric && scores == null ? new String[0] : labels(t, output, batch);
    for (int i = 0; i < n; i++) {
      double v;
      if (b != null) {
        v = elem == Elem.INT64 ? b.getLong(i << 3) : b.getInt(i << 2);
      } else {
        int k = c == null ? 0 : c.names().indexOf(labels[i]);
        if (k < 0) {
          throw new RecordException(RecordException.Problem.INVALID, null, "scorer '" + scorerId + "': output '" + output
              + "' gives label '" + labels[i] + "' for row " + i + " of the batch, which is not one of the classes " + knownClasses()
              + " of option " + OnnxOptions.OUTPUT_CLASSES);
        }
        v = sc != null ? (sc.equals(labels[i]) ? 1.0 : 0.0) : k;
      }
      if (values != null) {
        values[vo + i] = v;
      }
      if (scores != null) {
        scores[so + i] = new Score(v, v, kind, labels[i], List.of(), new double[0], provenance);
      }
    }
  }

  private void decodeZipMap(OnnxSequence seq, int n, int batch, Provenance provenance, double @Nullable [] values, int vo,
      @Nullable Score @Nullable [] scores, int so, String @Nullable [] labels) throws OrtException {
    List<? extends OnnxValue> maps = seq.getValue();
    try {
      if (maps.size() != batch) {
        throw new ModelException("scorer '" + scorerId + "': output '" + output + "' has " + maps.size() + " maps for "
            + batch + " rows; the model does not treat its first input dimension as the batch");
      }
      double[] p = null;
      for (int i = 0; i < n; i++) {
        Map<?, ?> m = ((OnnxMap) maps.get(i)).getValue();
        ZipClasses c = classes;
        if (c == null) {
          c = fromKeys(m);
          classes = c;
        }
        if (p == null) {
          p = new double[c.keys().length];
        }
        if (m.size() != p.length) {
          throw new ModelException("scorer '" + scorerId + "': output '" + output + "' has classes " + m.keySet()
              + " but the scorer expects " + c.names());
        }
        for (int j = 0; j < p.length; j++) {
          Object v = m.get(c.keys()[j]);
          if (!(v instanceof Number num)) {
            throw new ModelException("scorer '" + scorerId + "': output '" + output + "' has no class '" + c.names().get(j)
                + "'; its classes are " + m.keySet());
          }
          p[j] = num.doubleValue();
        }
        emit(i, p, c, provenance, values, vo, scores, so, labels);
      }
    } finally {
      for (OnnxValue v : maps) {
        v.close();
      }
    }
  }

  private ZipClasses fromKeys(Map<?, ?> m) {
    List<Object> keys = new ArrayList<>(m.keySet());
    boolean longKeys = !keys.isEmpty() && keys.get(0) instanceof Long;
    if (longKeys) {
      keys.sort((a, b) -> Long.compare((Long) a, (Long) b));
    } else {
      keys.sort((a, b) -> a.toString().compareTo(b.toString()));
    }
    List<String> names = new ArrayList<>();
    for (Object k : keys) {
      names.add(k.toString());
    }
    return zipClasses(names, longKeys);
  }

  private void emit(int i, double[] raw, ZipClasses c, Provenance provenance, double @Nullable [] values, int vo,
      @Nullable Score @Nullable [] scores, int so, String @Nullable [] labels) {
    int predicted = 0;
    for (int j = 1; j < raw.length; j++) {
      if (raw[j] > raw[predicted]) {
        predicted = j;
      }
    }
    int scoreIndex = c.scoreIndex() >= 0 ? c.scoreIndex() : predicted;
    double v = check(raw[scoreIndex], i, c.names().get(scoreIndex));
    if (values != null) {
      values[vo + i] = v;
    }
    if (scores != null) {
      // the model's label, unless it is not one of the (declared) class names: then the most probable class
      String label = labels != null && c.names().contains(labels[i]) ? labels[i] : c.names().get(predicted);
      double[] probabilities;
      List<String> names;
      if (kind == ScoreKind.PROBABILITY) {
        probabilities = new double[raw.length];
        for (int j = 0; j < raw.length; j++) {
          probabilities[j] = check(raw[j], i, c.names().get(j));
        }
        names = c.names();
      } else {
        probabilities = new double[0];
        names = List.of();
      }
      scores[so + i] = new Score(v, v, kind, label, names, probabilities, provenance);
    }
  }

  /** Checks an output number: finite, and in [0, 1] (within float rounding, then clamped) for probabilities. */
  private double check(double v, int row, @Nullable String cls) {
    if (!Double.isFinite(v)) {
      throw new RecordException(RecordException.Problem.INVALID, null,
          "scorer '" + scorerId + "': output '" + output + "'" + (cls == null ? "" : " class '" + cls + "'") + " is " + v
              + " for row " + row + " of the batch (a missing or extreme input?)");
    }
    if (kind == ScoreKind.PROBABILITY) {
      if (v < -PROBABILITY_SLACK || v > 1 + PROBABILITY_SLACK) {
        throw new RecordException(RecordException.Problem.INVALID, null,
            "scorer '" + scorerId + "': output '" + output + "'" + (cls == null ? "" : " class '" + cls + "'") + " is " + v
                + ", not a probability; set option " + OnnxOptions.OUTPUT_KIND + " = value if the model's output is not one");
      }
      return Math.min(1.0, Math.max(0.0, v));
    }
    return v;
  }

  /** The tensor's data, checked to hold {@code n * width} elements; a read-only view of native memory. */
  private ByteBuffer tensorBytes(OnnxTensor t, int n, int w) {
    long[] shape = t.getInfo().getShape();
    long count = 1;
    for (long d : shape) {
      count *= d;
    }
    if (shape.length == 0 || shape[0] != n || count != (long) n * w) {
      throw new ModelException("scorer '" + scorerId + "': output '" + output + "' has shape " + Arrays.toString(shape)
          + " for a batch of " + n + " rows; expected [" + n + (w == 1 ? "] or [" + n + ", 1]" : ", " + w + "]"));
    }
    return t.getByteBuffer().order(ByteOrder.nativeOrder());
  }

  private String[] labels(OrtSession.Result result, String name, int n) throws OrtException {
    return labels((OnnxTensor) result.get(name).orElseThrow(() -> new IllegalStateException("no output " + name)), name, n);
  }

  /** One label per row of a string, int64 or int32 tensor {@code [n]} or {@code [n, 1]}. */
  private String[] labels(OnnxTensor t, String name, int n) throws OrtException {
    long[] shape = t.getInfo().getShape();
    if (shape.length == 0 || shape[0] != n || t.getInfo().getNumElements() != n) {
      throw new ModelException("scorer '" + scorerId + "': label output '" + name + "' has shape "
          + Arrays.toString(shape) + " for a batch of " + n + " rows");
    }
    String[] labels = new String[n];
    Object v = t.getValue();
    for (int i = 0; i < n; i++) {
      Object e = v.getClass().isArray() && java.lang.reflect.Array.getLength(v) == n ? java.lang.reflect.Array.get(v, i) : v;
      if (e.getClass().isArray()) {
        e = java.lang.reflect.Array.get(e, 0);
      }
      labels[i] = String.valueOf(e);
    }
    return labels;
  }
}
