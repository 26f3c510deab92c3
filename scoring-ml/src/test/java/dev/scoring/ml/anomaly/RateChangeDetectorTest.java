package dev.scoring.ml.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.ModelException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class RateChangeDetectorTest {

  @Test
  void observe_dropInOneChannel_raisesOnceWithSegmentOnsetAndRates() {
    Recorder rec = new Recorder();
    RateChangeDetector d = RateChangeDetector.builder().name("conversion").listener(rec).build();
    SplittableRandom r = new SplittableRandom(7);
    int onset = 6_000;
    for (int i = 0; i < 12_000; i++) {
      d.observe("web", r.nextDouble() < (i < onset ? 0.12 : 0.06), i);
      d.observe("events", r.nextDouble() < 0.12, i);
    }
    List<Episode> raised = rec.raised();
    assertEquals(1, raised.size(), rec.events.toString());
    Episode e = raised.get(0);
    assertEquals("conversion", e.detector());
    assertEquals("web", e.segment());
    assertEquals(Direction.DROP, e.direction());
    assertTrue(e.expected().contains(0.12), e.toString());
    assertTrue(e.observed().contains(0.06), e.toString());
    assertTrue(e.observed().upper() < e.expected().lower(), "the intervals separate: " + e);
    assertTrue(e.onsetMillis() > onset - 600 && e.onsetMillis() < onset + 600, "onset " + e.onsetMillis());
    assertTrue(e.detectedMillis() > onset && e.detectedMillis() < onset + 3_000, "detected " + e.detectedMillis());
    assertEquals(e.detectedMillis() - e.onsetMillis() + 1, e.delay(), 1.0);
    assertTrue(e.description().contains("dropped from 12"), e.description());
    assertTrue(d.raised());
    assertEquals(List.of(e), d.openEpisodes());
  }

  @Test
  void observe_rateReturns_endsTheEpisodeWithARecovery() {
    Recorder rec = new Recorder();
    RateChangeDetector d = RateChangeDetector.builder().listener(rec).build();
    SplittableRandom r = new SplittableRandom(11);
    for (int i = 0; i < 24_000; i++) {
      double p = i >= 8_000 && i < 16_000 ? 0.4 : 0.2;
      d.observe("team-a", r.nextDouble() < p, i);
    }
    assertEquals(1, rec.raised().size(), rec.events.toString());
    assertEquals(Direction.RISE, rec.raised().get(0).direction());
    assertEquals(1, rec.recovered().size(), rec.events.toString());
    AnomalyEvent.Recovered end = rec.recovered().get(0);
    assertTrue(end.recoveredMillis() > 16_000 && end.recoveredMillis() < 18_000, end.toString());
    assertTrue(end.reason().contains("dropped back"), end.reason());
    assertFalse(d.raised());
  }

  @Test
  void observe_newRateHolds_episodeSettlesAfterConfiguredTrials() {
    Recorder rec = new Recorder();
    RateChangeDetector d = RateChangeDetector.builder().settleAfter(3_000).listener(rec).build();
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < 12_000; i++) {
      d.observe("s", r.nextDouble() < (i < 4_000 ? 0.3 : 0.1), i);
    }
    assertEquals(1, rec.raised().size());
    assertEquals(1, rec.recovered().size());
    assertTrue(rec.recovered().get(0).reason().startsWith("settled"), rec.recovered().get(0).reason());
  }

  @Test
  void restore_openEpisode_isNotRaisedAgainAndScoresContinueExactly() {
    SplittableRandom r = new SplittableRandom(5);
    boolean[] x = new boolean[10_000];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextDouble() < (i < 4_000 ? 0.25 : 0.1);
    }
    Recorder first = new Recorder();
    RateChangeDetector a = RateChangeDetector.builder().listener(first).build();
    double[] expected = new double[x.length];
    int cut = 7_000;
    byte[] saved = null;
    for (int i = 0; i < x.length; i++) {
      expected[i] = a.observe("s", x[i], i);
      if (i == cut - 1) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        a.save(out);
        saved = out.toByteArray();
      }
    }
    assertEquals(1, first.raised().size());
    assertTrue(first.raised().get(0).detectedMillis() < cut);

    Recorder second = new Recorder();
    RateChangeDetector b = RateChangeDetector.builder().listener(second).build();
    b.restore(new ByteArrayInputStream(saved));
    assertTrue(b.raised(), "the open episode survives the restart");
    double[] after = new double[x.length - cut];
    for (int i = cut; i < x.length; i++) {
      after[i - cut] = b.observe("s", x[i], i);
    }
    assertTrue(second.raised().isEmpty(), "no alarm again after the restart: " + second.events);
    assertEquals(Arrays.toString(Arrays.copyOfRange(expected, cut, x.length)), Arrays.toString(after));
  }

  @Test
  void restore_badState_throwsAndKeepsTheCurrentState() {
    RateChangeDetector d = RateChangeDetector.builder().build();
    for (int i = 0; i < 500; i++) {
      d.observe("s", i % 5 == 0, i);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    d.save(out);
    byte[] bytes = out.toByteArray();
    Interval before = d.baselines().get("s");

    ModelException truncated = assertThrows(ModelException.class,
        () -> d.restore(new ByteArrayInputStream(Arrays.copyOf(bytes, bytes.length / 2))));
    assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
    ModelException garbage = assertThrows(ModelException.class, () -> d.restore(new ByteArrayInputStream(new byte[] {1, 2, 3, 4, 5})));
    assertTrue(garbage.getMessage().contains("not a saved"), garbage.getMessage());
    RateChangeDetector other = RateChangeDetector.builder().falseAlarmEvery(1_000).build();
    ModelException config = assertThrows(ModelException.class, () -> other.restore(new ByteArrayInputStream(bytes)));
    assertTrue(config.getMessage().contains("another configuration"), config.getMessage());
    assertEquals(before, d.baselines().get("s"));
  }

  @Test
  void observe_tooManySegments_refusesTheNewOne() {
    RateChangeDetector d = RateChangeDetector.builder().maxSegments(2).build();
    d.observe("a", true, 0);
    d.observe("b", true, 0);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> d.observe("c", true, 0));
    assertTrue(e.getMessage().contains("'c'"), e.getMessage());
  }

  @Test
  void builder_badSettings_areRefused() {
    assertThrows(IllegalArgumentException.class, () -> RateChangeDetector.builder().oddsRatios(1.0));
    assertThrows(IllegalArgumentException.class, () -> RateChangeDetector.builder().falseAlarmEvery(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> RateChangeDetector.builder().minTrials(1));
    assertThrows(IllegalArgumentException.class, () -> RateChangeDetector.builder().confidence(1));
  }

  @Test
  void threshold_isLogOfStatisticsTimesBudget() {
    RateChangeDetector d = RateChangeDetector.builder().oddsRatios(2).falseAlarmEvery(5_000).build();
    assertEquals(Math.log(2 * 5_000), d.threshold(), 1e-12);
  }
}
