package dev.scoring.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The model-agnostic explainer on scorers whose Shapley values are known in closed form: for a
 * linear margin they are {@code w_i (x_i - mean background x_i)}; for a pure interaction
 * {@code x_0 * x_1} against a zero baseline each feature gets half.
 */
final class ShapleyExplainerTest {

  /** A plain Java scorer with a given margin function and a logistic value. */
  record FunctionScorer(FeatureSchema schema, java.util.function.ToDoubleFunction<Features> margin) implements Scorer {
    static final Provenance PROVENANCE = new Provenance("fn", "test", "1", "code:fn");

    @Override
    public Provenance provenance() {
      return PROVENANCE;
    }

    @Override
    public Score score(Features row) {
      row.requireSchema(schema);
      double m = margin.applyAsDouble(row);
      return Score.probability(1 / (1 + Math.exp(-m)), m, PROVENANCE);
    }

    @Override
    public Explanation explain(Features row) {
      throw new UnsupportedOperationException();
    }
  }

  private static FeatureSchema schema(int n) {
    FeatureSchema.Builder b = FeatureSchema.builder();
    for (int i = 0; i < n; i++) {
      b.number("f" + i);
    }
    return b.build();
  }

  private static Features row(FeatureSchema schema, double[] x) {
    Features.Builder b = Features.builder(schema);
    for (int i = 0; i < x.length; i++) {
      b.set("f" + i, x[i]);
    }
    return b.build();
  }

  private static void linearCase(int n, int exactMax) {
    FeatureSchema schema = schema(n);
    SplittableRandom r = new SplittableRandom(n);
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = r.nextDouble(-2, 2);
    }
    FunctionScorer scorer = new FunctionScorer(schema, row -> {
      double s = 0.3;
      for (int i = 0; i < n; i++) {
        s += w[i] * row.number(i);
      }
      return s;
    });
    List<Features> background = new ArrayList<>();
    double[] mean = new double[n];
    for (int k = 0; k < 3; k++) {
      double[] b = new double[n];
      for (int i = 0; i < n; i++) {
        b[i] = r.nextDouble(-1, 1);
        mean[i] += b[i] / 3;
      }
      background.add(row(schema, b));
    }
    ShapleyExplainer explainer = ShapleyExplainer.builder(scorer).background(background).exactMaxFeatures(exactMax).samples(64).build();
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextDouble(-3, 3);
    }
    Features row = row(schema, x);
    Explanation e = explainer.explain(row);
    assertEquals("fn", e.scorerId());
    assertEquals(scorer.score(row).margin(), e.margin(), 1e-9);
    for (int i = 0; i < n; i++) {
      assertEquals(w[i] * (x[i] - mean[i]), e.contributions().get(i).weight(), 1e-6, "feature " + i);
      assertEquals("f" + i, e.contributions().get(i).feature());
    }
  }

  @Test
  void explain_linearModel_exactEnumeration() {
    linearCase(6, 10);
  }

  @Test
  void explain_linearModel_kernelShap() {
    linearCase(14, 0);
  }

  @Test
  void explain_interaction_splitsEvenly() {
    FeatureSchema schema = schema(3);
    FunctionScorer scorer = new FunctionScorer(schema, row -> row.number(0) * row.number(1));
    ShapleyExplainer explainer = ShapleyExplainer.builder(scorer).background(List.of(row(schema, new double[] {0, 0, 0}))).build();
    Explanation e = explainer.explain(row(schema, new double[] {2, 3, 5}));
    assertEquals(3.0, e.contributions().get(0).weight(), 1e-12);
    assertEquals(3.0, e.contributions().get(1).weight(), 1e-12);
    assertEquals(0.0, e.contributions().get(2).weight(), 1e-12);
    assertEquals(0.0, e.bias(), 0.0);
  }

  @Test
  void explain_kernelShap_isReproducibleAndSumsToTheMargin() {
    FeatureSchema schema = schema(12);
    FunctionScorer scorer = new FunctionScorer(schema, row -> Math.tanh(row.number(0) * row.number(3)) + row.number(5) * row.number(7) - row.number(11));
    ShapleyExplainer explainer = ShapleyExplainer.builder(scorer).background(List.of(row(schema, new double[12]))).build();
    double[] x = new double[12];
    for (int i = 0; i < 12; i++) {
      x[i] = i * 0.3 - 1;
    }
    Features row = row(schema, x);
    Explanation a = explainer.explain(row);
    assertEquals(a, explainer.explain(row));
    assertEquals(scorer.score(row).margin(), a.margin(), 1e-9);
  }

  @Test
  void builder_rejectsBadArguments() {
    FeatureSchema schema = schema(2);
    FunctionScorer scorer = new FunctionScorer(schema, row -> row.number(0));
    assertThrows(IllegalArgumentException.class, () -> ShapleyExplainer.builder(scorer).background(List.of()));
    assertThrows(IllegalStateException.class, () -> ShapleyExplainer.builder(scorer).build());
    assertThrows(IllegalArgumentException.class, () -> ShapleyExplainer.builder(scorer).samples(1));
    assertThrows(IllegalArgumentException.class, () -> ShapleyExplainer.builder(scorer).exactMaxFeatures(21));
    assertThrows(IllegalArgumentException.class, () -> ShapleyExplainer.builder(scorer).features(List.of("f0", "f0")));
    assertThrows(ModelException.class, () -> ShapleyExplainer.builder(scorer).features(List.of("nope")));
  }
}
