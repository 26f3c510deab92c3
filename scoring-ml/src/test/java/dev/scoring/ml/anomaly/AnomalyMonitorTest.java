package dev.scoring.ml.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.Features;
import dev.scoring.api.ModelException;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class AnomalyMonitorTest {

  @Test
  void stream_feedsVolumesRecordsAndRates_andReportsThroughTheListeners() {
    Recorder alarms = new Recorder();
    VolumeDetector volume = VolumeDetector.builder().name("inbound").period(24).listener(alarms).build();
    RateChangeDetector rates = RateChangeDetector.builder().name("conversion").listener(alarms).build();
    RecordAnomalyScorer bots = RecordAnomalyScorer.builder(Leads.SCHEMA).build();
    AnomalyMonitor monitor = AnomalyMonitor.builder()
        .volume(volume, Duration.ofHours(1), "country").records(bots).rates(rates).build();
    SplittableRandom r = new SplittableRandom(3);
    long hour = 3_600_000L;
    int burstHour = 24 * 12 + 10;
    for (int h = 0; h < 24 * 14; h++) {
      int n = 30 + r.nextInt(6) + (h == burstHour ? 200 : 0);
      for (int k = 0; k < n; k++) {
        Features lead = h == burstHour ? Leads.bot(r) : Leads.person(r);
        monitor.onRecord(lead, h * hour + k * 1_000L);
        monitor.onOutcome("web", r.nextDouble() < (h < 24 * 7 ? 0.2 : 0.05), h * hour + k * 1_000L);
      }
    }
    monitor.advanceTo(24 * 14 * hour);
    assertTrue(bots.ready() && bots.learned() > 4_000, "records were learned: " + bots.learned());
    assertTrue(alarms.raised().stream().anyMatch(e -> e.detector().equals("conversion") && e.segment().equals("web")
        && e.direction() == Direction.DROP), alarms.events.toString());
    assertTrue(alarms.raised().stream().anyMatch(e -> e.detector().equals("inbound") && e.direction() == Direction.RISE
        && e.detectedMillis() == burstHour * hour), alarms.events.toString());
    assertTrue(monitor.raised());
  }

  @Test
  void build_segmentFeatureMissingFromTheScoredRows_isRefused() {
    RecordAnomalyScorer bots = RecordAnomalyScorer.builder(Leads.SCHEMA).build();
    VolumeDetector volume = VolumeDetector.builder().build();
    ModelException e = assertThrows(ModelException.class,
        () -> AnomalyMonitor.builder().volume(volume, Duration.ofHours(1), "source").records(bots).build());
    assertTrue(e.getMessage().contains("'source'"), e.getMessage());
    AnomalyMonitor none = AnomalyMonitor.builder().build();
    none.onOutcome("x", true, 0);
    assertFalse(none.raised());
    assertEquals(AnomalyMonitor.MISSING_SEGMENT, "(missing)");
  }
}
