package dev.scoring.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.Features;
import dev.scoring.evaluation.BaselineComparison;
import dev.scoring.evaluation.BinaryMetric;
import dev.scoring.evaluation.BinaryMetrics;
import dev.scoring.evaluation.Bootstrap;
import dev.scoring.evaluation.Calibration;
import dev.scoring.evaluation.ComparisonReport;
import dev.scoring.evaluation.Interval;
import dev.scoring.evaluation.LeakageCheck;
import dev.scoring.evaluation.LeakageReport;
import dev.scoring.evaluation.SegmentReport;
import dev.scoring.evaluation.SegmentedEvaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real data: the UCI bank-marketing sample (6,865 calls, May 2008 to November 2010, in time
 * order). The economy changed over those years, so the macro features must drift between the
 * early and the late calls; the call {@code duration} is the documented leak.
 */
final class BankMarketingTest {

  private static BankMarketing bank;

  @BeforeAll
  static void load() {
    bank = BankMarketing.load();
  }

  /** A rule baseline in points: a previous success, any previous contact, cellular contact. */
  static double rulePoints(Features row) {
    return rulePoints(bank, row);
  }

  /** The same rule baseline over rows of the given data set (usable without this test's setup). */
  static double rulePoints(BankMarketing bank, Features row) {
    double p = 0;
    if ("success".equals(row.string(bank.index("poutcome")))) {
      p += 50;
    }
    if (!row.isMissing(bank.index("pdays"))) {
      p += 20;
    }
    if ("cellular".equals(row.string(bank.index("contact")))) {
      p += 10;
    }
    return p;
  }

  private static ReferenceProfile profile(List<Features> rows) {
    ReferenceProfile.Builder b = ReferenceProfile.builder(bank.schema()).exclude("duration");
    for (Features r : rows) {
      b.add(r, rulePoints(r));
    }
    return b.build();
  }

  private static DriftReport drift(List<Features> reference, List<Features> live) {
    DriftMonitor m = DriftMonitor.builder(profile(reference)).window(live.size()).build();
    for (Features r : live) {
      m.update(r, rulePoints(r));
    }
    assertEquals(1, m.windows());
    return m.lastReport().orElseThrow();
  }

  private static String describe(FeatureDrift f) {
    return String.format(Locale.ROOT, "%s psi=%.3f js=%.3f %s=%.4g p=%.3g adj=%.3g%s", f.name(), f.psi(), f.jensenShannon(),
        f.test() == FeatureDrift.Test.CHI_SQUARE ? "chi2" : "D", f.statistic(), f.pValue(), f.adjustedPValue(), f.drifted() ? " DRIFT" : "");
  }

  @Test
  void lateMonthsDriftFromEarlyMonths() {
    List<Features> rows = bank.rows();
    int n = rows.size();
    List<Features> early = rows.subList(0, (int) (n * 0.4));
    List<Features> late = rows.subList((int) (n * 0.8), n);
    DriftReport r = drift(early, late);
    System.out.println("bank drift, early 40% (" + early.size() + " calls) vs late 20% (" + late.size() + " calls):");
    r.features().forEach(f -> System.out.println("  " + describe(f)));
    assertTrue(r.drifted());
    for (String macro : List.of("emp.var.rate", "euribor3m", "nr.employed", "cons.price.idx", "month")) {
      FeatureDrift f = r.feature(macro).orElseThrow();
      assertTrue(f.drifted(), describe(f));
      assertEquals(PsiBand.MAJOR, f.psiBand(), describe(f));
    }
    FeatureDrift euribor = r.feature("euribor3m").orElseThrow();
    assertTrue(euribor.statistic() > 0.5 && euribor.adjustedPValue() < 1e-10, describe(euribor));
  }

