package dev.scoring.ml.logistic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The softmax fit is at the optimum of its objective: the gradient, computed here from the raw data, vanishes. */
final class SoftmaxOptimalityTest {

  @Test
  void softmaxGradient_vanishesAtTheFit() {
    FeatureSchema schema = FeatureSchema.builder().number("a").number("b").number("c").build();
    Random r = new Random(3);
    int n = 1200;
    double[][] x = new double[n][3];
    List<Features> rows = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    String[] classes = {"at-risk", "likely-slip", "on-track"};
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 3; j++) {
        x[i][j] = r.nextGaussian();
      }
      double[] eta = {0, 0.5 * x[i][0] - x[i][1], -0.3 + x[i][2] + 0.4 * x[i][0]};
      double z = 0;
      for (double e : eta) {
        z += Math.exp(e);
      }
      double u = r.nextDouble() * z;
      int k = u < Math.exp(eta[0]) ? 0 : u < Math.exp(eta[0]) + Math.exp(eta[1]) ? 1 : 2;
      labels.add(classes[k]);
      rows.add(Features.builder(schema).set("a", x[i][0]).set("b", x[i][1]).set("c", x[i][2]).build());
    }
    double l2 = 1e-3;
    LogisticModel m = LogisticTrainer.builder().standardise(false).l2(l2).gradientTolerance(1e-10).build().train(rows, labels);
    assertEquals(List.of(classes), m.classes());
    double[][] beta = {m.coefficients(0), m.coefficients(1), m.coefficients(2)};
    double[][] g = new double[3][4];
    for (int i = 0; i < n; i++) {
      double[] eta = new double[3];
      double z = 0;
      for (int k = 0; k < 3; k++) {
        eta[k] = beta[k][0] + beta[k][1] * x[i][0] + beta[k][2] * x[i][1] + beta[k][3] * x[i][2];
        z += Math.exp(eta[k]);
      }
      for (int k = 1; k < 3; k++) {
        double res = Math.exp(eta[k]) / z - (labels.get(i).equals(classes[k]) ? 1 : 0);
        g[k][0] += res / n;
        for (int j = 0; j < 3; j++) {
          g[k][j + 1] += res * x[i][j] / n;
        }
      }
    }
    for (int k = 1; k < 3; k++) {
      for (int j = 0; j < 4; j++) {
        double penalty = j == 0 ? 0 : l2 * beta[k][j];
        assertEquals(0, g[k][j] + penalty, 1e-9, "gradient of class " + k + " coefficient " + j);
      }
    }
    // and the scorer's class probabilities are the softmax of these margins
    var s = m.scorer("s", schema).score(rows.get(0));
    double[] eta = new double[3];
    double z = 0;
    for (int k = 0; k < 3; k++) {
      eta[k] = beta[k][0] + beta[k][1] * x[0][0] + beta[k][2] * x[0][1] + beta[k][3] * x[0][2];
      z += Math.exp(eta[k]);
    }
    for (int k = 0; k < 3; k++) {
      assertEquals(Math.exp(eta[k]) / z, s.classProbability(k), 1e-12);
    }
  }
}
