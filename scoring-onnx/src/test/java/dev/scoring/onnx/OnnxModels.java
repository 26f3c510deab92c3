package dev.scoring.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * ONNX models the tests write themselves, as {@code ModelProto} bytes (field numbers from the
 * public {@code onnx.proto}), with their parameters kept so tests compute expected outputs
 * independently of ONNX Runtime.
 */
final class OnnxModels {

  private OnnxModels() {}

  // TensorProto.DataType
  static final int FLOAT = 1, UINT8 = 2, INT8 = 3, INT16 = 5, INT32 = 6, INT64 = 7, STRING = 8, FLOAT16 = 10, DOUBLE = 11,
      UINT16 = 4, BFLOAT16 = 16;

  /** A small MLP {@code in -> hidden (ReLU) -> 1 (sigmoid)} with seeded weights. */
  record Mlp(int in, int hidden, float[] w1, float[] b1, float[] w2, float b2, byte[] bytes) {

    /** The forward pass in float arithmetic, as ONNX Runtime computes it (to rounding). */
    double forward(double[] x) {
      float[] h = new float[hidden];
      for (int j = 0; j < hidden; j++) {
        float s = 0;
        for (int i = 0; i < in; i++) {
          s += (float) x[i] * w1[i * hidden + j];
        }
        h[j] = Math.max(0f, s + b1[j]);
      }
      float z = b2;
      for (int j = 0; j < hidden; j++) {
        z += h[j] * w2[j];
      }
      return 1.0 / (1.0 + Math.exp(-z));
    }
  }