  @Test
  void monthByMonth_timeWindowsAgainstTheFirstFourMonths() {
    // event times from the calls' months (in time order; the year turns when the month goes back)
    List<String> names = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
    List<Features> rows = bank.rows();
    int[] seq = new int[rows.size()];
    int year = 0;
    int previous = -1;
    for (int i = 0; i < rows.size(); i++) {
      int m = names.indexOf(rows.get(i).string(bank.index("month")));
      if (m < previous) {
        year++;
      }
      previous = m;
      seq[i] = year * 12 + m - 4; // 0 = May 2008
    }
    long month = java.time.Duration.ofDays(30).toMillis(); // one synthetic 30-day slot per calendar month
    List<Features> reference = new ArrayList<>();
    int i = 0;
    while (seq[i] < 4) {
      reference.add(rows.get(i++)); // May to August 2008
    }
    List<DriftReport> months = new ArrayList<>();
    DriftMonitor m = DriftMonitor.builder(profile(reference)).window(java.time.Duration.ofDays(30)).minWindowRows(30).build();
    for (; i < rows.size(); i++) {
      long before = m.windows();
      m.update(rows.get(i), rulePoints(rows.get(i)), seq[i] * month + i);
      if (m.windows() > before) {
        months.add(m.lastReport().orElseThrow());
      }
    }
    long before = m.windows();
    m.advanceTo((seq[rows.size() - 1] + 1) * month);
    if (m.windows() > before) {
      months.add(m.lastReport().orElseThrow());
    }
    System.out.println("bank drift by month against May-Aug 2008 (" + reference.size() + " calls), months with 30+ calls:");
    int stableWeekdays = 0;
    for (DriftReport r : months) {
      FeatureDrift euribor = r.feature("euribor3m").orElseThrow();
      FeatureDrift weekday = r.feature("day_of_week").orElseThrow();
      long start = r.start().toEpochMilli() / month;
      System.out.println(String.format(Locale.ROOT, "  %s %d: %d calls, %d features drift; %s; %s",
          names.get((int) ((start + 4) % 12)), 2008 + (start + 4) / 12, r.windowRows(), r.driftedFeatures().size(),
          describe(euribor), describe(weekday)));
      assertTrue(r.windowRows() >= 30);
      // the euro rate fell from ~4.9% in mid-2008 to ~1% and below: every later month drifts on it
      assertTrue(euribor.drifted() && euribor.psiBand() == PsiBand.MAJOR, describe(euribor));
      stableWeekdays += weekday.drifted() ? 0 : 1;
    }
    // months after August 2008 with 30+ calls in the every-6th sample (counted in the CSV): Nov 2008,
    // Mar-Nov 2009, and Mar, May-Oct 2010
    assertEquals(17, months.size());
    assertEquals(months.size(), m.windows());
    // the weekday mix of the calls has no reason to follow the economy: most months keep it
    assertTrue(stableWeekdays >= months.size() * 0.7, stableWeekdays + " of " + months.size());
  }

  @Test
  void interleavedCallsOfTheSamePeriodDoNotDrift() {
    List<Features> early = bank.rows().subList(0, (int) (bank.rows().size() * 0.4));
    List<Features> even = new ArrayList<>();
    List<Features> odd = new ArrayList<>();
    for (int i = 0; i < early.size(); i++) {
      (i % 2 == 0 ? even : odd).add(early.get(i));
    }
    DriftReport r = drift(even, odd);
    System.out.println("bank control, even vs odd calls of the early 40%: max PSI "
        + String.format(Locale.ROOT, "%.4f", r.features().stream().mapToDouble(FeatureDrift::psi).max().orElseThrow())
        + ", min adjusted p " + String.format(Locale.ROOT, "%.3f", r.features().stream().mapToDouble(FeatureDrift::adjustedPValue).filter(p -> !Double.isNaN(p)).min().orElseThrow()));
    assertFalse(r.drifted(), r.driftedFeatures().toString());
    for (FeatureDrift f : r.features()) {
      assertTrue(f.psi() < 0.1, describe(f));
    }
  }

  @Test
  void durationIsFlaggedAsLeaky() {
    LeakageReport r = LeakageCheck.builder().build().check(bank.rows(), bank.labels());
    System.out.println("bank leakage, single-feature AUCs: " + r.features().stream()
        .sorted((a, b) -> Double.compare(b.auc(), a.auc())).limit(5)
        .map(f -> String.format(Locale.ROOT, "%s=%.3f", f.name(), f.auc())).collect(Collectors.joining(", ")));
    assertEquals(List.of("duration"), r.flagged().stream().map(LeakageReport.FeatureLeak::name).toList());
    assertTrue(r.feature("duration").orElseThrow().auc() > 0.8);
  }

