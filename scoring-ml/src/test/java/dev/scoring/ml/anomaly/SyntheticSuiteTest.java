package dev.scoring.ml.anomaly;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.Features;
import dev.scoring.ml.anomaly.Synthetic.RateChange;
import dev.scoring.ml.anomaly.Synthetic.VolumeChange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The synthetic suite: seeded streams with injected anomalies at known onsets, run through the
 * detectors with their default settings (nothing tuned per scenario). Prints the table for the
 * README (also written to target/anomaly-suite.md) and asserts what the defaults promise.
 */
final class SyntheticSuiteTest {

  private static final int SEEDS = 30;
  private static final List<String> TABLE = new ArrayList<>();

  @Test
  void rateDetector_findsChanges_withinFalseAlarmBudget() {
    List<Tally> tallies = new ArrayList<>();
    Tally nullTally = new Tally("rate: no change (p 0.05 / 0.2)");
    for (double p0 : new double[] {0.05, 0.2}) {
      for (RateChange change : new RateChange[] {RateChange.DROP, RateChange.RISE, RateChange.SLOW_DRIFT_DOWN}) {
        String what = switch (change) {
          case DROP -> "odds ×0.5 at once";
          case RISE -> "odds ×2 at once";
          default -> "odds drift to ×0.4 over 4,000 trials";
        };
        Tally t = new Tally("rate p=" + p0 + ": " + what);
        for (int seed = 0; seed < SEEDS; seed++) {
          int onset = 8_000 + new SplittableRandom(seed * 31L).nextInt(7_000);
          double factor = change == RateChange.RISE ? 2 : change == RateChange.DROP ? 0.5 : 0.4;
          boolean[] x = Synthetic.rates(1000L * seed + (long) (p0 * 100), 30_000, p0, change, onset, factor, 4_000);
          runRate(x, onset, change == RateChange.RISE ? Direction.RISE : Direction.DROP, t);
        }
        tallies.add(t);
      }
      for (int seed = 0; seed < SEEDS; seed++) {
        boolean[] x = Synthetic.rates(77_000L + seed + (long) (p0 * 1000), 30_000, p0, RateChange.NONE, 0, 1, 1);
        runRate(x, Integer.MAX_VALUE, Direction.DROP, nullTally);
      }
    }
    tallies.add(nullTally);
    report("Rate detector (defaults: false alarm every 10,000 trials, odds ratios 1.5 and 3, 200 warm-up trials)", tallies);
    for (Tally t : tallies) {
      if (t.anomalies > 0) {
        assertTrue(t.detectionRate() >= 0.9, t.row());
      }
      assertTrue(t.falseAlarmsPer10k() <= 1.0, t.row());
    }
  }

  private static void runRate(boolean[] x, int onset, Direction direction, Tally t) {
    Recorder rec = new Recorder();
    RateChangeDetector d = RateChangeDetector.builder().listener(rec).build();
    for (int i = 0; i < x.length; i++) {
      d.observe("s", x[i], i);
    }
    long falseAlarms = 0;
    Long delay = null;
    for (Episode e : rec.raised()) {
      if (e.detectedMillis() < onset) {
        falseAlarms++;
      } else if (delay == null && e.direction() == direction) {
        delay = e.detectedMillis() - onset + 1;
      }
    }
    t.normal(Math.min(onset, x.length) - 200L, falseAlarms);
    if (onset < x.length) {
      t.anomaly(delay != null, delay == null ? 0 : delay);
    }
  }

  @Test
  void volumeDetector_findsSeasonalAnomalies_withinFalseAlarmBudget() {
    List<Tally> tallies = new ArrayList<>();
    for (double base : new double[] {40, 5}) {
      for (VolumeChange change : VolumeChange.values()) {
        Tally t = new Tally("volume mean " + (int) base + "/h: " + describe(change));
        for (int seed = 0; seed < SEEDS; seed++) {
          int onset = 4 * 168 + new SplittableRandom(seed * 17L + 3).nextInt(3 * 168);
          double[] x = Synthetic.volumes(500L * seed + (long) base, 10, base, 20, change, onset);
          runVolume(x, change, onset, t);
        }
        tallies.add(t);
      }
    }
    report("Volume detector (defaults: period 168 hours, 8 cycles of history, false alarm every 10,000 intervals)", tallies);
    // what the defaults promise on this suite (the figures are in the README): every level shift and
    // missing day, most bot bursts and large spikes; Gaussian tails on the square-root
    // scale are replaced by the negative binomial tail (VolumeCalibrationTest checks the rate)
    for (Tally t : tallies) {
      if (t.name.contains("level shift") || t.name.contains("missing day")) {
        assertTrue(t.detectionRate() >= 0.95, t.row());
      }
      if (t.name.contains("bot burst") || (t.name.contains("mean 40/h") && t.name.contains("×4"))) {
        assertTrue(t.detectionRate() >= 0.5, t.row());
      }
      assertTrue(t.falseAlarmsPer10k() <= 6.0, t.row());
    }
  }

  private static String describe(VolumeChange c) {
    return switch (c) {
      case NONE -> "no anomaly";
      case SPIKE -> "one hour ×4";
      case DROP -> "three hours ×0.15";
      case LEVEL_SHIFT -> "level shift ×1.6";
      case MISSING_DAY -> "a missing day";
      case BOT_BURST -> "bot burst (+5 sd + 5 for 2 h)";
    };
  }

