package dev.scoring.onnx;

import ai.onnxruntime.MapInfo;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import dev.scoring.api.Feature;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.FeatureType;
import dev.scoring.api.Features;
import dev.scoring.api.ModelException;
import dev.scoring.api.ModelSource;
import dev.scoring.api.Provenance;
import dev.scoring.api.ScoreKind;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerSpec;
import dev.scoring.api.ScorerProvider;
import dev.scoring.api.ShapleyExplainer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * Binds one {@code onnx} spec to one loaded ONNX Runtime session: maps the schema's features to the
 * model inputs, picks and decodes the output, and builds the {@link OnnxScorer}; used once per load.
 */
final class OnnxBinder {
  private final ScorerSpec spec;
  private final OrtSession session;
  private final FeatureSchema schema;
  private final Map<String, NodeInfo> ins;
  private final Map<String, NodeInfo> outs;
  private final String missing;
  private final Map<String, String> fills;

  OnnxBinder(ScorerSpec spec, OrtSession session) throws OrtException {
    this.spec = spec;
    this.session = session;
    this.schema = spec.schema();
    this.ins = session.getInputInfo();
    this.outs = session.getOutputInfo();
    this.missing = spec.missing("reject", "nan", "fill");
    this.fills = OnnxOptions.pairs(spec, OnnxOptions.MISSING_VALUES);
    for (String f : fills.keySet()) {
      feature(f, OnnxOptions.MISSING_VALUES);
    }
  }

  private ModelException fail(String message) {
    return new ModelException(OnnxScorerProvider.where(spec) + message);
  }

  private Feature feature(String name, String option) {
    return schema.find(name).orElseThrow(() -> fail("option " + option + " names feature '" + name
        + "', which the schema does not have; it has " + schema.names()));
  }

  Scorer bind(OrtEnvironment env, OrtSession.SessionOptions options, String digest) throws OrtException {
    String layout = OnnxOptions.choice(spec, OnnxOptions.INPUT_LAYOUT, ins.size() == 1 ? "matrix" : "columns", "matrix", "columns", "sequence");
    List<InputBinding> bindings = switch (layout) {
      case "matrix" -> List.of(matrix());
      case "sequence" -> sequenceInputs();
      default -> columns();
    };
    // the batch dimension: dynamic, or one fixed size shared by every input
    int fixed = -1;
    for (InputBinding b : bindings) {
      long[] shape = ((TensorInfo) node(b.name).getInfo()).getShape();
      if (shape.length > 0 && shape[0] > 0) {
        if (fixed > 0 && fixed != shape[0]) {
          throw fail("the model's inputs fix different batch sizes: " + OnnxScorerProvider.describeAll(ins));
        }
        fixed = (int) shape[0];
      }
    }
    int chunk = fixed > 0 ? fixed : OnnxOptions.positive(spec, OnnxOptions.BATCH_SIZE, 4096);
    int maxRows = OnnxOptions.positive(spec, OnnxOptions.BATCH_MAX_ROWS, 1_000_000);
    OutputDecoder decoder = outputs();
    Provenance provenance = new Provenance(spec.id(), OnnxScorerProvider.TYPE, version(), digest);
    List<Column> bound = new ArrayList<>();
    for (InputBinding b : bindings) {
      bound.addAll(b.columns());
    }
    Features baseline = baseline(bound);
    int samples = spec.intOption(OnnxOptions.EXPLAIN_SAMPLES, 512);
    int exactMax = spec.intOption(OnnxOptions.EXPLAIN_EXACT_MAX_FEATURES, 10);
    if (samples < 2 || exactMax < 0 || exactMax > 20) {
      throw fail("options " + OnnxOptions.EXPLAIN_SAMPLES + " (at least 2) and " + OnnxOptions.EXPLAIN_EXACT_MAX_FEATURES
          + " (0 to 20) are out of range: " + samples + ", " + exactMax);
    }
    long seed = spec.intOption(OnnxOptions.EXPLAIN_SEED, 42);
    List<String> names = new ArrayList<>();
    for (Column c : bound) {
      if (!names.contains(c.name)) {
        names.add(c.name);
      }
    }
    return new OnnxScorer(env, session, options, schema, provenance, bindings.toArray(new InputBinding[0]), decoder,
        chunk, fixed > 0, maxRows,
        scorer -> ShapleyExplainer.builder(scorer).background(List.of(baseline)).features(names)
            .samples(samples).exactMaxFeatures(exactMax).seed(seed).build());
  }

