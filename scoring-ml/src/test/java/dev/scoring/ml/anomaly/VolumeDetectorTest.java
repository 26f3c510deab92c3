package dev.scoring.ml.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

final class VolumeDetectorTest {

  @Test
  void observe_spike_raisesWithExpectedValueAndBandThenRecovers() {
    Recorder rec = new Recorder();
    VolumeDetector d = VolumeDetector.builder().name("inbound").period(168).listener(rec).build();
    double[] x = Synthetic.volumes(9, 8, 40, 50, Synthetic.VolumeChange.NONE, 0);
    int at = 6 * 168 + 14; // a weekday afternoon
    x[at] = 6 * Synthetic.seasonalMean(at, 40);
    for (int i = 0; i < x.length; i++) {
      d.observe("web-form", i, x[i]);
    }
    List<Episode> raised = rec.raised();
    Episode spike = raised.stream().filter(e -> e.detectedMillis() == at).findFirst().orElseThrow(() -> new AssertionError(rec.events));
    assertEquals(Direction.RISE, spike.direction());
    assertEquals("web-form", spike.segment());
    assertEquals(1, spike.delay());
    assertEquals(x[at], spike.observed().estimate());
    assertFalse(spike.expected().contains(x[at]), spike.toString());
    assertTrue(Math.abs(spike.expected().estimate() - Synthetic.seasonalMean(at, 40)) < 0.35 * Synthetic.seasonalMean(at, 40), spike.toString());
    assertTrue(spike.description().startsWith("spike in 'web-form'"), spike.description());
    assertTrue(rec.recovered().stream().anyMatch(r -> r.episode().equals(spike) && r.recoveredMillis() == at + 3), rec.events.toString());
    assertTrue(raised.size() <= 2, "at most one false alarm in 1,344 hours: " + raised);
  }

  @Test
  void observe_nightAndDay_areJudgedOnTheirOwnScale() {
    VolumeDetector d = VolumeDetector.builder().period(168).build();
    double[] x = Synthetic.volumes(4, 10, 30, 1e6, Synthetic.VolumeChange.NONE, 0);
    double maxAbs = 0;
    for (int i = 0; i < x.length; i++) {
      maxAbs = Math.max(maxAbs, Math.abs(d.observe("s", i, x[i])));
    }
    assertTrue(maxAbs < d.pointThreshold(), "Poisson noise stays in the band at every hour: " + maxAbs);
  }

  @Test
  void observe_badValues_areRefused() {
    VolumeDetector d = VolumeDetector.builder().build();
    assertThrows(IllegalArgumentException.class, () -> d.observe("s", 0, -1));
    assertThrows(IllegalArgumentException.class, () -> d.observe("s", 0, Double.NaN));
    VolumeDetector values = VolumeDetector.builder().counts(false).build();
    values.observe("s", 0, -1);
  }

  @Test
  void eventCounter_emptyIntervals_areCountedAsZero() {
    List<double[]> seen = new ArrayList<>();
    VolumeDetector d = VolumeDetector.builder().listener(e -> { }).build();
    VolumeDetector spy = VolumeDetector.builder().counts(true).build();
    EventCounter c = new EventCounter(Duration.ofMinutes(1), spy);
    long m = 60_000;
    c.event("a", 10);
    c.event("a", 20);
    c.event("b", m + 5);
    c.event("a", 4 * m + 1);
    assertFalse(c.event("a", 2 * m), "an event for a closed interval is late");
    assertEquals(1, c.lateEvents());
    c.advanceTo(5 * m);
    // a: 2, 0, 0, 0, 1 ; b (from its first event): 1, 0, 0, 0
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    spy.save(out);
    VolumeDetector replay = VolumeDetector.builder().counts(true).build();
    for (double[] v : new double[][] {{0, 2}, {1, 0}, {2, 0}, {3, 0}, {4, 1}}) {
      replay.observe("a", (long) v[0] * m, v[1]);
    }
    replay.observe("b", m, 1);
    replay.observe("b", 2 * m, 0);
    replay.observe("b", 3 * m, 0);
    replay.observe("b", 4 * m, 0);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    replay.save(expected);
    assertTrue(Arrays.equals(expected.toByteArray(), out.toByteArray()), "the counter fed the same counts");
    assertTrue(seen.isEmpty());
    assertFalse(d.raised());
  }

  @Test
  void restore_continuesExactly_withoutRaisingAgain() {
    double[] x = Synthetic.volumes(21, 8, 30, 30, Synthetic.VolumeChange.LEVEL_SHIFT, 6 * 168);
    Recorder first = new Recorder();
    VolumeDetector a = VolumeDetector.builder().period(168).listener(first).build();
    int cut = 6 * 168 + 60;
    double[] expected = new double[x.length];
    byte[] saved = null;
    for (int i = 0; i < x.length; i++) {
      expected[i] = a.observe("s", i, x[i]);
      if (i == cut - 1) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        a.save(out);
        saved = out.toByteArray();
      }
    }
    Recorder second = new Recorder();
    VolumeDetector b = VolumeDetector.builder().period(168).listener(second).build();
    b.restore(new ByteArrayInputStream(saved));
    boolean openAtCut = b.raised();
    for (int i = cut; i < x.length; i++) {
      assertEquals(expected[i], b.observe("s", i, x[i]), "interval " + i);
    }
    long raisedAfterCut = first.raised().stream().filter(e -> e.detectedMillis() >= cut).count();
    assertEquals(raisedAfterCut, second.raised().size());
    assertTrue(openAtCut || raisedAfterCut > 0, "the shift was seen");
  }

  @Test
  void cusumThreshold_matchesSiegmundsApproximation() {
    double h = VolumeDetector.cusumThreshold(0.5, 40_000);
    double b = h + 1.166;
    assertEquals(40_000, (Math.exp(b) - b - 1) / 0.5, 1);
  }
}