  private static void runVolume(double[] x, VolumeChange change, int onset, Tally t) {
    Recorder rec = new Recorder();
    VolumeDetector d = VolumeDetector.builder().period(168).listener(rec).build();
    for (int i = 0; i < x.length; i++) {
      d.observe("s", i, x[i]);
    }
    int length = Synthetic.length(change, x.length, onset);
    int warmup = 3 * 168 + 16;
    Direction want = change == VolumeChange.DROP || change == VolumeChange.MISSING_DAY ? Direction.DROP : Direction.RISE;
    long falseAlarms = 0;
    Long delay = null;
    for (Episode e : rec.raised()) {
      long at = e.detectedMillis();
      boolean inside = change != VolumeChange.NONE && at >= onset && at < onset + length + 3;
      if (inside && e.direction() == want) {
        if (delay == null) {
          delay = at - onset + 1;
        }
      } else if (!inside) {
        falseAlarms++;
      }
    }
    t.normal(x.length - warmup - (change == VolumeChange.NONE ? 0 : length), falseAlarms);
    if (change != VolumeChange.NONE) {
      t.anomaly(delay != null, delay == null ? 0 : delay);
    }
  }

  @Test
  void recordScorer_flagsBotBurstsAndOddDealChanges_atTheConfiguredReviewRate() {
    Tally bots = new Tally("records: bot bursts (20 bot-like leads among people)");
    Tally deals = new Tally("records: deal amount ×10");
    Tally stages = new Tally("records: deal stage moved back 1 or 2 (training saw 0 or +1)");
    for (int seed = 0; seed < 10; seed++) {
      SplittableRandom r = new SplittableRandom(900 + seed);
      RecordAnomalyScorer s = RecordAnomalyScorer.builder(Leads.SCHEMA).build();
      long flaggedPeople = 0;
      long people = 0;
      for (int i = 0; i < 8_000; i++) {
        boolean burst = i >= 2_000 && i % 1_500 < 20;
        if (burst && i % 1_500 == 0) {
          // a burst: 20 bots in a row, judged and then offered to the model like any record
          Long delay = null;
          for (int k = 0; k < 20; k++) {
            Features bot = Leads.bot(r);
            if (delay == null && s.unusual(bot)) {
              delay = (long) k + 1;
            }
            s.learn(bot);
          }
          bots.anomaly(delay != null, delay == null ? 0 : delay);
          i += 19;
          continue;
        }
        Features person = Leads.person(r);
        if (s.ready()) {
          people++;
          flaggedPeople += s.unusual(person) ? 1 : 0;
        }
        s.learn(person);
      }
      bots.normal(people, flaggedPeople);
      runDeals(new SplittableRandom(1_000 + seed), deals, stages);
    }
    List<Tally> tallies = List.of(bots, deals, stages);
    report("Record scorer (defaults: isolation forest of 100 trees on a window of 2,048, refit every 256, flag rate 1%)", tallies);
    assertTrue(bots.detectionRate() >= 0.95, bots.row());
    assertTrue(deals.detectionRate() >= 0.95, deals.row());
    // a step back by one or two when training saw 0 and +1 lies one or two ranges outside: unusual, but
    // not always beyond the 1% flag threshold (the isolation forest cuts only within what it saw)
    assertTrue(stages.detectionRate() >= 0.3, stages.row());
    for (Tally t : List.of(bots, deals)) {
      assertTrue(t.falseAlarmsPer10k() >= 20 && t.falseAlarmsPer10k() <= 300, "about 1% of normal records: " + t.row());
    }
  }

  private static void runDeals(SplittableRandom r, Tally t, Tally stages) {
    dev.scoring.api.FeatureSchema schema = dev.scoring.api.FeatureSchema.builder()
        .number("amount_log10_ratio").number("stage_change").number("days_in_stage").category("segment").build();
    RecordAnomalyScorer s = RecordAnomalyScorer.builder(schema).build();
    String[] segments = {"smb", "mid", "ent"};
    long normal = 0;
    long flagged = 0;
    for (int i = 0; i < 6_000; i++) {
      boolean odd = i >= 1_000 && i % 200 == 0;
      double ratio = odd && (i / 200) % 2 == 0 ? 1.0 : 0.05 * r.nextGaussian();
      double stage = odd && (i / 200) % 2 == 1 ? -1 - r.nextInt(2) : (r.nextDouble() < 0.7 ? 0 : 1);
      Features row = Features.builder(schema).set("amount_log10_ratio", ratio).set("stage_change", stage)
          .set("days_in_stage", 5 + 30 * r.nextDouble()).set("segment", segments[r.nextInt(3)]).build();
      boolean flag = s.unusual(row);
      if (odd) {
        ((i / 200) % 2 == 0 ? t : stages).anomaly(flag, 1);
      } else if (s.ready()) {
        normal++;
        flagged += flag ? 1 : 0;
      }
      s.learn(row);
    }
    t.normal(normal, flagged);
  }

  private static void report(String title, List<Tally> tallies) {
    TABLE.add("");
    TABLE.add("**" + title + "**");
    TABLE.add("");
    TABLE.add("| scenario | detected | median delay | false alarms per 10,000 normal points |");
    TABLE.add("|---|---:|---:|---:|");
    for (Tally t : tallies) {
      TABLE.add(t.row());
    }
    String text = String.join("\n", TABLE) + "\n";
    System.out.println(text);
    try {
      Path out = Path.of("target", "anomaly-suite.md");
      Files.createDirectories(out.getParent());
      Files.writeString(out, text);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
