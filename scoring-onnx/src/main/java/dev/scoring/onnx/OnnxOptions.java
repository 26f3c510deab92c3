package dev.scoring.onnx;

import dev.scoring.api.ModelException;
import dev.scoring.api.ScorerSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The option names an {@code onnx} {@link dev.scoring.api.ScorerSpec} accepts; each constant's
 * Javadoc gives its values and default. A misspelt option fails at load. The module README has
 * worked examples.
 *
 * <p>Constants, and the parsing of their values for the provider; not instantiable.
 */
public final class OnnxOptions {

  private OnnxOptions() {}

  /**
   * How records map to model inputs: {@code matrix} (one tensor {@code [N, F]} of the features in
   * {@link #INPUT_FEATURES} order; a string tensor for text and category features),
   * {@code columns} (one tensor {@code [N, 1]} or {@code [N]} per feature, the scikit-learn
   * converter style) or {@code sequence} (one padded tensor {@code [N, L]} of the tokens of one text
   * feature, or {@code [N, L, D]} of the tokens of D text features, step {@code t} taking token
   * {@code t} of each). Default: {@code matrix} if the model has one input, else {@code columns}.
   */
  public static final String INPUT_LAYOUT = "input.layout";

  /** The model input for {@code matrix} and {@code sequence}; default: the model's only input. */
  public static final String INPUT_NAME = "input.name";

  /**
   * Comma-separated feature names in the model's column order (for an {@code [N, L, D]} sequence,
   * the D text features in the order of the last dimension); default: the schema features the
   * input's element type can take (text and category features for a string input or a sequence, the
   * others for a numeric input), in schema order.
   */
  public static final String INPUT_FEATURES = "input.features";

  /** For {@code columns}: {@code input=feature, ...}; default: each model input takes the feature of the same name. */
  public static final String INPUT_MAP = "input.map";

  /** For {@code sequence}: the padded length {@code L} in steps; default: the model's fixed second dimension. */
  public static final String SEQUENCE_MAX_LENGTH = "sequence.max-length";

  /** For {@code sequence}: the padding token (every value of a padding step); default {@code 0} (an empty string for string tensors). */
  public static final String SEQUENCE_PADDING = "sequence.padding";

  /** For {@code sequence}: where padding goes, {@code end} (default) or {@code start}. */
  public static final String SEQUENCE_PADDING_SIDE = "sequence.padding-side";

  /**
   * For {@code sequence}: what to do with more than {@code L} steps: {@code start} drops the
   * oldest steps and keeps the last {@code L} (default), {@code end} keeps the first {@code L},
   * {@code reject} fails the record ({@code TOO_LARGE}).
   */
  public static final String SEQUENCE_TRUNCATE = "sequence.truncate";

  /**
   * For {@code sequence}: a second model input that receives each row's true step count (after
   * truncation) as an int64 or int32 tensor {@code [N]} or {@code [N, 1]}; default: none.
   */
  public static final String SEQUENCE_LENGTHS_INPUT = "sequence.lengths-input";

  /**
   * A missing value with no entry in {@link #MISSING_VALUES}: {@code reject} fails the record
   * with {@code MISSING_VALUE} (default); {@code nan} passes NaN to float and double inputs (for
   * models that handle it, such as tree ensembles) and rejects the rest; {@code fill} requires
   * a fill value for every bound feature, checked at load.
   */
  public static final String MISSING = dev.scoring.api.ScorerSpec.MISSING;

  /** Fill values for missing features, {@code feature=value, ...}; numbers, {@code true}/{@code false}, or text. */
  public static final String MISSING_VALUES = "missing.values";

  /**
   * The output that gives the score: a probability or value tensor ({@code [N]}, {@code [N, 1]},
   * {@code [N, C]}; float, double, float16 or bfloat16), a scikit-learn {@code ZipMap}
   * ({@code seq(map(string|int64, float))}), or a label tensor alone (int64, int32 or string,
   * {@code [N]} or {@code [N, 1]}: the score's label, valued as {@link #OUTPUT_CLASS} and
   * {@link #OUTPUT_CLASSES} say). Default: the only output, else the first {@code ZipMap}, else the
   * only floating-point tensor, else the only label tensor.
   */
  public static final String OUTPUT = "output";

  /** A label output (string, int64 or int32 tensor) giving the predicted class; default: the classifier's other output, if any. */
  public static final String OUTPUT_LABEL = "output.label";

  /**
   * What the score is: {@code probability} (checked to be in [0, 1]) or {@code value}. Default:
   * {@code probability} for {@code ZipMap} and {@code [N, C]} outputs with {@code C > 1},
   * {@code value} otherwise.
   */
  public static final String OUTPUT_KIND = "output.kind";

  /**
   * Class names, comma-separated, in the order of the columns of an {@code [N, C]} output (default
   * {@code 0 .. C-1}) or of a {@code ZipMap}'s keys (default: the keys, sorted). For a label-only
   * output: the labels it gives; the value is the label's index (required for string labels unless
   * {@link #OUTPUT_CLASS} is set).
   */
  public static final String OUTPUT_CLASSES = "output.classes";

  /**
   * The class whose probability (or value) is the score. Default: the second of two classes
   * (scikit-learn's positive class); with more classes, the predicted class. For a label-only
   * output: the value is 1 when the label is this class, else 0.
   */
  public static final String OUTPUT_CLASS = "output.class";

  /** Intra-op threads per call; default {@code 1} (host threads give the parallelism); {@code 0} lets ONNX Runtime choose. */
  public static final String THREADS_INTRA = "threads.intra";

