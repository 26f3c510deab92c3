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
import dev.scoring.api.ShapleyExplainer;
import dev.scoring.api.ScorerProvider;
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
 * Provides scorers of type {@code onnx}: a model run by ONNX Runtime, loaded from a path, bytes or
 * a class-path resource, with inputs mapped from the schema and outputs decoded into scores as the
 * {@link OnnxOptions} say. Everything is checked against the model's input and output metadata at
 * load, and a mismatch fails with a {@link ModelException} listing what the model expects.
 *
 * <pre>{@code
 * Scorer scorer = Scorers.load(ScorerSpec.builder("onnx").id("intent")
 *     .path(Path.of("models/intent.onnx")).schema(schema)
 *     .option("input.features", "email_opens,web_visits,company_size")
 *     .option("output.kind", "probability")
 *     .build());
 * }</pre>
 *
 * <p>Each scorer holds one {@code OrtSession}, shared by all threads, and closes it (never the
 * process-wide {@code OrtEnvironment}) in {@link Scorer#close()}. The provider itself is stateless
 * and thread-safe.
 */
public final class OnnxScorerProvider implements ScorerProvider {

  /** The provider type, {@value}. */
  public static final String TYPE = "onnx";

  /** Creates the provider; cheap, ONNX Runtime loads on the first {@link #create}. */
  public OnnxScorerProvider() {}

  @Override
  public String type() {
    return TYPE;
  }

  /**
   * Loads the model and binds it to the spec's schema.
   *
   * @throws ModelException if the model cannot be read or loaded, an option is unknown or invalid,
   *     or the inputs, features and outputs do not fit together (the message lists what the model
   *     expects)
   */
  @Override
  public Scorer create(ScorerSpec spec) {
    spec.requireKnownOptions(OnnxOptions.ALL);
    byte[] bytes = spec.readSource();
    String digest = ModelSource.digest(bytes);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession.SessionOptions options = sessionOptions(spec);
    OrtSession session;
    try {
      session = env.createSession(bytes, options);
    } catch (OrtException | RuntimeException e) {
      options.close();
      throw new ModelException(where(spec) + "ONNX Runtime cannot load the model " + spec.source().name() + ": " + e.getMessage(), e);
    }
    try {
      return new OnnxBinder(spec, session).bind(env, options, digest);
    } catch (OrtException e) {
      closeQuietly(session, options);
      throw new ModelException(where(spec) + "cannot read the metadata of model " + spec.source().name() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(session, options);
      throw e;
    }
  }

  /**
   * The model's inputs and outputs (names, element types, shapes), its producer and version, and
   * its features: the inputs themselves for one input per feature, or the {@code input.features}
   * option's names for a matrix input (a matrix's columns have no names in ONNX).
   */
  @Override
  public java.util.Optional<dev.scoring.api.ModelDescription> describe(ScorerSpec spec) {
    spec.requireKnownOptions(OnnxOptions.ALL);
    byte[] bytes = spec.readSource();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(bytes, options)) {
      java.util.Map<String, String> details = new java.util.LinkedHashMap<>();
      ai.onnxruntime.OnnxModelMetadata meta = session.getMetadata();
      details.put("producer", (meta.getProducerName() + " " + meta.getDescription()).strip());
      details.put("graph", meta.getGraphName());
      if (meta.getVersion() != 0 && meta.getVersion() != Long.MAX_VALUE) {
        details.put("model version", Long.toString(meta.getVersion()));
      }
      java.util.List<dev.scoring.api.Feature> features = new java.util.ArrayList<>();
      java.util.Map<String, ai.onnxruntime.NodeInfo> inputs = session.getInputInfo();
      for (ai.onnxruntime.NodeInfo in : inputs.values()) {
        details.put("input " + in.getName(), in.getInfo().toString());
      }
      for (ai.onnxruntime.NodeInfo out : session.getOutputInfo().values()) {
        details.put("output " + out.getName(), out.getInfo().toString());
      }
      String declared = spec.option(OnnxOptions.INPUT_FEATURES, "");
      if (!declared.isBlank()) {
        for (String name : declared.split(",")) {
          features.add(new dev.scoring.api.Feature(name.strip(), dev.scoring.api.FeatureType.NUMBER, features.size()));
        }
      } else if (inputs.size() > 1) {
        for (ai.onnxruntime.NodeInfo in : inputs.values()) {
          boolean text = in.getInfo() instanceof TensorInfo t && t.type == ai.onnxruntime.OnnxJavaType.STRING;
          features.add(new dev.scoring.api.Feature(in.getName(),
              text ? dev.scoring.api.FeatureType.CATEGORY : dev.scoring.api.FeatureType.NUMBER, features.size()));
        }
      }
      return java.util.Optional.of(new dev.scoring.api.ModelDescription(TYPE, "ONNX (ONNX Runtime " + OrtEnvironment.getEnvironment()
          .getVersion() + ")", features, details));
    } catch (OrtException | RuntimeException e) {
      if (e instanceof ModelException m) {
        throw m;
      }
      throw new ModelException(where(spec) + "ONNX Runtime cannot load the model " + spec.source().name() + ": " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(OrtSession session, OrtSession.SessionOptions options) {
    try {
      session.close();
    } catch (OrtException | RuntimeException ignored) {
      // the load already failed; report that
    } finally {
      options.close();
    }
  }

  static String where(ScorerSpec spec) {
    return "scorer '" + spec.id() + "' (" + TYPE + "): ";
  }

  private static OrtSession.SessionOptions sessionOptions(ScorerSpec spec) {
    int intra = OnnxOptions.nonNegative(spec, OnnxOptions.THREADS_INTRA, 1);
    int inter = OnnxOptions.nonNegative(spec, OnnxOptions.THREADS_INTER, 1);
    String mode = OnnxOptions.choice(spec, OnnxOptions.EXECUTION_MODE, "sequential", "sequential", "parallel");
    String opt = OnnxOptions.choice(spec, OnnxOptions.OPTIMIZATION, "all", "none", "basic", "extended", "all");
    String log = OnnxOptions.choice(spec, OnnxOptions.LOG_LEVEL, "error", "verbose", "info", "warning", "error", "fatal");
    String provider = OnnxOptions.choice(spec, OnnxOptions.EXECUTION_PROVIDER, "cpu", "cpu", "cuda");
    int device = OnnxOptions.nonNegative(spec, OnnxOptions.CUDA_DEVICE, 0);
    boolean deterministic = spec.booleanOption(OnnxOptions.DETERMINISTIC, false);
    OrtSession.SessionOptions so = new OrtSession.SessionOptions();
    try {
      so.setIntraOpNumThreads(intra);
      so.setInterOpNumThreads(inter);
      so.setExecutionMode(mode.equals("parallel")
          ? OrtSession.SessionOptions.ExecutionMode.PARALLEL : OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      so.setOptimizationLevel(switch (opt) {
        case "none" -> OrtSession.SessionOptions.OptLevel.NO_OPT;
        case "basic" -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
        case "extended" -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
        default -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
      });
      so.setSessionLogLevel(switch (log) {
        case "verbose" -> OrtLoggingLevel.ORT_LOGGING_LEVEL_VERBOSE;
        case "info" -> OrtLoggingLevel.ORT_LOGGING_LEVEL_INFO;
        case "warning" -> OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING;
        case "fatal" -> OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
        default -> OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR;
      });
      if (deterministic) {
        so.setDeterministicCompute(true);
      }
      if (provider.equals("cuda")) {
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
          throw new ModelException(where(spec) + "option " + OnnxOptions.EXECUTION_PROVIDER + " = cuda, but this ONNX Runtime"
              + " offers only " + OrtEnvironment.getAvailableProviders() + "; use the com.microsoft.onnxruntime:onnxruntime_gpu"
              + " artifact on a machine with a CUDA GPU, or leave the option out for the CPU");
        }
        so.addCUDA(device);
      }
      return so;
    } catch (OrtException e) {
      so.close();
      throw new ModelException(where(spec) + "invalid session options: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      so.close();
      throw e;
    }
  }

  /** A model value as the scorer describes it in messages: {@code x: float[-1, 30]}. */
  static String describe(String name, NodeInfo info) {
    ValueInfo v = info.getInfo();
    if (v instanceof TensorInfo t) {
      return name + ": " + Elem.onnxName(t) + Arrays.toString(t.getShape());
    }
    if (v instanceof SequenceInfo s) {
      if (s.isSequenceOfMaps()) {
        return name + ": seq(map(" + elemName(s.mapInfo.keyType) + ", " + elemName(s.mapInfo.valueType) + "))";
      }
      return name + ": seq(" + elemName(s.sequenceType) + ")";
    }
    if (v instanceof MapInfo m) {
      return name + ": map(" + elemName(m.keyType) + ", " + elemName(m.valueType) + ")";
    }
    return name + ": " + v;
  }

  static String describeAll(Map<String, NodeInfo> infos) {
    StringJoiner j = new StringJoiner(", ", "[", "]");
    infos.forEach((k, v) -> j.add(describe(k, v)));
    return j.toString();
  }

  private static String elemName(OnnxJavaType t) {
    return t.name().toLowerCase(Locale.ROOT);
  }
}