  static Mlp mlp(int in, int hidden, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] w1 = new float[in * hidden];
    float[] b1 = new float[hidden];
    float[] w2 = new float[hidden];
    for (int i = 0; i < w1.length; i++) {
      w1[i] = (float) (r.nextDouble(-1, 1) / Math.sqrt(in));
    }
    for (int i = 0; i < hidden; i++) {
      b1[i] = (float) r.nextDouble(-0.1, 0.1);
      w2[i] = (float) (r.nextDouble(-1, 1) / Math.sqrt(hidden));
    }
    float b2 = (float) r.nextDouble(-0.2, 0.2);
    Protobuf.Writer graph = new Protobuf.Writer()
        .message(1, node("MatMul", List.of("x", "W1"), List.of("h0")))
        .message(1, node("Add", List.of("h0", "B1"), List.of("h1")))
        .message(1, node("Relu", List.of("h1"), List.of("h2")))
        .message(1, node("MatMul", List.of("h2", "W2"), List.of("z0")))
        .message(1, node("Add", List.of("z0", "B2"), List.of("z1")))
        .message(1, node("Sigmoid", List.of("z1"), List.of("y")))
        .string(2, "mlp")
        .message(5, floatTensor("W1", new long[] {in, hidden}, w1))
        .message(5, floatTensor("B1", new long[] {hidden}, b1))
        .message(5, floatTensor("W2", new long[] {hidden, 1}, w2))
        .message(5, floatTensor("B2", new long[] {1}, new float[] {b2}))
        .message(11, valueInfo("x", FLOAT, "N", in))
        .message(12, valueInfo("y", FLOAT, "N", 1));
    return new Mlp(in, hidden, w1, b1, w2, b2, model(graph, 7, false));
  }

  /**
   * A bag-of-words text model: a string tensor {@code [N, length]} of tokens, TfIdfVectorizer term
   * counts over {@code vocabulary}, a linear layer and a sigmoid.
   */
  record BagOfWords(List<String> vocabulary, float[] weights, float bias, int length, byte[] bytes) {
    double forward(List<String> tokens) {
      float z = 0;
      for (int v = 0; v < vocabulary.size(); v++) {
        int count = 0;
        for (String t : tokens) {
          if (t.equals(vocabulary.get(v))) {
            count++;
          }
        }
        z += count * weights[v];
      }
      z += bias;
      return 1.0 / (1.0 + Math.exp(-z));
    }
  }

  static BagOfWords bagOfWords(List<String> vocabulary, float[] weights, float bias, int length) {
    long[] indexes = new long[vocabulary.size()];
    for (int i = 0; i < indexes.length; i++) {
      indexes[i] = i;
    }
    Protobuf.Writer tfidf = node("TfIdfVectorizer", List.of("tokens"), List.of("counts"))
        .message(5, attrString("mode", "TF"))
        .message(5, attrInt("min_gram_length", 1))
        .message(5, attrInt("max_gram_length", 1))
        .message(5, attrInt("max_skip_count", 0))
        .message(5, attrInts("ngram_counts", new long[] {0}))
        .message(5, attrInts("ngram_indexes", indexes))
        .message(5, attrStrings("pool_strings", vocabulary));
    Protobuf.Writer graph = new Protobuf.Writer()
        .message(1, tfidf)
        .message(1, node("MatMul", List.of("counts", "W"), List.of("z0")))
        .message(1, node("Add", List.of("z0", "B"), List.of("z1")))
        .message(1, node("Sigmoid", List.of("z1"), List.of("p")))
        .string(2, "bag_of_words")
        .message(5, floatTensor("W", new long[] {vocabulary.size(), 1}, weights))
        .message(5, floatTensor("B", new long[] {1}, new float[] {bias}))
        .message(11, valueInfo("tokens", STRING, "N", length))
        .message(12, valueInfo("p", FLOAT, "N", 1));
    return new BagOfWords(List.copyOf(vocabulary), weights.clone(), bias, length, model(graph, 0, false));
  }

  /**
   * A string-input model: text {@code [N, 1]} through an ai.onnx.ml LabelEncoder (string to
   * float, {@code unknown} for anything else), the value itself as the output.
   */
  static byte[] labelEncoder(List<String> keys, float[] values, float unknown) {
    Protobuf.Writer enc = node("LabelEncoder", List.of("text"), List.of("y"))
        .string(7, "ai.onnx.ml")
        .message(5, attrStrings("keys_strings", keys))
        .message(5, attrFloats("values_floats", values))
        .message(5, attrFloat("default_float", unknown));
    Protobuf.Writer graph = new Protobuf.Writer()
        .message(1, enc)
        .string(2, "label_encoder")
        .message(11, valueInfo("text", STRING, "N", 1))
        .message(12, valueInfo("y", FLOAT, "N", 1));
    return model(graph, 0, true);
  }

  /**
   * A scikit-learn-converter-style model with one input per feature: {@code size} float [N, 1] and
   * {@code country} string [N, 1] (LabelEncoder to a float code), concatenated, a linear layer, a
   * sigmoid: {@code sigmoid(w0 * size + w1 * code(country) + b)}.
   */
  static byte[] twoInputs(List<String> countries, float[] codes, float w0, float w1, float b) {
    Protobuf.Writer enc = node("LabelEncoder", List.of("country"), List.of("code"))
        .string(7, "ai.onnx.ml")
        .message(5, attrStrings("keys_strings", countries))
        .message(5, attrFloats("values_floats", codes))
        .message(5, attrFloat("default_float", 0f));
    Protobuf.Writer graph = new Protobuf.Writer()
        .message(1, enc)
        .message(1, node("Concat", List.of("size", "code"), List.of("features")).message(5, attrInt("axis", 1)))
        .message(1, node("MatMul", List.of("features", "W"), List.of("z0")))
        .message(1, node("Add", List.of("z0", "B"), List.of("z1")))
        .message(1, node("Sigmoid", List.of("z1"), List.of("probability")))
        .string(2, "two_inputs")
        .message(5, floatTensor("W", new long[] {2, 1}, new float[] {w0, w1}))
        .message(5, floatTensor("B", new long[] {1}, new float[] {b}))
        .message(11, valueInfo("size", FLOAT, "N", 1))
        .message(11, valueInfo("country", STRING, "N", 1))
        .message(12, valueInfo("probability", FLOAT, "N", 1));
    return model(graph, 3, true);
  }

  /**
   * A softmax classifier over 2 inputs and 3 classes: {@code probabilities} float [N, 3] and an
   * int64 {@code label} [N] (ArgMax), as converters emit without ZipMap.
   */
  static byte[] softmaxClassifier(float[] w, float[] b) {
    Protobuf.Writer outputLabel = new Protobuf.Writer().string(1, "label").message(2, new Protobuf.Writer().message(1,
        new Protobuf.Writer().varint(1, INT64).message(2, new Protobuf.Writer().message(1, new Protobuf.Writer().string(2, "N")))));
    Protobuf.Writer graph = new Protobuf.Writer()
        .message(1, node("MatMul", List.of("x", "W"), List.of("z0")))
        .message(1, node("Add", List.of("z0", "B"), List.of("z1")))
        .message(1, node("Softmax", List.of("z1"), List.of("probabilities")).message(5, attrInt("axis", 1)))
        .message(1, node("ArgMax", List.of("z1"), List.of("label")).message(5, attrInt("axis", 1)).message(5, attrInt("keepdims", 0)))
        .string(2, "softmax_classifier")
        .message(5, floatTensor("W", new long[] {2, 3}, w))
        .message(5, floatTensor("B", new long[] {3}, b))
        .message(11, valueInfo("x", FLOAT, "N", 2))
        .message(12, outputLabel)
        .message(12, valueInfo("probabilities", FLOAT, "N", 3));
    return model(graph, 0, false);
  }

  /**
   * An event-sequence model: int64 token ids {@code tokens} [N, length] and their true counts
   * {@code lengths} [N, 1]; {@code y = sigmoid(0.01 * sum(tokens) + 0.1 * length - 1)}.
   */
  static byte[] sequenceWithLengths(int length) {
    Protobuf.Writer graph = new Protobuf.Writer()
        .message(1, node("Cast", List.of("tokens"), List.of("tf")).message(5, attrInt("to", FLOAT)))
        .message(1, node("ReduceSum", List.of("tf", "axes"), List.of("sum")).message(5, attrInt("keepdims", 1)))
        .message(1, node("Cast", List.of("lengths"), List.of("lf")).message(5, attrInt("to", FLOAT)))
        .message(1, node("Mul", List.of("sum", "a"), List.of("s1")))
        .message(1, node("Mul", List.of("lf", "b"), List.of("s2")))
        .message(1, node("Add", List.of("s1", "s2"), List.of("s3")))
        .message(1, node("Add", List.of("s3", "c"), List.of("s4")))
        .message(1, node("Sigmoid", List.of("s4"), List.of("y")))
        .string(2, "sequence_with_lengths")
        .message(5, new Protobuf.Writer().varint(1, 1).varint(2, INT64).packedVarints(7, new long[] {1}).string(8, "axes"))
        .message(5, floatTensor("a", new long[] {1}, new float[] {0.01f}))
        .message(5, floatTensor("b", new long[] {1}, new float[] {0.1f}))
        .message(5, floatTensor("c", new long[] {1}, new float[] {-1f}))
        .message(11, valueInfo("tokens", INT64, "N", length))
        .message(11, valueInfo("lengths", INT64, "N", 1))
        .message(12, valueInfo("y", FLOAT, "N", 1));
    return model(graph, 0, false);
  }

  /**
   * An event-sequence model over {@code tokens} float [N, length, depth]: flattened to
   * [N, length * depth] and {@code y = sum_k (k + 1) * x_k}, so every step and value has its own
   * weight and the output shows where each token went.
   */
  static byte[] sequence3d(int length, int depth) {
    float[] w = new float[length * depth];
    for (int k = 0; k < w.length; k++) {
      w[k] = k + 1;
    }
    Protobuf.Writer graph = new Protobuf.Writer()
        .message(1, node("Flatten", List.of("tokens"), List.of("flat")).message(5, attrInt("axis", 1)))
        .message(1, node("MatMul", List.of("flat", "W"), List.of("y")))
        .string(2, "sequence_3d")
        .message(5, floatTensor("W", new long[] {w.length, 1}, w))
        .message(11, valueInfo("tokens", FLOAT, "N", length, depth))
        .message(12, valueInfo("y", FLOAT, "N", 1));
    return model(graph, 0, false);
  }

  /** Only a label: x float [N, classes] through ArgMax (axis 1, no kept dims) to an int64 {@code label} [N]. */
  static byte[] argMaxLabel(int classes) {
    Protobuf.Writer graph = new Protobuf.Writer()
        .message(1, node("ArgMax", List.of("x"), List.of("label")).message(5, attrInt("axis", 1)).message(5, attrInt("keepdims", 0)))
        .string(2, "argmax_label")
        .message(11, valueInfo("x", FLOAT, "N", classes))
        .message(12, valueInfo("label", INT64, "N"));
    return model(graph, 0, false);
  }

  /** Only a label: text [N, 1] through an ai.onnx.ml LabelEncoder (string to string) to {@code label} [N, 1]. */
  static byte[] stringLabel(List<String> keys, List<String> values, String unknown) {
    Protobuf.Writer enc = node("LabelEncoder", List.of("text"), List.of("label"))
        .string(7, "ai.onnx.ml")
        .message(5, attrStrings("keys_strings", keys))
        .message(5, attrStrings("values_strings", values))
        .message(5, attrString("default_string", unknown));
    Protobuf.Writer graph = new Protobuf.Writer()
        .message(1, enc)
        .string(2, "string_label")
        .message(11, valueInfo("text", STRING, "N", 1))
        .message(12, valueInfo("label", STRING, "N", 1));
    return model(graph, 0, true);
  }

  /**
   * {@code x} of element type {@code in} [N, width], cast to float, summed over the row, cast to
   * {@code out}: {@code y} [N, 1]. For element-type conversions on the way in and out.
   */
  static byte[] castSum(int in, int out, int width) {
    Protobuf.Writer graph = new Protobuf.Writer()
        .message(1, node("Cast", List.of("x"), List.of("xf")).message(5, attrInt("to", FLOAT)))
        .message(1, node("ReduceSum", List.of("xf", "axes"), List.of("s")).message(5, attrInt("keepdims", 1)))
        .message(1, node("Cast", List.of("s"), List.of("y")).message(5, attrInt("to", out)))
        .string(2, "cast_sum")
        .message(5, new Protobuf.Writer().varint(1, 1).varint(2, INT64).packedVarints(7, new long[] {1}).string(8, "axes"))
        .message(11, valueInfo("x", in, "N", width))
        .message(12, valueInfo("y", out, "N", 1));
    return model(graph, 0, false);
  }

  private static byte[] model(Protobuf.Writer graph, long version, boolean ml) {
    Protobuf.Writer m = new Protobuf.Writer()
        .varint(1, 8) // ir_version
        .string(2, "scoring-onnx-tests")
        .message(7, graph)
        .message(8, new Protobuf.Writer().string(1, "").varint(2, 17));
    if (ml) {
      m.message(8, new Protobuf.Writer().string(1, "ai.onnx.ml").varint(2, 2));
    }
    if (version > 0) {
      m.varint(5, version);
    }
    return m.toByteArray();
  }

  static Protobuf.Writer node(String op, List<String> inputs, List<String> outputs) {
    Protobuf.Writer n = new Protobuf.Writer();
    for (String i : inputs) {
      n.string(1, i);
    }
    for (String o : outputs) {
      n.string(2, o);
    }
    return n.string(3, op + "_" + outputs.get(0)).string(4, op);
  }

  static Protobuf.Writer floatTensor(String name, long[] dims, float[] values) {
    Protobuf.Writer t = new Protobuf.Writer();
    for (long d : dims) {
      t.varint(1, d);
    }
    return t.varint(2, FLOAT).packedFloats(4, values).string(8, name);
  }

  /** A tensor value info with a symbolic first dimension and fixed further ones. */
  static Protobuf.Writer valueInfo(String name, int elemType, String batchDim, long... dims) {
    Protobuf.Writer shape = new Protobuf.Writer()
        .message(1, new Protobuf.Writer().string(2, batchDim));
    for (long d : dims) {
      shape.message(1, new Protobuf.Writer().varint(1, d));
    }
    Protobuf.Writer tensor = new Protobuf.Writer().varint(1, elemType).message(2, shape);
    return new Protobuf.Writer().string(1, name).message(2, new Protobuf.Writer().message(1, tensor));
  }

  static Protobuf.Writer attrInt(String name, long v) {
    return new Protobuf.Writer().string(1, name).varint(3, v).varint(20, 2);
  }

  static Protobuf.Writer attrFloat(String name, float v) {
    return new Protobuf.Writer().string(1, name).fixed32(2, v).varint(20, 1);
  }

  static Protobuf.Writer attrString(String name, String v) {
    return new Protobuf.Writer().string(1, name).string(4, v).varint(20, 3);
  }

  static Protobuf.Writer attrInts(String name, long[] v) {
    return new Protobuf.Writer().string(1, name).packedVarints(8, v).varint(20, 7);
  }

  static Protobuf.Writer attrFloats(String name, float[] v) {
    return new Protobuf.Writer().string(1, name).packedFloats(7, v).varint(20, 6);
  }

  static Protobuf.Writer attrStrings(String name, List<String> v) {
    Protobuf.Writer a = new Protobuf.Writer().string(1, name);
    for (String s : v) {
      a.string(9, s);
    }
    return a.varint(20, 8);
  }

  static List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    for (String t : text.strip().split("[\\s,]+")) {
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return out;
  }
}