  private String version() throws OrtException {
    Optional<String> declared = spec.option(OnnxOptions.MODEL_VERSION);
    if (declared.isPresent() && !declared.get().isBlank()) {
      return declared.get().strip();
    }
    long v = session.getMetadata().getVersion();
    return v > 0 && v != Long.MAX_VALUE ? Long.toString(v) : "unversioned";
  }

  private String inputName() {
    return inputName(null);
  }

  /** The one model input a matrix or sequence feeds, besides {@code other} (a sequence's lengths input). */
  private String inputName(@Nullable String other) {
    int expected = other == null ? 1 : 2;
    Optional<String> name = spec.option(OnnxOptions.INPUT_NAME);
    if (name.isPresent()) {
      if (!ins.containsKey(name.get()) || name.get().equals(other)) {
        throw fail("option " + OnnxOptions.INPUT_NAME + " = '" + name.get() + "' is not a model input; the model expects "
            + OnnxScorerProvider.describeAll(ins));
      }
      if (ins.size() > expected) {
        throw fail("the model has " + ins.size() + " inputs " + OnnxScorerProvider.describeAll(ins) + " but layout "
            + spec.option(OnnxOptions.INPUT_LAYOUT, "matrix") + " feeds only '" + name.get() + "'; use "
            + OnnxOptions.INPUT_LAYOUT + " = columns");
      }
      return name.get();
    }
    if (ins.size() != expected) {
      throw fail("the model has " + ins.size() + " inputs " + OnnxScorerProvider.describeAll(ins) + "; set " + OnnxOptions.INPUT_LAYOUT
          + " = columns, or " + OnnxOptions.INPUT_NAME);
    }
    for (String in : ins.keySet()) {
      if (!in.equals(other)) {
        return in;
      }
    }
    throw new IllegalStateException("unreachable");
  }

  private List<InputBinding> sequenceInputs() {
    Optional<String> lengths = spec.option(OnnxOptions.SEQUENCE_LENGTHS_INPUT).map(String::strip);
    if (lengths.isEmpty()) {
      return List.of(sequence(inputName()));
    }
    String name = lengths.get();
    if (!ins.containsKey(name)) {
      throw fail("option " + OnnxOptions.SEQUENCE_LENGTHS_INPUT + " = '" + name + "' is not a model input; the model expects "
          + OnnxScorerProvider.describeAll(ins));
    }
    InputBinding.Sequence seq = sequence(inputName(name));
    TensorInfo t = tensor(name);
    Elem elem = elem(name, t);
    long[] shape = t.getShape();
    if ((elem != Elem.INT64 && elem != Elem.INT32) || shape.length > 2 || (shape.length == 2 && shape[1] != 1 && shape[1] != -1)) {
      throw fail("lengths input " + OnnxScorerProvider.describe(name, node(name)) + " must be an int64 or int32 tensor [N] or [N, 1]");
    }
    return List.of(seq, new InputBinding.Lengths(name, elem, shape.length, seq));
  }

  private NodeInfo node(String input) {
    return java.util.Objects.requireNonNull(ins.get(input), input);
  }

  private TensorInfo tensor(String input) {
    NodeInfo info = node(input);
    if (!(info.getInfo() instanceof TensorInfo t)) {
      throw fail("model input " + OnnxScorerProvider.describe(input, info) + " is not a tensor; the scorer feeds tensors");
    }
    return t;
  }

