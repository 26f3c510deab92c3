package dev.scoring.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.MutableFeatures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Tumbling and sliding windows by duration, on a fake clock and on event times. */
final class TimeWindowTest {

  private static final long HOUR = 3_600_000L;
  private static final FeatureSchema SCHEMA = FeatureSchema.builder().number("amount").category("region").build();
  private static final String[] REGIONS = {"EMEA", "NA", "APAC"};

  /** A clock the test moves by hand. */
  private static final class FakeClock extends Clock {
    long now;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public long millis() {
      return now;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(now);
    }
  }

  private static Features row(SplittableRandom r, double shift) {
    MutableFeatures row = Features.mutable(SCHEMA);
    row.setNumber(0, r.nextGaussian() + shift);
    row.setString(1, REGIONS[shift == 0 ? r.nextInt(3) : 2]);
    return row.snapshot();
  }

  private static ReferenceProfile reference() {
    SplittableRandom r = new SplittableRandom(1);
    ReferenceProfile.Builder b = ReferenceProfile.builder(SCHEMA).bins(20);
    for (int i = 0; i < 5_000; i++) {
      Features f = row(r, 0);
      b.add(f, f.number(0) / 10 + 0.5);
    }
    return b.build();
  }

  @Test
  void tumblingByDuration_evaluatesEachHourWhenTheNextBegins_onTheRowsOfThatHour() {
    ReferenceProfile p = reference();
    FakeClock clock = new FakeClock();
    List<MonitorEvent> events = new CopyOnWriteArrayList<>();
    DriftMonitor timed = DriftMonitor.builder(p).window(Duration.ofHours(1)).clock(clock).listener(events::add).build();
    DriftMonitor counted = DriftMonitor.builder(p).window(1_000_000).build(); // the same rows, evaluated on demand
    SplittableRandom r = new SplittableRandom(2);
    clock.now = 5 * HOUR + 1; // the 5th hour since the epoch
    for (int i = 0; i < 800; i++) {
      Features f = row(r, 0);
      timed.update(f, f.number(0) / 10 + 0.5);
      counted.update(f, f.number(0) / 10 + 0.5);
      clock.now += 4_000; // 800 rows over 3,200 s: all within hour 5
    }
    assertEquals(0, timed.windows(), "hour 5 is still open");
    assertEquals(800, timed.windowRows());
    DriftReport expected = counted.evaluateNow();
    clock.now = 6 * HOUR + 10;
    Features next = row(r, 0);
    timed.update(next, next.number(0) / 10 + 0.5);
    assertEquals(1, timed.windows());
    assertEquals(1, timed.windowRows(), "the new hour holds the row that closed the old one");
    DriftReport hour5 = timed.lastReport().orElseThrow();
    assertEquals(Instant.ofEpochMilli(5 * HOUR), hour5.start());
    assertEquals(Instant.ofEpochMilli(6 * HOUR), hour5.end());
    assertEquals(800, hour5.windowRows());
    // the statistics of the hour are those of its 800 rows counted any other way
    for (FeatureDrift f : expected.features()) {
      FeatureDrift g = hour5.feature(f.name()).orElseThrow();
      assertEquals(f.psi(), g.psi(), 0, f.name());
      assertEquals(f.statistic(), g.statistic(), 0, f.name());
      assertEquals(f.pValue(), g.pValue(), 0, f.name());
    }
    assertFalse(hour5.drifted(), hour5.toString());
    assertTrue(events.isEmpty());
    // hour 6 drifts; the clock moves on without rows and advance() closes it
    for (int i = 0; i < 500; i++) {
      Features f = row(r, 1.5);
      timed.update(f, f.number(0) / 10 + 0.5);
    }
    clock.now = 7 * HOUR;
    timed.advance();
    assertEquals(2, timed.windows());
    assertTrue(timed.raised());
    DriftReport hour6 = assertInstanceOf(MonitorEvent.DriftDetected.class, events.get(0)).report();
    assertEquals(501, hour6.windowRows());
    assertEquals(Instant.ofEpochMilli(6 * HOUR), hour6.start());
    assertTrue(hour6.feature("amount").orElseThrow().drifted());
    assertTrue(hour6.feature("region").orElseThrow().drifted());
  }