  /** Inter-op threads (used by {@code parallel} execution); default {@code 1}; {@code 0} lets ONNX Runtime choose. */
  public static final String THREADS_INTER = "threads.inter";

  /** {@code sequential} (default) or {@code parallel} operator execution. */
  public static final String EXECUTION_MODE = "execution.mode";

  /** Graph optimisation level: {@code none}, {@code basic}, {@code extended} or {@code all} (default). */
  public static final String OPTIMIZATION = "optimization";

  /** {@code cpu} (default) or {@code cuda}; {@code cuda} fails at load unless the GPU build and a device are present. */
  public static final String EXECUTION_PROVIDER = "execution.provider";

  /** The CUDA device id; default {@code 0}. */
  public static final String CUDA_DEVICE = "cuda.device";

  /** {@code true} asks ONNX Runtime for deterministic kernels; default {@code false}. */
  public static final String DETERMINISTIC = "deterministic";

  /** ONNX Runtime's log level for this session: {@code verbose}, {@code info}, {@code warning}, {@code error} (default), {@code fatal}. */
  public static final String LOG_LEVEL = "log.level";

  /** Rows per ONNX Runtime call in batch scoring; default 4096 (a model with a fixed batch size uses that size). */
  public static final String BATCH_SIZE = "batch.size";

  /** The most rows one {@code scoreBatch} call accepts; default 1,000,000; more fails with {@code TOO_LARGE}. */
  public static final String BATCH_MAX_ROWS = "batch.max-rows";

  /**
   * The model version for provenance, the common option {@code version} of every provider; default:
   * the model's {@code model_version}, else {@code unversioned}.
   */
  public static final String MODEL_VERSION = dev.scoring.api.ScorerSpec.VERSION;

  /** The largest model file read, in bytes, the common option {@code max-bytes}; default 1 GiB. */
  public static final String MAX_BYTES = dev.scoring.api.ScorerSpec.MAX_BYTES;

  /**
   * The reference record explanations start from, {@code feature=value, ...}; default: the
   * {@link #MISSING_VALUES} fill values, else 0, {@code false} and the empty string.
   */
  public static final String EXPLAIN_BASELINE = "explain.baseline";

  /** Coalitions sampled by the KernelSHAP estimate; default 512. */
  public static final String EXPLAIN_SAMPLES = "explain.samples";

  /** Up to this many features, Shapley values are exact (2^F - 2 model calls); default 10. */
  public static final String EXPLAIN_EXACT_MAX_FEATURES = "explain.exact-max-features";

  /** Seed of the KernelSHAP sampler; default 42 (explanations are reproducible). */
  public static final String EXPLAIN_SEED = "explain.seed";

  static final Set<String> ALL = Set.of(
      INPUT_LAYOUT, INPUT_NAME, INPUT_FEATURES, INPUT_MAP,
      SEQUENCE_MAX_LENGTH, SEQUENCE_PADDING, SEQUENCE_PADDING_SIDE, SEQUENCE_TRUNCATE, SEQUENCE_LENGTHS_INPUT,
      MISSING, MISSING_VALUES,
      OUTPUT, OUTPUT_LABEL, OUTPUT_KIND, OUTPUT_CLASSES, OUTPUT_CLASS,
      THREADS_INTRA, THREADS_INTER, EXECUTION_MODE, OPTIMIZATION, EXECUTION_PROVIDER, CUDA_DEVICE,
      DETERMINISTIC, LOG_LEVEL,
      BATCH_SIZE, BATCH_MAX_ROWS, MODEL_VERSION, MAX_BYTES,
      EXPLAIN_BASELINE, EXPLAIN_SAMPLES, EXPLAIN_EXACT_MAX_FEATURES, EXPLAIN_SEED);

  // ---- parsing of option values, shared by the provider and the binder

  static int nonNegative(ScorerSpec spec, String option, int dflt) {
    int v = spec.intOption(option, dflt);
    if (v < 0) {
      throw new ModelException(OnnxScorerProvider.where(spec) + "option " + option + " must not be negative, got " + v);
    }
    return v;
  }

  static int positive(ScorerSpec spec, String option, int dflt) {
    int v = spec.intOption(option, dflt);
    if (v < 1) {
      throw new ModelException(OnnxScorerProvider.where(spec) + "option " + option + " must be at least 1, got " + v);
    }
    return v;
  }

  static String choice(ScorerSpec spec, String option, String dflt, String... allowed) {
    String v = spec.option(option, dflt).trim().toLowerCase(Locale.ROOT);
    if (!Arrays.asList(allowed).contains(v)) {
      throw new ModelException(OnnxScorerProvider.where(spec) + "option " + option + " must be one of " + Arrays.toString(allowed) + ", got '"
          + spec.option(option, dflt) + "'");
    }
    return v;
  }

  static List<String> list(String s) {
    List<String> out = new ArrayList<>();
    for (String part : s.split(",")) {
      if (!part.isBlank()) {
        out.add(part.strip());
      }
    }
    return out;
  }

  /** {@code a=1, b=x} in order; a value may be empty. */
  static Map<String, String> pairs(ScorerSpec spec, String option) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : spec.option(option, "").split(",")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new ModelException(OnnxScorerProvider.where(spec) + "option " + option + " must be 'name=value, ...', got '" + part.strip() + "'");
      }
      String key = part.substring(0, eq).strip();
      if (out.put(key, part.substring(eq + 1).strip()) != null) {
        throw new ModelException(OnnxScorerProvider.where(spec) + "option " + option + " names '" + key + "' twice");
      }
    }
    return out;
  }
}
