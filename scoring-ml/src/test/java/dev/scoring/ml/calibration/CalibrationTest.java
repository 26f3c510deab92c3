package dev.scoring.ml.calibration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.scoring.api.ModelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

final class CalibrationTest {

  @Test
  void isotonic_poolsAdjacentViolators() {
    IsotonicCalibrator c = IsotonicCalibrator.fit(new double[] {1, 2, 3, 4}, new boolean[] {true, false, true, true});
    assertArrayEquals(new double[] {1, 2, 3, 4}, c.knots());
    assertArrayEquals(new double[] {0.5, 0.5, 1, 1}, c.values());
    assertEquals(0.5, c.apply(0), 0);
    assertEquals(0.75, c.apply(2.5), 1e-15);
    assertEquals(1.0, c.apply(9), 0);
  }

  /** Against a naive reference: repeatedly pool the first adjacent pair of groups that violates the order. */
  @Test
  void isotonic_matchesANaiveReference() {
    qt().withExamples(30).forAll(longs().all()).checkAssert(seed -> {
      Random r = new Random(seed);
      int n = 5 + r.nextInt(60);
      double[] s = new double[n];
      boolean[] y = new boolean[n];
      for (int i = 0; i < n; i++) {
        s[i] = r.nextInt(25); // ties on purpose
        y[i] = r.nextDouble() < s[i] / 25;
      }
      y[0] = true;
      y[1] = false;
      IsotonicCalibrator c = IsotonicCalibrator.fit(s, y);
      // reference: groups of distinct scores with (sum, count), pooled until non-decreasing
      java.util.TreeMap<Double, double[]> byScore = new java.util.TreeMap<>();
      for (int i = 0; i < n; i++) {
        double[] g = byScore.computeIfAbsent(s[i], k -> new double[2]);
        g[0] += y[i] ? 1 : 0;
        g[1]++;
      }
      List<double[]> groups = new ArrayList<>(); // sum, count, lo, hi
      byScore.forEach((k, v) -> groups.add(new double[] {v[0], v[1], k, k}));
      boolean changed = true;
      while (changed) {
        changed = false;
        for (int i = 0; i + 1 < groups.size(); i++) {
          double[] a = groups.get(i);
          double[] b = groups.get(i + 1);
          if (a[0] / a[1] > b[0] / b[1]) {
            groups.set(i, new double[] {a[0] + b[0], a[1] + b[1], a[2], b[3]});
            groups.remove(i + 1);
            changed = true;
            break;
          }
        }
      }
      for (double[] g : groups) {
        assertEquals(g[0] / g[1], c.apply(g[2]), 1e-12);
        assertEquals(g[0] / g[1], c.apply(g[3]), 1e-12);
      }
    });
  }

  @Test
  void platt_isAtTheOptimumOfItsObjective() {
    Random r = new Random(1);
    int n = 2000;
    double[] s = new double[n];
    boolean[] y = new boolean[n];
    int pos = 0;
    for (int i = 0; i < n; i++) {
      s[i] = r.nextGaussian() * 2;
      y[i] = r.nextDouble() < 1 / (1 + Math.exp(-(0.6 * s[i] - 0.4)));
      pos += y[i] ? 1 : 0;
    }
    PlattCalibrator c = PlattCalibrator.fit(s, y, false);
    assertEquals(0.6, c.a(), 0.1);
    assertEquals(-0.4, c.b(), 0.15);
    // first-order optimality with Platt's targets, computed here
    double hi = (pos + 1.0) / (pos + 2.0);
    double lo = 1.0 / (n - pos + 2.0);
    double ga = 0;
    double gb = 0;
    for (int i = 0; i < n; i++) {
      double p = 1 / (1 + Math.exp(-(c.a() * s[i] + c.b())));
      double d = p - (y[i] ? hi : lo);
      ga += d * s[i];
      gb += d;
    }
    assertEquals(0, ga, 1e-9);
    assertEquals(0, gb, 1e-9);
    PlattCalibrator logit = PlattCalibrator.fit(new double[] {0.1, 0.2, 0.8, 0.9}, new boolean[] {false, true, false, true}, true);
    assertTrue(logit.logitInput());
    assertTrue(logit.apply(0.0) >= 0 && logit.apply(1.0) <= 1);
  }

  @Test
  void expectedCalibrationError_byHand() {
    // bin [0.1, 0.2): p 0.1, 0.1, outcomes 0, 1 -> |0.2 - 1| / 4; bin [0.9, 1]: p 0.9, 1.0, outcomes 1, 1 -> |1.9 - 2| / 4
    double ece = Reliability.expectedCalibrationError(new double[] {0.1, 0.1, 0.9, 1.0}, new boolean[] {false, true, true, true}, 10);
    assertEquals(0.8 / 4 + 0.1 / 4, ece, 1e-15);
    assertThrows(IllegalArgumentException.class, () -> Reliability.expectedCalibrationError(new double[] {1.5}, new boolean[] {true}, 10));
  }

  @Test
  void json_roundTrips_andRejectsBadInput() {
    IsotonicCalibrator iso = IsotonicCalibrator.fit(new double[] {1, 2, 3, 4}, new boolean[] {true, false, true, true});
    assertEquals(iso, Calibrator.fromJson(iso.toJson(), "iso"));
    PlattCalibrator platt = new PlattCalibrator(0.1 + 0.2, -1e-300, true, 7);
    assertEquals(platt, Calibrator.fromJson(platt.toJson(), "platt"));

    assertBad(platt.toJson().replace("\"format_version\":1", "\"format_version\":2"), "calibration format_version 2 is newer");
    assertBad(platt.toJson().replace("\"platt\"", "\"beta\""), "'method' must be \"platt\" or \"isotonic\"");
    assertBad(platt.toJson().replace("\"a\":", "\"alpha\":"), "unknown calibration field 'alpha'");
    assertBad(iso.toJson().replace("\"y\":[0.5,0.5,1.0,1.0]", "\"y\":[0.5,0.4,1.0,1.0]"), "non-decreasing");
    assertBad("{\"format\":", "cal.json: truncated at line 1, column 11: the file ends");
  }

  private static void assertBad(String json, String expected) {
    ModelException e = assertThrows(ModelException.class, () -> Calibrator.fromJson(json, "cal.json"));
    assertTrue(e.getMessage().contains(expected) && e.getMessage().startsWith("cal.json"), e.getMessage());
  }

  @Test
  void fit_rejectsOneClassAndBadScores() {
    assertThrows(IllegalArgumentException.class, () -> IsotonicCalibrator.fit(new double[] {1, 2}, new boolean[] {true, true}));
    assertThrows(IllegalArgumentException.class, () -> PlattCalibrator.fit(new double[] {1, Double.NaN}, new boolean[] {true, false}, false));
    assertThrows(IllegalArgumentException.class, () -> PlattCalibrator.fit(new double[] {1}, new boolean[] {true, false}, false));
  }
}
