package dev.scoring.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Real data: a sample of the IBM telco churn customers (every 3rd row; see SOURCE.txt). A small
 * logistic model against a churn scorecard, evaluated by contract type, with its guardrail trade-off.
 */
final class TelcoChurnTest {

  private static List<String[]> load() {
    try (InputStream in = Objects.requireNonNull(TelcoChurnTest.class.getResourceAsStream("/telco-churn/telco-every3rd.csv"));
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      r.readLine();
      List<String[]> rows = new ArrayList<>();
      for (String s = r.readLine(); s != null; s = r.readLine()) {
        String[] v = s.split(",", -1);
        if (v.length != 21) {
          throw new IllegalStateException("row with " + v.length + " fields: " + s);
        }
        rows.add(v);
      }
      return rows;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Churn scorecard points: month-to-month, short tenure, fiber, electronic check. */
  private static double scorecard(String[] v) {
    double p = 0;
    p += v[15].equals("Month-to-month") ? 40 : 0;
    p += Integer.parseInt(v[5]) < 12 ? 25 : 0;
    p += v[8].equals("Fiber optic") ? 15 : 0;
    p += v[17].equals("Electronic check") ? 10 : 0;
    return p;
  }

  @Test
  void modelAgainstScorecardBySegment() {
    List<String[]> rows = load();
    int n = rows.size();
    int[] cat = {1, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17};
    TreeSet<String> levels = new TreeSet<>();
    for (String[] v : rows) {
      for (int c : cat) {
        levels.add(c + "=" + v[c]);
      }
    }
    List<String> oneHot = new ArrayList<>(levels);
    int d = 4 + oneHot.size() + 1;
    double[][] x = new double[n][d];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      String[] v = rows.get(i);
      x[i][0] = Double.parseDouble(v[2]);
      x[i][1] = Double.parseDouble(v[5]) / 72;
      x[i][2] = Double.parseDouble(v[18]) / 120;
      x[i][3] = v[19].isBlank() ? 0 : Double.parseDouble(v[19]) / 9000; // blank for tenure 0
      for (int c : cat) {
        x[i][4 + oneHot.indexOf(c + "=" + v[c])] = 1;
      }
      x[i][d - 1] = 1;
      y[i] = v[20].equals("Yes") ? 1 : 0;
    }
    double[] w = new double[d];
    for (int it = 0; it < 500; it++) {
      double[] g = new double[d];
      for (int i = 0; i < n; i += 2) {
        double z = 0;
        for (int j = 0; j < d; j++) {
          z += w[j] * x[i][j];
        }
        double e = 1 / (1 + Math.exp(-z)) - y[i];
        for (int j = 0; j < d; j++) {
          g[j] += e * x[i][j];
        }
      }
      for (int j = 0; j < d; j++) {
        w[j] -= 1.0 * (g[j] / (n / 2.0) + 1e-3 * w[j]);
      }
    }
    int m = n / 2;
    double[] model = new double[m];
    double[] card = new double[m];
    int[] labels = new int[m];
    String[] contract = new String[m];
    for (int t = 0; t < m; t++) {
      int i = 2 * t + 1;
      double z = 0;
      for (int j = 0; j < d; j++) {
        z += w[j] * x[i][j];
      }
      model[t] = 1 / (1 + Math.exp(-z));
      card[t] = scorecard(rows.get(i));
      labels[t] = y[i];
      contract[t] = rows.get(i)[15];
    }
    ComparisonReport c = BaselineComparison.compare(model, card, labels, new Bootstrap(500, 0.95, 7));
    SegmentReport seg = SegmentedEvaluation.builder().threshold(0.5).margin(0.1).minRows(100).build().evaluate(model, labels, contract);
    Calibration cal = Calibration.of(model, labels, 10);
    ThresholdTable.Row cut = ThresholdTable.of(model, labels).lowestReviewRateFor(0.7);
    Interval diff = c.difference(BinaryMetric.ROC_AUC).difference();
    System.out.printf(Locale.ROOT, "telco model vs scorecard (%d customers, %d churned): model AUC %.3f PR-AUC %.3f log loss %.3f ECE %.3f;"
            + " scorecard AUC %.3f; difference %.3f [%.3f, %.3f], DeLong p %.2g; automatic precision 0.7 from score %.3f (review rate %.3f)%n",
        m, c.model().positives(), c.model().rocAuc(), c.model().prAuc(), c.model().logLoss(), cal.expectedCalibrationError(),
        c.baseline().rocAuc(), diff.estimate(), diff.lower(), diff.upper(), c.delong().pValue(), cut.threshold(), cut.reviewRate());
    seg.segments().forEach(s -> System.out.printf(Locale.ROOT, "  contract=%s rows %d churned %d AUC %.3f error %.3f (rest %.3f)%s%n",
        s.name(), s.rows(), s.positives(), s.rocAuc(), s.errorRate(), s.restErrorRate(), s.flagged() ? " FLAGGED" : ""));
    assertTrue(c.model().rocAuc() > 0.8, c.model().toString());
    assertTrue(c.baseline().rocAuc() > 0.7, c.baseline().toString());
    assertEquals(3, seg.segments().size());
    // month-to-month customers churn far more: their error rate at 0.5 stands out from the rest
    assertTrue(seg.segment("Month-to-month").orElseThrow().flagged(), seg.toString());
  }
}