  private Elem elem(String input, TensorInfo t) {
    Elem e = Elem.of(t);
    if (e == null) {
      throw fail("model input " + OnnxScorerProvider.describe(input, node(input)) + " has an element type the scorer cannot feed;"
          + " it feeds float, double, float16, bfloat16, int64, int32, int16, int8, uint8, bool and string");
    }
    return e;
  }

  private List<Feature> features(List<String> names) {
    List<Feature> out = new ArrayList<>();
    for (String n : names) {
      Feature f = feature(n, OnnxOptions.INPUT_FEATURES);
      if (out.contains(f)) {
        throw fail("option " + OnnxOptions.INPUT_FEATURES + " lists '" + n + "' twice");
      }
      out.add(f);
    }
    return out;
  }

  /** The schema features an input of this element type can take, in schema order: the default column list. */
  private List<String> compatibleFeatures(Elem elem) {
    List<String> out = new ArrayList<>();
    for (Feature f : schema.features()) {
      boolean fits = elem == Elem.STRING ? f.type().isString()
          : elem == Elem.BOOL ? f.type() == FeatureType.BOOLEAN : !f.type().isString();
      if (fits) {
        out.add(f.name());
      }
    }
    return out;
  }

  private InputBinding matrix() {
    String input = inputName();
    TensorInfo t = tensor(input);
    Elem elem = elem(input, t);
    List<Feature> features = features(spec.option(OnnxOptions.INPUT_FEATURES).map(OnnxOptions::list)
        .orElseGet(() -> compatibleFeatures(elem)));
    if (features.isEmpty()) {
      throw fail("no features to feed model input " + OnnxScorerProvider.describe(input, node(input)) + "; set " + OnnxOptions.INPUT_FEATURES);
    }
    long[] shape = t.getShape();
    int f = features.size();
    if (shape.length > 2 || (shape.length == 1 && f != 1) || (shape.length == 2 && shape[1] > 0 && shape[1] != f)) {
      throw fail("model input " + OnnxScorerProvider.describe(input, node(input)) + " does not take " + f + " feature column(s) "
          + names(features) + (shape.length == 2 && shape[1] > 0 ? "; it expects " + shape[1] + " columns" : "; it expects rank "
          + shape.length) + " (set " + OnnxOptions.INPUT_FEATURES + " in the model's column order)");
    }
    Column[] cols = new Column[f];
    for (int i = 0; i < f; i++) {
      cols[i] = column(features.get(i), elem, input);
    }
    return new InputBinding.Matrix(input, elem, shape.length, cols);
  }

  private List<InputBinding> columns() {
    Map<String, String> map = OnnxOptions.pairs(spec, OnnxOptions.INPUT_MAP);
    for (String in : map.keySet()) {
      if (!ins.containsKey(in)) {
        throw fail("option " + OnnxOptions.INPUT_MAP + " names '" + in + "', which is not a model input; the model expects "
            + OnnxScorerProvider.describeAll(ins));
      }
    }
    List<InputBinding> out = new ArrayList<>();
    List<String> unmapped = new ArrayList<>();
    for (String input : ins.keySet()) {
      String fname = map.getOrDefault(input, input);
      Optional<Feature> feature = schema.find(fname);
      if (feature.isEmpty()) {
        unmapped.add(input);
        continue;
      }
      TensorInfo t = tensor(input);
      Elem elem = elem(input, t);
      long[] shape = t.getShape();
      if (shape.length > 2 || (shape.length == 2 && shape[1] != 1 && shape[1] != -1)) {
        throw fail("model input " + OnnxScorerProvider.describe(input, node(input)) + " takes more than one column; layout columns binds one"
            + " feature per input, as [N, 1] or [N]");
      }
      out.add(new InputBinding.Matrix(input, elem, shape.length, new Column[] {column(feature.get(), elem, input)}));
    }
    if (!unmapped.isEmpty()) {
      throw fail("model inputs " + unmapped + " have no feature of the same name in the schema " + schema.names()
          + "; map them with " + OnnxOptions.INPUT_MAP + " = input=feature, ... (the model expects " + OnnxScorerProvider.describeAll(ins) + ")");
    }
    return out;
  }

