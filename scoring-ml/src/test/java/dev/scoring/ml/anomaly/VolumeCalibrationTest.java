package dev.scoring.ml.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.distribution.PascalDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/**
 * The volume detector's false-alarm rate on stationary counts across count scales, dispersion
 * levels and seasonality (a grid, nothing tuned to one setting), and the count tails against
 * commons-math.
 */
final class VolumeCalibrationTest {

  @Test
  void countTails_matchCommonsMath() {
    for (double mu : new double[] {0.3, 2, 17.5, 240}) {
      for (int k : new int[] {1, 4, 30}) {
        // commons-math's Pascal(r, p) counts failures before the r-th success: mean r(1-p)/p
        PascalDistribution nb = new PascalDistribution(k, k / (k + mu));
        for (int x : new int[] {0, 1, 3, (int) mu, (int) (3 * mu) + 5}) {
          double up = x == 0 ? 1 : 1 - nb.cumulativeProbability(x - 1);
          assertEquals(up, CountTail.upper(x, mu, k), 1e-9 + 1e-7 * up, "P(X >= " + x + "), mu " + mu + ", k " + k);
          double low = nb.cumulativeProbability(x);
          assertEquals(low, CountTail.lower(x, mu, k), 1e-9 + 1e-7 * low, "P(X <= " + x + "), mu " + mu + ", k " + k);
        }
      }
      PoissonDistribution p = new PoissonDistribution(mu);
      for (int x : new int[] {0, 1, 3, (int) mu, (int) (3 * mu) + 5}) {
        double up = x == 0 ? 1 : 1 - p.cumulativeProbability(x - 1);
        assertEquals(up, CountTail.upper(x, mu, Double.POSITIVE_INFINITY), 1e-9 + 1e-7 * up);
        assertEquals(p.cumulativeProbability(x), CountTail.lower(x, mu, Double.POSITIVE_INFINITY), 1e-9);
      }
    }
  }

  @Test
  void bandEnds_areTheTailQuantiles() {
    double alpha = 2.5e-5;
    for (double mu : new double[] {0.5, 6, 80}) {
      for (double k : new double[] {3, 25, Double.POSITIVE_INFINITY}) {
        double hi = CountTail.highestUsual(mu, k, alpha);
        assertTrue(CountTail.upper(hi, mu, k) <= alpha && CountTail.upper(hi - 1, mu, k) > alpha, "mu " + mu + " k " + k);
        double lo = CountTail.lowestUsual(mu, k, alpha);
        assertTrue(lo < 0 || (CountTail.lower(lo, mu, k) <= alpha && CountTail.lower(lo + 1, mu, k) > alpha));
      }
    }
  }

  /**
   * Stationary negative binomial counts (gamma-mixed Poisson) at mean 3, 20 and 150 per interval,
   * shape ∞ (Poisson), 20 and 4 (variance up to 38× the mean), flat (period 24) or with a daily and
   * weekly cycle (period 168), 6 seeds of 30 weeks each: at the default budget of one false alarm per
   * 10,000 intervals, every setting stays at most 5 per 10,000 and the grid as a whole at most 1.5.
   */
  @Test
  void falseAlarmRate_holdsAcrossScalesDispersionsAndSeasonality() {
    List<String> rows = new ArrayList<>();
    long allPoints = 0;
    long allAlarms = 0;
    double worst = 0;
    for (boolean seasonal : new boolean[] {false, true}) {
      for (double base : new double[] {3, 20, 150}) {
        for (double shape : new double[] {Double.POSITIVE_INFINITY, 20, 4}) {
          long points = 0;
          long alarms = 0;
          for (int seed = 0; seed < 6; seed++) {
            Well19937c rng = new Well19937c(1000L * seed + (long) base + (long) Math.min(shape, 1e6));
            Recorder rec = new Recorder();
            int period = seasonal ? 168 : 24;
            VolumeDetector d = VolumeDetector.builder().period(period).listener(rec).build();
            int n = 30 * 168;
            for (int t = 0; t < n; t++) {
              double mu = seasonal ? Synthetic.seasonalMean(t, base) : base;
              double lambda = Double.isInfinite(shape) ? mu : new GammaDistribution(rng, shape, mu / shape).sample();
              d.observe("s", t, lambda <= 0 ? 0 : new PoissonDistribution(rng, lambda, 1e-12, 10_000_000).sample());
            }
            points += n - (3L * period + 16);
            alarms += rec.raised().size();
          }
          double rate = 1e4 * alarms / points;
          worst = Math.max(worst, rate);
          allPoints += points;
          allAlarms += alarms;
          rows.add(String.format("| %s | %.0f | %s | %.2f (%d in %,d) |", seasonal ? "daily + weekly" : "none", base,
              Double.isInfinite(shape) ? "Poisson" : String.valueOf((int) shape), rate, alarms, points));
        }
      }
    }
    double overall = 1e4 * allAlarms / allPoints;
    System.out.println("| seasonality | mean | shape | false alarms per 10,000 |\n|---|---:|---|---:|\n" + String.join("\n", rows)
        + String.format("%n| all | | | %.2f |", overall));
    assertTrue(worst <= 5, "worst setting " + worst);
    assertTrue(overall <= 1.5, "overall " + overall);
  }

