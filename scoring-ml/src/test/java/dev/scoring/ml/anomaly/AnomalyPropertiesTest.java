package dev.scoring.ml.anomaly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.scoring.api.Features;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Properties of every detector: no alarm on a stationary stream beyond the false-alarm budget,
 * scores that do not depend on anything after the current point, and state that survives a
 * save/restore round trip.
 */
final class AnomalyPropertiesTest {

  // ---- rate

  @Test
  void rate_stationaryStream_staysWithinTheFalseAlarmBudget() {
    AtomicLong alarms = new AtomicLong();
    AtomicLong trials = new AtomicLong();
    qt().withExamples(40).withFixedSeed(101)
        .forAll(longs().all(), doubles().between(0.01, 0.6))
        .check((seed, p) -> {
          Recorder rec = new Recorder();
          RateChangeDetector d = RateChangeDetector.builder().falseAlarmEvery(2_000).listener(rec).build();
          SplittableRandom r = new SplittableRandom(seed);
          for (int i = 0; i < 20_000; i++) {
            d.observe("s", r.nextDouble() < p, i);
          }
          alarms.addAndGet(rec.raised().size());
          trials.addAndGet(20_000 - 200);
          return rec.raised().size() <= 4;
        });
    // budget: one per 2,000 in-control trials, i.e. at most about 396 over these streams
    assertTrue(alarms.get() <= trials.get() / 2_000, alarms + " alarms in " + trials + " trials");
  }

  @Test
  void rate_scores_doNotDependOnLaterTrials() {
    qt().withExamples(30).withFixedSeed(102)
        .forAll(longs().all(), integers().between(1, 6_000), doubles().between(0.02, 0.5))
        .check((seed, cut, p) -> {
          boolean[] x = Synthetic.rates(seed, 6_000, p, Synthetic.RateChange.DROP, 2_500, 0.4, 1);
          double[] full = rates(x, x.length);
          double[] prefix = rates(x, cut);
          for (int i = 0; i < cut; i++) {
            if (Double.compare(full[i], prefix[i]) != 0) {
              return false;
            }
          }
          return true;
        });
  }