  private InputBinding.Sequence sequence(String input) {
    TensorInfo t = tensor(input);
    Elem elem = elem(input, t);
    if (elem == Elem.BOOL) {
      throw fail("model input " + OnnxScorerProvider.describe(input, node(input)) + " is bool; a sequence takes numeric or string tokens");
    }
    List<String> names = spec.option(OnnxOptions.INPUT_FEATURES).map(OnnxOptions::list).orElseGet(() -> {
      List<String> strings = new ArrayList<>();
      for (Feature f : schema.features()) {
        if (f.type().isString()) {
          strings.add(f.name());
        }
      }
      return strings;
    });
    List<Feature> features = features(names);
    long[] shape = t.getShape();
    if (shape.length != 2 && shape.length != 3 && shape.length != 0) {
      throw fail("model input " + OnnxScorerProvider.describe(input, node(input)) + " is not a sequence tensor: layout sequence feeds [N, L]"
          + " (one text feature of tokens) or [N, L, D] (D text features, one value per step each)");
    }
    boolean rank3 = shape.length == 3;
    for (Feature f : features) {
      if (!f.type().isString()) {
        throw fail("layout sequence reads text or category features of delimited tokens; " + OnnxOptions.INPUT_FEATURES
            + " gives " + names(features));
      }
    }
    if (rank3) {
      if (features.isEmpty() || (shape[2] > 0 && shape[2] != features.size())) {
        throw fail("model input " + OnnxScorerProvider.describe(input, node(input)) + " takes " + (shape[2] > 0 ? shape[2] + "" : "D")
            + " values per step, one text feature each in the model's order, but " + OnnxOptions.INPUT_FEATURES
            + " gives " + features.size() + ": " + names(features));
      }
    } else if (features.size() != 1) {
      throw fail("model input " + OnnxScorerProvider.describe(input, node(input)) + " is a [N, L] sequence and reads one text or category"
          + " feature of delimited tokens; " + OnnxOptions.INPUT_FEATURES + " gives " + names(features)
          + " (several features need a model input [N, L, D])");
    }
    long modelLength = shape.length >= 2 ? shape[1] : -1;
    int length = spec.intOption(OnnxOptions.SEQUENCE_MAX_LENGTH, (int) Math.max(modelLength, -1));
    if (length < 1) {
      throw fail("set " + OnnxOptions.SEQUENCE_MAX_LENGTH + " (at least 1): model input " + OnnxScorerProvider.describe(input, node(input))
          + " does not fix the sequence length");
    }
    if (modelLength > 0 && modelLength != length) {
      throw fail("option " + OnnxOptions.SEQUENCE_MAX_LENGTH + " = " + length + " but model input "
          + OnnxScorerProvider.describe(input, node(input)) + " takes sequences of " + modelLength);
    }
    String padding = spec.option(OnnxOptions.SEQUENCE_PADDING, elem == Elem.STRING ? "" : "0").strip();
    if (elem != Elem.STRING) {
      try {
        double p = Double.parseDouble(padding);
        if (!Double.isFinite(p) || (!elem.isFloating() && (p != Math.rint(p) || p < elem.min() || p > elem.max()))) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw fail("option " + OnnxOptions.SEQUENCE_PADDING + " = '" + padding + "' is not a valid "
            + elem.name().toLowerCase(Locale.ROOT) + " token");
      }
    }
    boolean atStart = OnnxOptions.choice(spec, OnnxOptions.SEQUENCE_PADDING_SIDE, "end", "end", "start").equals("start");
    InputBinding.Sequence.Truncate truncate = InputBinding.Sequence.Truncate.valueOf(
        OnnxOptions.choice(spec, OnnxOptions.SEQUENCE_TRUNCATE, "start", "start", "end", "reject").toUpperCase(Locale.ROOT));
    Column[] cols = new Column[features.size()];
    for (int i = 0; i < cols.length; i++) {
      cols[i] = column(features.get(i), Elem.STRING, input);
    }
    return new InputBinding.Sequence(input, elem, cols, rank3, length, padding, atStart, truncate);
  }