  /**
   * Detection by shift size and duration: hourly counts with a daily and weekly cycle, mean 40,
   * negative binomial shape 20; from a random hour of weeks 5-7 on, {@code size} noise standard
   * deviations ({@code √(μ + μ²/k)} of that hour) are added for {@code hours} hours. Detected: an
   * alarm upwards within the shift or 3 hours after it; delay from the shift's first hour (1 = at once).
   */
  @Test
  void shifts_detectionBySizeAndDuration() {
    int[] durations = {1, 3, 6, 24, 336};
    double[] sizes = {1, 2, 3, 5};
    StringBuilder table = new StringBuilder("| shift (sd) |");
    for (int h : durations) {
      table.append(" ").append(h == 336 ? "sustained (2 weeks)" : h + " h").append(" |");
    }
    table.append("\n|---|").append("---:|".repeat(durations.length)).append("\n");
    double[][] found = new double[sizes.length][durations.length];
    for (int a = 0; a < sizes.length; a++) {
      table.append("| ").append((int) sizes[a]).append(" |");
      for (int b = 0; b < durations.length; b++) {
        int hits = 0;
        List<Long> delays = new ArrayList<>();
        for (int seed = 0; seed < 30; seed++) {
          Well19937c rng = new Well19937c(7_000L + seed);
          int onset = 4 * 168 + new java.util.SplittableRandom(seed * 13L + 1).nextInt(3 * 168);
          Recorder rec = new Recorder();
          VolumeDetector d = VolumeDetector.builder().period(168).listener(rec).build();
          for (int t = 0; t < 10 * 168; t++) {
            double mu = Synthetic.seasonalMean(t, 40);
            double x = new PoissonDistribution(rng, new GammaDistribution(rng, 20, mu / 20).sample(), 1e-12, 10_000_000).sample();
            if (t >= onset && t < onset + durations[b]) {
              x += Math.round(sizes[a] * Math.sqrt(mu + mu * mu / 20));
            }
            d.observe("s", t, x);
          }
          for (Episode e : rec.raised()) {
            if (e.direction() == Direction.RISE && e.detectedMillis() >= onset && e.detectedMillis() < onset + durations[b] + 3) {
              hits++;
              delays.add(e.detectedMillis() - onset + 1);
              break;
            }
          }
        }
        java.util.Collections.sort(delays);
        found[a][b] = hits / 30.0;
        table.append(String.format(" %d%% (%s) |", Math.round(100.0 * hits / 30), delays.isEmpty() ? "-" : delays.get(delays.size() / 2)));
      }
      table.append("\n");
    }
    System.out.println(table);
    // measured (README): a single hour is found only far out in the tail; a few hours of 5 sd and a
    // day of 2 sd are found by the short CUSUM, a sustained 1-sd shift by the long one
    assertTrue(found[3][1] >= 0.7, "5 sd for 3 hours");
    assertTrue(found[1][3] >= 0.9, "2 sd for 24 hours");
    assertTrue(found[0][4] >= 0.9, "a sustained 1-sd shift");
  }
}
