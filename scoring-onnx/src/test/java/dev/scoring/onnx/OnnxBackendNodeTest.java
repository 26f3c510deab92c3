package dev.scoring.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ONNX backend node tests: every model with its {@code .pb} inputs through ONNX Runtime
 * (checking the binding and the TensorProto reader), and the ones shaped like records through the
 * scorer (fixed batch sizes, rank-1 inputs, multi-column outputs, softmax probabilities).
 */
final class OnnxBackendNodeTest {

  private static final String ROOT = "onnx-backend-node/";
  private static final List<String> TESTS = List.of(
      "simple/test_single_relu_model", "test_ai_onnx_ml_array_feature_extractor", "test_ai_onnx_ml_binarizer",
      "test_ai_onnx_ml_label_encoder_string_int", "test_ai_onnx_ml_label_encoder_string_int_no_default",
      "test_ai_onnx_ml_label_encoder_tensor_mapping", "test_ai_onnx_ml_label_encoder_tensor_value_only_mapping",
      "test_ai_onnx_ml_tree_ensemble_set_membership", "test_ai_onnx_ml_tree_ensemble_single_tree",
      "test_gemm_all_attributes", "test_gemm_alpha", "test_gemm_beta", "test_gemm_default_matrix_bias",
      "test_gemm_default_no_bias", "test_gemm_default_scalar_bias", "test_gemm_default_single_elem_vector_bias",
      "test_gemm_default_vector_bias", "test_gemm_default_zero_bias", "test_gemm_transposeA", "test_gemm_transposeB",
      "test_relu", "test_sigmoid", "test_sigmoid_example", "test_softmax_example");

  private static TensorProtos.Tensor pb(String test, String file) {
    return TensorProtos.read(Fixtures.resourceBytes(ROOT + test + "/test_data_set_0/" + file));
  }

  private static int count(String test, String prefix) {
    int n = 0;
    while (Fixtures.class.getClassLoader().getResource("models/" + ROOT + test + "/test_data_set_0/" + prefix + n + ".pb") != null) {
      n++;
    }
    return n;
  }

  /** ONNX's backend tolerance: |actual - expected| <= atol + rtol * |expected|. */
  private static void assertClose(double expected, double actual, String what) {
    assertTrue(Math.abs(actual - expected) <= 1e-7 + 1e-3 * Math.abs(expected), () -> what + ": expected " + expected + " got " + actual);
  }

