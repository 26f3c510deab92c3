package dev.scoring.evaluation;

import java.util.SplittableRandom;

/** Random labelled scores for property tests: both classes present, some ties. */
record Data(double[] scores, int[] labels) {

  static Data random(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] s = new double[n];
    int[] y = new int[n];
    int signal = r.nextInt(4);
    for (int i = 0; i < n; i++) {
      y[i] = i == 0 ? 1 : i == 1 ? 0 : (r.nextDouble() < 0.4 ? 1 : 0);
      double raw = 1 / (1 + Math.exp(-(r.nextGaussian() + signal * 0.5 * (2 * y[i] - 1))));
      s[i] = r.nextInt(4) == 0 ? Math.round(raw * 10) / 10.0 : raw;
    }
    return new Data(s, y);
  }

  /** The AUC by its definition: pairs ordered correctly, ties one half. */
  double bruteAuc() {
    double acc = 0;
    long pairs = 0;
    for (int i = 0; i < scores.length; i++) {
      if (labels[i] != 1) {
        continue;
      }
      for (int j = 0; j < scores.length; j++) {
        if (labels[j] != 0) {
          continue;
        }
        pairs++;
        acc += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
      }
    }
    return acc / pairs;
  }
}