  private static double[] rates(boolean[] x, int n) {
    RateChangeDetector d = RateChangeDetector.builder().build();
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      s[i] = d.observe(i % 3 == 0 ? "a" : "b", x[i], i);
    }
    return s;
  }

  @Test
  void rate_saveRestore_continuesIdentically() {
    qt().withExamples(30).withFixedSeed(103)
        .forAll(longs().all(), integers().between(0, 6_000))
        .check((seed, cut) -> {
          boolean[] x = Synthetic.rates(seed, 6_000, 0.15, Synthetic.RateChange.RISE, 2_000, 3, 1);
          double[] full = rates(x, x.length);
          RateChangeDetector a = RateChangeDetector.builder().build();
          for (int i = 0; i < cut; i++) {
            a.observe(i % 3 == 0 ? "a" : "b", x[i], i);
          }
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          a.save(out);
          RateChangeDetector b = RateChangeDetector.builder().build();
          b.restore(new ByteArrayInputStream(out.toByteArray()));
          for (int i = cut; i < x.length; i++) {
            if (Double.compare(full[i], b.observe(i % 3 == 0 ? "a" : "b", x[i], i)) != 0) {
              return false;
            }
          }
          return a.openEpisodes().equals(b.openEpisodes()) || cut < x.length;
        });
  }

  // ---- volume

  @Test
  void volume_stationaryStream_staysNearTheFalseAlarmBudget() {
    AtomicLong alarms = new AtomicLong();
    AtomicLong points = new AtomicLong();
    qt().withExamples(20).withFixedSeed(104)
        .forAll(longs().between(0, Long.MAX_VALUE / 2), doubles().between(3, 200))
        .check((seed, base) -> {
          Recorder rec = new Recorder();
          VolumeDetector d = VolumeDetector.builder().period(168).falseAlarmEvery(1_000).listener(rec).build();
          double[] x = Synthetic.volumes(seed, 12, base, 1e6, Synthetic.VolumeChange.NONE, 0);
          for (int i = 0; i < x.length; i++) {
            d.observe("s", i, x[i]);
          }
          alarms.addAndGet(rec.raised().size());
          points.addAndGet(x.length - 168 * 3 - 16);
          return rec.raised().size() <= 10;
        });
    // Poisson counts: the budget is one per 1,000 intervals; allow twice that for the point test's
    // normal tails on the square-root scale
    assertTrue(alarms.get() <= 2 * points.get() / 1_000, alarms + " alarms in " + points + " intervals");
  }

  @Test
  void volume_scores_doNotDependOnLaterValues() {
    qt().withExamples(30).withFixedSeed(105)
        .forAll(longs().between(0, Long.MAX_VALUE / 2), integers().between(1, 6 * 168))
        .check((seed, cut) -> {
          double[] x = Synthetic.volumes(seed, 6, 20, 30, Synthetic.VolumeChange.LEVEL_SHIFT, 4 * 168);
          double[] full = volumes(x, x.length, null, 0);
          double[] prefix = volumes(x, cut, null, 0);
          for (int i = 0; i < cut; i++) {
            if (Double.compare(full[i], prefix[i]) != 0) {
              return false;
            }
          }
          return true;
        });
  }

  @Test
  void volume_saveRestore_continuesIdentically() {
    qt().withExamples(20).withFixedSeed(106)
        .forAll(longs().between(0, Long.MAX_VALUE / 2), integers().between(0, 6 * 168))
        .check((seed, cut) -> {
          double[] x = Synthetic.volumes(seed, 6, 20, 30, Synthetic.VolumeChange.MISSING_DAY, 4 * 168);
          double[] full = volumes(x, x.length, null, 0);
          double[] resumed = volumes(x, x.length, new int[] {cut}, cut);
          return java.util.Arrays.equals(full, resumed);
        });
  }

  /** Scores {@code x[0..n)}; with {@code cut}, saves at the cut and goes on in a restored detector. */
  private static double[] volumes(double[] x, int n, int[] cut, int at) {
    VolumeDetector d = VolumeDetector.builder().period(168).build();
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      if (cut != null && i == at) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        d.save(out);
        d = VolumeDetector.builder().period(168).build();
        d.restore(new ByteArrayInputStream(out.toByteArray()));
      }
      s[i] = d.observe(i % 2 == 0 ? "web" : "partner", i, x[i]);
    }
    return s;
  }

  // ---- records

  @Test
  void records_scores_doNotDependOnLaterRecords_andSurviveARestart() {
    qt().withExamples(6).withFixedSeed(107)
        .forAll(longs().all(), integers().between(300, 900))
        .check((seed, cut) -> {
          double[] full = records(seed, 1_000, -1);
          double[] prefix = records(seed, cut, -1);
          double[] restarted = records(seed, 1_000, cut);
          assertArrayEquals(java.util.Arrays.copyOf(full, cut), prefix);
          assertArrayEquals(full, restarted);
          for (double v : full) {
            if (!(v >= 0 && v <= 1)) {
              return false;
            }
          }
          return true;
        });
  }

  /** Scores then learns each record (scores NaN before the first fit); restarts from saved state at {@code restart}. */
  private static double[] records(long seed, int n, int restart) {
    RecordAnomalyScorer s = RecordAnomalyScorer.builder(Leads.SCHEMA).minRecords(200).refitEvery(100).window(400).trees(30).build();
    SplittableRandom r = new SplittableRandom(seed);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      if (i == restart) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        s.save(bytes);
        s = RecordAnomalyScorer.builder(Leads.SCHEMA).minRecords(200).refitEvery(100).window(400).trees(30).build();
        s.restore(new ByteArrayInputStream(bytes.toByteArray()));
      }
      Features row = i % 40 == 39 ? Leads.bot(r) : Leads.person(r);
      out[i] = s.ready() ? s.scoreValue(row) : 0;
      s.learn(row);
    }
    return out;
  }

  @Test
  void records_anyValues_scoreWithoutCrashing() {
    RecordAnomalyScorer s = RecordAnomalyScorer.builder(Leads.SCHEMA).build();
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < 300; i++) {
      s.learn(Leads.person(r));
    }
    qt().withExamples(300).withFixedSeed(108)
        .forAll(doubles().any(), integers().between(-5, 100), integers().between(0, 3))
        .check((seconds, fields, missing) -> {
          if (!Double.isFinite(seconds)) {
            return true; // a row cannot hold NaN or infinity: Features refuses them
          }
          Features row = Features.builder(Leads.SCHEMA)
              .set("seconds_to_submit", missing == 0 ? null : seconds)
              .set("fields_filled", (double) fields)
              .set("free_mail", missing == 1 ? null : Boolean.TRUE)
              .set("email_domain", missing == 2 ? null : "x" + fields)
              .build();
          double v = s.scoreValue(row);
          assertEquals(v, s.score(row).value());
          return v > 0 && v <= 1 && s.explain(row).contributions().size() >= 6;
        });
  }
}