  private static String names(List<Feature> features) {
    List<String> n = new ArrayList<>();
    for (Feature f : features) {
      n.add(f.toString());
    }
    return n.toString();
  }

  /** Binds a feature to an input of element type {@code elem}, with its missing-value rule. */
  private Column column(Feature f, Elem elem, String input) {
    boolean fits = elem == Elem.STRING ? f.type().isString()
        : elem == Elem.BOOL ? f.type() == FeatureType.BOOLEAN : !f.type().isString();
    if (!fits) {
      throw fail("feature " + f + " cannot feed model input " + OnnxScorerProvider.describe(input, node(input)) + ": "
          + (elem == Elem.STRING ? "a string input takes text or category features"
             : elem == Elem.BOOL ? "a bool input takes boolean features" : "a numeric input takes number, boolean or timestamp features"));
    }
    String fill = fills.get(f.name());
    double fillNumber = Double.NaN;
    String fillString = null;
    if (fill != null) {
      Object v = parse(f, fill, OnnxOptions.MISSING_VALUES);
      if (v instanceof String s) {
        fillString = s;
      } else {
        fillNumber = number(v);
      }
    } else if (missing.equals("fill")) {
      throw fail("option " + OnnxOptions.MISSING + " = fill, but " + OnnxOptions.MISSING_VALUES + " has no value for feature '"
          + f.name() + "' (it needs one for every fed feature)");
    }
    boolean nan = missing.equals("nan") && elem.isFloating();
    return new Column(f, fillNumber, fillString, nan, spec.id());
  }

  private static double number(Object v) {
    if (v instanceof Boolean b) {
      return b ? 1.0 : 0.0;
    }
    if (v instanceof Instant i) {
      return i.toEpochMilli();
    }
    return ((Number) v).doubleValue();
  }

  /** A value for feature {@code f} written in an option: a number, a boolean, an instant (or epoch millis), or text. */
  private Object parse(Feature f, String text, String option) {
    try {
      return switch (f.type()) {
        case NUMBER -> {
          double d = Double.parseDouble(text);
          if (!Double.isFinite(d)) {
            throw new NumberFormatException();
          }
          yield d;
        }
        case BOOLEAN -> switch (text.toLowerCase(Locale.ROOT)) {
          case "true" -> Boolean.TRUE;
          case "false" -> Boolean.FALSE;
          default -> throw new NumberFormatException();
        };
        case TIMESTAMP -> text.matches("-?\\d+") ? Instant.ofEpochMilli(Long.parseLong(text)) : Instant.parse(text);
        case CATEGORY, TEXT -> text;
      };
    } catch (NumberFormatException | DateTimeParseException e) {
      throw fail("option " + option + " gives '" + text + "' for feature " + f + ", which is not a valid "
          + f.type().name().toLowerCase(Locale.ROOT));
    }
  }

  /** The explanation baseline over the fed features; checked here so a bad option fails at load. */
  private Features baseline(List<Column> bound) {
    Map<String, String> given = OnnxOptions.pairs(spec, OnnxOptions.EXPLAIN_BASELINE);
    for (String f : given.keySet()) {
      feature(f, OnnxOptions.EXPLAIN_BASELINE);
    }
    Features.Builder b = Features.builder(schema);
    for (Column c : bound) {
      Feature f = schema.feature(c.index);
      String text = given.getOrDefault(f.name(), fills.get(f.name()));
      Object v;
      if (text != null) {
        v = parse(f, text, given.containsKey(f.name()) ? OnnxOptions.EXPLAIN_BASELINE : OnnxOptions.MISSING_VALUES);
      } else {
        v = switch (f.type()) {
          case NUMBER -> 0.0;
          case BOOLEAN -> Boolean.FALSE;
          case TIMESTAMP -> Instant.EPOCH;
          case CATEGORY, TEXT -> "";
        };
      }
      b.set(f.name(), v);
    }
    return b.build();
  }