  @Test
  void slidingByDuration_keepsTheLastThreeSlotsAndSkipsWhatAGapEmptied() {
    ReferenceProfile p = reference();
    DriftMonitor m = DriftMonitor.builder(p).window(Duration.ofHours(3)).slide(Duration.ofHours(1)).build();
    SplittableRandom r = new SplittableRandom(3);
    int[] perHour = {100, 200, 300, 400};
    for (int h = 0; h < perHour.length; h++) {
      for (int i = 0; i < perHour[h]; i++) {
        Features f = row(r, 0);
        m.update(f, 0.5, h * HOUR + i * 1_000L);
      }
    }
    // closed: hour 0 (1 slot), hour 1 (2 slots), hour 2 (3 slots: evaluate hours 0-2)
    assertEquals(1, m.windows());
    DriftReport first = m.lastReport().orElseThrow();
    assertEquals(600, first.windowRows());
    assertEquals(Instant.ofEpochMilli(0), first.start());
    assertEquals(Instant.ofEpochMilli(3 * HOUR), first.end());
    assertEquals(900, m.windowRows(), "hours 1-3 are in the window now");
    m.advanceTo(4 * HOUR);
    assertEquals(2, m.windows());
    assertEquals(900, m.lastReport().orElseThrow().windowRows());
    assertEquals(Instant.ofEpochMilli(HOUR), m.lastReport().orElseThrow().start());
    // a late row (hour 1) is counted in the open slot (hour 4)
    m.update(row(r, 0), 0.5, HOUR + 5);
    assertEquals(700 + 1, m.windowRows());
    // a long gap: the windows ending at hours 5, 6 and 7 still hold rows (701, 401, 1); from hour 8
    // on every window is empty and skipped, without a pass per empty hour
    m.update(row(r, 0), 0.5, 100 * HOUR);
    assertEquals(5, m.windows());
    assertEquals(1, m.windowRows());
    DriftReport last = m.lastReport().orElseThrow();
    assertEquals(Instant.ofEpochMilli(7 * HOUR), last.end());
    assertEquals(1, last.windowRows(), "hours 4-6: only the late row");
  }

  @Test
  void minWindowRows_skipsThinWindowsWithoutTouchingTheAlarm() {
    ReferenceProfile p = reference();
    List<MonitorEvent> events = new ArrayList<>();
    DriftMonitor m = DriftMonitor.builder(p).window(Duration.ofMinutes(10)).minWindowRows(50).listener(events::add).build();
    SplittableRandom r = new SplittableRandom(4);
    for (int i = 0; i < 49; i++) {
      m.update(row(r, 3), 0.9, i * 1_000L);
    }
    m.advanceTo(Duration.ofMinutes(10).toMillis());
    assertEquals(0, m.windows());
    assertTrue(m.lastReport().isEmpty());
    assertFalse(m.raised());
    assertTrue(events.isEmpty());
    for (int i = 0; i < 50; i++) {
      m.update(row(r, 3), 0.9, Duration.ofMinutes(10).toMillis() + i * 1_000L);
    }
    m.advanceTo(Duration.ofMinutes(20).toMillis());
    assertEquals(1, m.windows());
    assertTrue(m.raised());
  }

  @Test
  void rowWindowsAndTimeWindowsDoNotMix() {
    ReferenceProfile p = reference();
    DriftMonitor rows = DriftMonitor.builder(p).window(100).build();
    assertThrows(IllegalStateException.class, () -> rows.update(row(new SplittableRandom(5), 0), 0.5, 0L));
    assertThrows(IllegalStateException.class, rows::advance);
    assertNull(rows.lastReport().map(DriftReport::start).orElse(null));
    assertThrows(IllegalArgumentException.class, () -> DriftMonitor.builder(p).window(100).slide(Duration.ofMinutes(1)).build());
    assertThrows(IllegalArgumentException.class,
        () -> DriftMonitor.builder(p).window(Duration.ofMinutes(10)).slide(Duration.ofMinutes(3)).build());
    assertThrows(IllegalArgumentException.class, () -> DriftMonitor.builder(p).window(Duration.ofMinutes(10)).slide(20).build());
    assertThrows(IllegalArgumentException.class, () -> DriftMonitor.builder(p).window(Duration.ZERO));
  }
}
