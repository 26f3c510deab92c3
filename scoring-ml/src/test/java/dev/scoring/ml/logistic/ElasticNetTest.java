package dev.scoring.ml.logistic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The L1 / elastic-net fit, checked against its optimality (KKT) conditions computed here. */
final class ElasticNetTest {

  private static final int P = 8;
  private static final double[] TRUE_BETA = {1.2, -0.8, 0.5, 0, 0, 0, 0.05, 0};

  private static FeatureSchema schema() {
    FeatureSchema.Builder b = FeatureSchema.builder();
    for (int j = 0; j < P; j++) {
      b.number("x" + j);
    }
    return b.build();
  }

  private static double[][] data(int n, long seed, List<Features> rows, List<String> labels) {
    FeatureSchema schema = schema();
    Random r = new Random(seed);
    double[][] x = new double[n][P];
    for (int i = 0; i < n; i++) {
      Features.Builder fb = Features.builder(schema);
      double m = -0.5;
      for (int j = 0; j < P; j++) {
        x[i][j] = r.nextGaussian() + (j == 3 ? 0.5 * x[i][0] : 0);
        fb.set("x" + j, x[i][j]);
        m += TRUE_BETA[j] * x[i][j];
      }
      rows.add(fb.build());
      labels.add(r.nextDouble() < 1 / (1 + Math.exp(-m)) ? "1" : "0");
    }
    return x;
  }

  @Test
  void elasticNet_satisfiesTheKktConditions() {
    List<Features> rows = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    double[][] x = data(1500, 11, rows, labels);
    double l1 = 0.01;
    double l2 = 0.005;
    LogisticModel m = LogisticTrainer.builder().standardise(false).l1(l1).l2(l2).build().train(rows, labels);
    assertEquals("newton-cd", m.provenance().solver());
    double[] beta = m.coefficients(1);
    // gradient of the mean log-loss, computed here from the raw data
    int n = x.length;
    double[] g = new double[P + 1];
    for (int i = 0; i < n; i++) {
      double eta = beta[0];
      for (int j = 0; j < P; j++) {
        eta += beta[j + 1] * x[i][j];
      }
      double res = 1 / (1 + Math.exp(-eta)) - (labels.get(i).equals("1") ? 1 : 0);
      g[0] += res / n;
      for (int j = 0; j < P; j++) {
        g[j + 1] += res * x[i][j] / n;
      }
    }
    assertEquals(0, g[0], 1e-9, "intercept gradient");
    int zeros = 0;
    for (int j = 1; j <= P; j++) {
      double smooth = g[j] + l2 * beta[j];
      if (beta[j] != 0) {
        assertEquals(0, smooth + l1 * Math.signum(beta[j]), 1e-9, "active coefficient " + j);
      } else {
        zeros++;
        assertTrue(Math.abs(smooth) <= l1 + 1e-9, "zero coefficient " + j + " has |gradient| " + Math.abs(smooth));
      }
    }
    assertTrue(zeros >= 2, "L1 should zero some of the null features, zeroed " + zeros);
  }

  @Test
  void withoutL1_coordinateDescentIsNotUsed_andAHugeL1ZeroesEverything() {
    List<Features> rows = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    data(800, 12, rows, labels);
    LogisticModel big = LogisticTrainer.builder().l1(10).build().train(rows, labels);
    double[] beta = big.coefficients(1);
    for (int j = 1; j < beta.length; j++) {
      assertEquals(0.0, beta[j], 0.0);
    }
    // an L1 penalty tending to 0 approaches the Newton (L2-only) fit
    double[] newton = LogisticTrainer.builder().l2(1e-3).build().train(rows, labels).coefficients(1);
    double[] tiny = LogisticTrainer.builder().l2(1e-3).l1(1e-12).build().train(rows, labels).coefficients(1);
    for (int j = 0; j < newton.length; j++) {
      assertEquals(newton[j], tiny[j], 1e-8, "coefficient " + j);
    }
    TrainingException e = assertThrows(TrainingException.class,
        () -> LogisticTrainer.builder().l1(0.1).optimizer(LogisticTrainer.Optimizer.LBFGS).build().train(rows, labels));
    assertTrue(e.getMessage().contains("does not support an L1 penalty"), e.getMessage());
  }
}