  private OutputDecoder outputs() {
    String output = spec.option(OnnxOptions.OUTPUT).orElseGet(this::defaultOutput);
    NodeInfo info = outs.get(output);
    if (info == null) {
      throw fail("option " + OnnxOptions.OUTPUT + " = '" + output + "' is not a model output; the model gives " + OnnxScorerProvider.describeAll(outs));
    }
    List<String> declared = spec.option(OnnxOptions.OUTPUT_CLASSES).map(OnnxOptions::list).orElse(null);
    String scoreClass = spec.option(OnnxOptions.OUTPUT_CLASS).map(String::strip).orElse(null);
    Optional<String> kindOption = spec.option(OnnxOptions.OUTPUT_KIND);
    if (kindOption.isPresent()) {
      OnnxOptions.choice(spec, OnnxOptions.OUTPUT_KIND, "value", "probability", "value");
    }
    OutputDecoder.Form form;
    Elem elem;
    int width;
    boolean longKeys = false;
    ValueInfo v = info.getInfo();
    if (v instanceof SequenceInfo s && s.isSequenceOfMaps()
        && (s.mapInfo.keyType == OnnxJavaType.STRING || s.mapInfo.keyType == OnnxJavaType.INT64)
        && (s.mapInfo.valueType == OnnxJavaType.FLOAT || s.mapInfo.valueType == OnnxJavaType.DOUBLE)) {
      form = OutputDecoder.Form.ZIPMAP;
      elem = s.mapInfo.valueType == OnnxJavaType.FLOAT ? Elem.FLOAT : Elem.DOUBLE;
      longKeys = s.mapInfo.keyType == OnnxJavaType.INT64;
      width = declared == null ? 0 : declared.size();
    } else if (isLabel(info) && (v instanceof TensorInfo t)) {
      // a label tensor alone (a classifier converted without probabilities, an ArgMax)
      form = OutputDecoder.Form.LABEL;
      elem = java.util.Objects.requireNonNull(Elem.of(t));
      width = 1;
      if (kindOption.isPresent() && !kindOption.get().strip().equalsIgnoreCase("value")) {
        throw fail("output " + OnnxScorerProvider.describe(output, info) + " is a label tensor, which gives no probabilities; leave "
            + OnnxOptions.OUTPUT_KIND + " out (the value is the label's number, its index in " + OnnxOptions.OUTPUT_CLASSES
            + ", or 1/0 for " + OnnxOptions.OUTPUT_CLASS + ")");
      }
      if (elem == Elem.STRING && declared == null && scoreClass == null) {
        throw fail("output " + OnnxScorerProvider.describe(output, info) + " gives string labels; set " + OnnxOptions.OUTPUT_CLASSES
            + " (the value is the label's index) or " + OnnxOptions.OUTPUT_CLASS + " (the value is 1 for that label, else 0)");
      }
      if (spec.option(OnnxOptions.OUTPUT_LABEL).isPresent()) {
        throw fail("output " + OnnxScorerProvider.describe(output, info) + " is itself the label; leave " + OnnxOptions.OUTPUT_LABEL + " out");
      }
      return new OutputDecoder(output, null, form, ScoreKind.VALUE, elem, 1, declared, scoreClass, false, spec.id());
    } else if (v instanceof TensorInfo t && isScoreTensor(t)) {
      elem = java.util.Objects.requireNonNull(Elem.of(t));
      long[] shape = t.getShape();
      if (shape.length > 2) {
        throw fail("output " + OnnxScorerProvider.describe(output, info) + " has rank " + shape.length + "; the scorer reads [N], [N, 1] or [N, C]");
      }
      long cols = shape.length == 2 ? shape[1] : 1;
      if (cols < 0 || shape.length == 0) {
        cols = declared == null ? 1 : declared.size();
      }
      width = (int) cols;
      form = width == 1 ? OutputDecoder.Form.VALUE : OutputDecoder.Form.CLASS_TENSOR;
      if (declared != null && declared.size() != width) {
        throw fail("option " + OnnxOptions.OUTPUT_CLASSES + " names " + declared.size() + " classes but output "
            + OnnxScorerProvider.describe(output, info) + " has " + width + " columns");
      }
      if (form == OutputDecoder.Form.VALUE && scoreClass != null) {
        throw fail("option " + OnnxOptions.OUTPUT_CLASS + " is set but output " + OnnxScorerProvider.describe(output, info) + " has one column");
      }
    } else {
      throw fail("output " + OnnxScorerProvider.describe(output, info) + " cannot give a score; the scorer reads float, double, float16 and"
          + " bfloat16 tensors, ZipMap seq(map(string|int64, float)) and label tensors (int64, int32 or string, [N] or [N, 1]);"
          + " the model gives " + OnnxScorerProvider.describeAll(outs)
          + " (choose one with " + OnnxOptions.OUTPUT + ")");
    }
    ScoreKind kind = kindOption.isPresent()
        ? (OnnxOptions.choice(spec, OnnxOptions.OUTPUT_KIND, "value", "probability", "value").equals("probability") ? ScoreKind.PROBABILITY : ScoreKind.VALUE)
        : (form == OutputDecoder.Form.VALUE ? ScoreKind.VALUE : ScoreKind.PROBABILITY);
    String label = labelOutput(output, form);
    return new OutputDecoder(output, label, form, kind, elem, width, declared, scoreClass, longKeys, spec.id());
  }