  /** A small logistic regression (no duration) fitted by gradient descent on the training rows; returns test scores. */
  private static double[] logistic(List<Integer> train, List<Integer> test) {
    String[] numeric = {"age", "campaign", "previous", "emp.var.rate", "cons.price.idx", "cons.conf.idx", "euribor3m", "nr.employed"};
    String[] cats = {"job", "marital", "education", "default", "contact", "month", "day_of_week", "poutcome"};
    List<Features> rows = bank.rows();
    Set<String> levels = new TreeSet<>();
    for (int i : train) {
      for (String c : cats) {
        levels.add(c + "=" + rows.get(i).string(bank.index(c)));
      }
    }
    List<String> oneHot = new ArrayList<>(levels);
    int d = numeric.length + oneHot.size() + 1;
    double[] mean = new double[numeric.length];
    double[] sd = new double[numeric.length];
    for (int j = 0; j < numeric.length; j++) {
      double s = 0;
      double s2 = 0;
      for (int i : train) {
        double v = rows.get(i).number(bank.index(numeric[j]));
        s += v;
        s2 += v * v;
      }
      mean[j] = s / train.size();
      sd[j] = Math.sqrt(Math.max(1e-12, s2 / train.size() - mean[j] * mean[j]));
    }
    double[][] x = new double[rows.size()][d];
    for (int i = 0; i < rows.size(); i++) {
      Features r = rows.get(i);
      for (int j = 0; j < numeric.length; j++) {
        x[i][j] = (r.number(bank.index(numeric[j])) - mean[j]) / sd[j];
      }
      for (String c : cats) {
        int k = oneHot.indexOf(c + "=" + r.string(bank.index(c)));
        if (k >= 0) {
          x[i][numeric.length + k] = 1;
        }
      }
      x[i][d - 1] = 1;
    }
    double[] w = new double[d];
    int[] y = bank.labels();
    for (int it = 0; it < 400; it++) {
      double[] g = new double[d];
      for (int i : train) {
        double z = 0;
        for (int j = 0; j < d; j++) {
          z += w[j] * x[i][j];
        }
        double err = 1 / (1 + Math.exp(-z)) - y[i];
        for (int j = 0; j < d; j++) {
          g[j] += err * x[i][j];
        }
      }
      for (int j = 0; j < d; j++) {
        w[j] -= 0.5 * (g[j] / train.size() + 1e-3 * w[j]);
      }
    }
    double[] out = new double[test.size()];
    for (int t = 0; t < out.length; t++) {
      double z = 0;
      for (int j = 0; j < d; j++) {
        z += w[j] * x[test.get(t)][j];
      }
      out[t] = 1 / (1 + Math.exp(-z));
    }
    return out;
  }

  private static ComparisonReport compareOn(String what, List<Integer> train, List<Integer> test) {
    double[] model = logistic(train, test);
    double[] rules = new double[test.size()];
    int[] labels = new int[test.size()];
    String[] contact = new String[test.size()];
    for (int t = 0; t < rules.length; t++) {
      Features r = bank.rows().get(test.get(t));
      rules[t] = rulePoints(r);
      labels[t] = bank.labels()[test.get(t)];
      contact[t] = r.string(bank.index("contact"));
    }
    ComparisonReport c = BaselineComparison.compare(model, rules, labels, new Bootstrap(500, 0.95, 42));
    Interval diff = c.difference(BinaryMetric.ROC_AUC).difference();
    BinaryMetrics bm = c.model();
    Calibration cal = Calibration.of(model, labels, 10);
    SegmentReport seg = SegmentedEvaluation.builder().threshold(0.5).margin(0.05).minRows(100).build().evaluate(model, labels, contact);
    System.out.printf(Locale.ROOT, "bank model vs rules, %s (%d calls, %d yes): model AUC %.3f PR-AUC %.3f log loss %.3f Brier %.3f ECE %.3f;"
            + " rules AUC %.3f; AUC difference %.3f [%.3f, %.3f]; DeLong z %.2f p %.2g%n",
        what, test.size(), bm.positives(), bm.rocAuc(), bm.prAuc(), bm.logLoss(), bm.brier(), cal.expectedCalibrationError(),
        c.baseline().rocAuc(), diff.estimate(), diff.lower(), diff.upper(), c.delong().z(), c.delong().pValue());
    seg.segments().forEach(s -> System.out.printf(Locale.ROOT, "  contact=%s rows %d AUC %.3f error rate %.3f (rest %.3f)%s%n",
        s.name(), s.rows(), s.rocAuc(), s.errorRate(), s.restErrorRate(), s.flagged() ? " FLAGGED" : ""));
    assertEquals(c.model().rocAuc() - c.baseline().rocAuc(), diff.estimate(), 1e-12);
    assertTrue(diff.contains(diff.estimate()));
    assertEquals(2, seg.segments().size());
    return c;
  }

  @Test
  void logisticModelAgainstRuleBaseline() {
    int n = bank.rows().size();
    List<Integer> even = new ArrayList<>();
    List<Integer> odd = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      (i % 2 == 0 ? even : odd).add(i);
    }
    // interleaved split (same period): the model beats the rules, significantly
    ComparisonReport same = compareOn("interleaved calls", even, odd);
    assertTrue(same.model().rocAuc() > 0.75, same.model().toString());
    assertTrue(same.difference(BinaryMetric.ROC_AUC).difference().lower() > 0);
    assertTrue(same.delong().pValue() < 0.05, same.delong().toString());
    // trained on the first 70 % (2008-09), scored on the last 30 %: the drift the monitor sees costs the model its edge
    List<Integer> first = new ArrayList<>();
    List<Integer> last = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      (i < n * 0.7 ? first : last).add(i);
    }
    ComparisonReport later = compareOn("trained on the first 70%, scored on the last 30%", first, last);
    assertTrue(later.model().rocAuc() < same.model().rocAuc() - 0.1, later.model().toString());
  }
}