  @Test
  void everyNodeTest_reproducesItsOutputs_throughOnnxRuntime() throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    double maxDiff = 0;
    int compared = 0;
    for (String test : TESTS) {
      try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
           OrtSession session = env.createSession(Fixtures.resourceBytes(ROOT + test + "/model.onnx"), options)) {
        List<String> names = new ArrayList<>(session.getInputNames());
        Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
        try {
          int n = count(test, "input_");
          assertEquals(names.size(), n, test + " inputs");
          for (int i = 0; i < n; i++) {
            TensorProtos.Tensor t = pb(test, "input_" + i + ".pb");
            String name = !t.name().isEmpty() && names.contains(t.name()) ? t.name() : names.get(i);
            inputs.put(name, tensor(env, t));
          }
          try (OrtSession.Result result = session.run(inputs)) {
            List<String> outNames = new ArrayList<>(session.getOutputNames());
            for (int o = 0; o < count(test, "output_"); o++) {
              TensorProtos.Tensor expected = pb(test, "output_" + o + ".pb");
              String name = !expected.name().isEmpty() && outNames.contains(expected.name()) ? expected.name() : outNames.get(o);
              OnnxValue v = result.get(name).orElseThrow();
              double[] actual = numbers((OnnxTensor) v);
              assertEquals(expected.size(), actual.length, test + " output size");
              for (int k = 0; k < actual.length; k++) {
                assertClose(expected.numbers()[k], actual[k], test + " output " + name + "[" + k + "]");
                maxDiff = Math.max(maxDiff, Math.abs(expected.numbers()[k] - actual[k]));
                compared++;
              }
            }
          }
        } finally {
          inputs.values().forEach(OnnxTensor::close);
        }
      }
    }
    assertTrue(compared > 300, "compared " + compared + " values");
    System.out.println("onnx-backend-node: " + TESTS.size() + " models, " + compared + " values, max |diff| " + maxDiff);
  }

  private static OnnxTensor tensor(OrtEnvironment env, TensorProtos.Tensor t) throws Exception {
    long[] shape = t.dims();
    double[] v = t.numbers();
    return switch (t.type()) {
      case TensorProtos.FLOAT -> {
        float[] f = new float[v.length];
        for (int i = 0; i < f.length; i++) {
          f[i] = (float) v[i];
        }
        yield OnnxTensor.createTensor(env, FloatBuffer.wrap(f), shape);
      }
      case TensorProtos.DOUBLE -> OnnxTensor.createTensor(env, DoubleBuffer.wrap(v), shape);
      case TensorProtos.INT64 -> {
        long[] l = new long[v.length];
        for (int i = 0; i < l.length; i++) {
          l[i] = (long) v[i];
        }
        yield OnnxTensor.createTensor(env, LongBuffer.wrap(l), shape);
      }
      case TensorProtos.STRING -> OnnxTensor.createTensor(env, t.strings(), shape);
      default -> throw new IllegalArgumentException("input type " + t.type());
    };
  }

  private static double[] numbers(OnnxTensor t) {
    double[] out = new double[(int) t.getInfo().getNumElements()];
    switch (t.getInfo().type) {
      case FLOAT -> {
        FloatBuffer b = t.getFloatBuffer();
        for (int i = 0; i < out.length; i++) {
          out[i] = b.get(i);
        }
      }
      case DOUBLE -> {
        DoubleBuffer b = t.getDoubleBuffer();
        for (int i = 0; i < out.length; i++) {
          out[i] = b.get(i);
        }
      }
      case INT64 -> {
        LongBuffer b = t.getLongBuffer();
        for (int i = 0; i < out.length; i++) {
          out[i] = b.get(i);
        }
      }
      case INT32 -> {
        IntBuffer b = t.getIntBuffer();
        for (int i = 0; i < out.length; i++) {
          out[i] = b.get(i);
        }
      }
      case INT16 -> {
        ShortBuffer b = t.getShortBuffer();
        for (int i = 0; i < out.length; i++) {
          out[i] = b.get(i);
        }
      }
      default -> throw new IllegalArgumentException("output type " + t.getInfo().type);
    }
    return out;
  }

  /** Rows of a [rows, cols] (or [rows]) .pb input, as records of features x0, x1, ... */
  private static List<Features> rows(TensorProtos.Tensor t, FeatureSchema schema) {
    int rows = (int) t.dims()[0];
    int cols = t.dims().length == 1 ? 1 : (int) t.dims()[1];
    List<Features> out = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      Features.Builder b = Features.builder(schema);
      for (int c = 0; c < cols; c++) {
        double v = t.numbers()[r * cols + c];
        b.set("x" + c, Double.isNaN(v) ? null : v); // NaN in a test input is a missing value
      }
      out.add(b.build());
    }
    return out;
  }

  private static FeatureSchema schema(int cols) {
    FeatureSchema.Builder b = FeatureSchema.builder();
    for (int c = 0; c < cols; c++) {
      b.number("x" + c);
    }
    return b.build();
  }

  @Test
  void recordShapedNodeTests_throughTheScorer_oneRowAndBatch() {
    // test, output columns
    Map<String, Integer> tests = new LinkedHashMap<>();
    tests.put("test_ai_onnx_ml_tree_ensemble_single_tree", 2);
    tests.put("test_ai_onnx_ml_tree_ensemble_set_membership", 4);
    tests.put("simple/test_single_relu_model", 2);
    tests.put("test_sigmoid_example", 1);
    double maxDiff = 0;
    for (Map.Entry<String, Integer> e : tests.entrySet()) {
      String test = e.getKey();
      TensorProtos.Tensor in = pb(test, "input_0.pb");
      TensorProtos.Tensor out = pb(test, "output_0.pb");
      FeatureSchema schema = schema(in.dims().length == 1 ? 1 : (int) in.dims()[1]);
      List<Features> rows = rows(in, schema);
      int width = e.getValue();
      for (int c = 0; c < width; c++) {
        // missing = nan: the set-membership test feeds NaN, which its trees route as missing
        Map<String, String> options = width == 1 ? Map.of(OnnxOptions.MISSING, "nan")
            : Map.of(OnnxOptions.OUTPUT_KIND, "value", OnnxOptions.OUTPUT_CLASS, "" + c, OnnxOptions.MISSING, "nan");
        try (Scorer s = Fixtures.resource(ROOT + test + "/model.onnx", schema, options)) {
          double[] batch = new double[rows.size()];
          s.scoreBatch(rows, batch);
          for (int r = 0; r < rows.size(); r++) {
            double expected = out.numbers()[r * width + c];
            double one = s.scoreValue(rows.get(r)); // padded to the model's fixed batch size
            assertClose(expected, one, test + " row " + r + " column " + c);
            assertEquals(one, batch[r], 0.0, test + " batch row " + r);
            maxDiff = Math.max(maxDiff, Math.abs(expected - one));
          }
        }
      }
    }
    System.out.println("onnx-backend-node through the scorer: max |diff| " + maxDiff);
  }

  @Test
  void softmaxExample_givesClassProbabilities() {
    TensorProtos.Tensor in = pb("test_softmax_example", "input_0.pb");
    TensorProtos.Tensor out = pb("test_softmax_example", "output_0.pb");
    FeatureSchema schema = schema(3);
    try (Scorer s = Fixtures.resource(ROOT + "test_softmax_example/model.onnx", schema, Map.of())) {
      Score score = s.score(rows(in, schema).get(0));
      assertEquals(List.of("0", "1", "2"), score.classes());
      for (int c = 0; c < 3; c++) {
        assertClose(out.numbers()[c], score.classProbability(c), "class " + c);
      }
      assertEquals("2", score.label(), "the predicted class is the most probable");
      assertEquals(score.classProbability(2), score.value(), 0.0);
    }
  }

  @Test
  void labelEncoderStringToInt64_isALabelOnlyOutput_throughTheScorer() {
    for (String test : List.of("test_ai_onnx_ml_label_encoder_string_int", "test_ai_onnx_ml_label_encoder_string_int_no_default")) {
      TensorProtos.Tensor in = pb(test, "input_0.pb");
      TensorProtos.Tensor out = pb(test, "output_0.pb");
      FeatureSchema schema = FeatureSchema.builder().category("x0").build();
      List<Features> rows = new ArrayList<>();
      for (String v : in.strings()) {
        rows.add(Features.builder(schema).set("x0", v).build());
      }
      try (Scorer s = Fixtures.resource(ROOT + test + "/model.onnx", schema, Map.of())) {
        List<Score> batch = s.scoreBatch(rows);
        assertEquals(out.size(), rows.size());
        for (int r = 0; r < rows.size(); r++) {
          double expected = out.numbers()[r];
          Score one = s.score(rows.get(r));
          assertEquals(expected, one.value(), 0.0, test + " row " + r);
          assertEquals(Long.toString((long) expected), one.label(), test + " row " + r);
          assertEquals(one, batch.get(r));
        }
      }
    }
  }
}