  private @Nullable String labelOutput(String output, OutputDecoder.Form form) {
    Optional<String> declared = spec.option(OnnxOptions.OUTPUT_LABEL);
    if (declared.isPresent()) {
      NodeInfo info = outs.get(declared.get());
      if (info == null) {
        throw fail("option " + OnnxOptions.OUTPUT_LABEL + " = '" + declared.get() + "' is not a model output; the model gives "
            + OnnxScorerProvider.describeAll(outs));
      }
      if (!isLabel(info) || declared.get().equals(output)) {
        throw fail("label output " + OnnxScorerProvider.describe(declared.get(), info) + " is not a string, int64 or int32 tensor of one label per row");
      }
      return declared.get();
    }
    if (form == OutputDecoder.Form.VALUE) {
      return null;
    }
    for (Map.Entry<String, NodeInfo> e : outs.entrySet()) {
      if (!e.getKey().equals(output) && isLabel(e.getValue())) {
        return e.getKey();
      }
    }
    return null;
  }

  private static boolean isScoreTensor(TensorInfo t) {
    Elem e = Elem.of(t);
    return e != null && e.isFloating();
  }

  private static boolean isLabel(NodeInfo info) {
    return info.getInfo() instanceof TensorInfo t
        && (Elem.of(t) == Elem.STRING || Elem.of(t) == Elem.INT64 || Elem.of(t) == Elem.INT32)
        && (t.getShape().length == 1 || (t.getShape().length == 2 && t.getShape()[1] == 1));
  }

  private String defaultOutput() {
    if (outs.size() == 1) {
      return outs.keySet().iterator().next();
    }
    List<String> numeric = new ArrayList<>();
    for (Map.Entry<String, NodeInfo> e : outs.entrySet()) {
      ValueInfo v = e.getValue().getInfo();
      if (v instanceof SequenceInfo s && s.isSequenceOfMaps()) {
        return e.getKey();
      }
      if (v instanceof TensorInfo t && isScoreTensor(t)) {
        numeric.add(e.getKey());
      }
    }
    if (numeric.size() == 1) {
      return numeric.get(0);
    }
    List<String> labels = new ArrayList<>();
    for (Map.Entry<String, NodeInfo> e : outs.entrySet()) {
      if (isLabel(e.getValue())) {
        labels.add(e.getKey());
      }
    }
    if (numeric.isEmpty() && labels.size() == 1) {
      return labels.get(0);
    }
    throw fail("the model gives " + outs.size() + " outputs " + OnnxScorerProvider.describeAll(outs) + "; choose the score with option "
        + OnnxOptions.OUTPUT);
  }
}
