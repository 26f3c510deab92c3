package dev.scoring.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.FeatureSchema;
import dev.scoring.api.ModelException;
import dev.scoring.api.Features;
import dev.scoring.api.MutableFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

/** Reference profiles, their JSON, and the windowed drift monitor on synthetic data. */
final class DriftMonitorTest {

  private static final FeatureSchema SCHEMA = FeatureSchema.builder()
      .number("amount").category("region").bool("inbound").text("notes").build();
  private static final String[] REGIONS = {"EMEA", "NA", "APAC", "LATAM"};

  private static void fill(MutableFeatures row, SplittableRandom r, double shift, double[] regionWeights) {
    row.clear();
    if (r.nextInt(50) != 0) {
      row.setNumber(0, Math.exp(r.nextGaussian() + shift));
    }
    double u = r.nextDouble();
    int k = 0;
    while (k < regionWeights.length - 1 && (u -= regionWeights[k]) > 0) {
      k++;
    }
    row.setString(1, k < REGIONS.length ? REGIONS[k] : "region-" + r.nextInt(1000));
    row.setBool(2, r.nextBoolean());
  }

  private static ReferenceProfile reference(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    MutableFeatures row = Features.mutable(SCHEMA);
    ReferenceProfile.Builder b = ReferenceProfile.builder(SCHEMA).maxCategories(3);
    for (int i = 0; i < n; i++) {
      fill(row, r, 0, new double[] {0.4, 0.3, 0.2, 0.05, 0.05});
      b.add(row, 1 / (1 + Math.exp(-row.number(0) + 1)));
    }
    return b.build();
  }

  @Test
  void profile_binsAndOtherBucket() {
    ReferenceProfile p = reference(20_000, 1);
    assertEquals(List.of("amount", "region", "inbound"), p.features().stream().map(FeatureProfile::name).toList());
    FeatureProfile region = p.feature("region").orElseThrow();
    assertEquals(List.of("APAC", "EMEA", "NA"), region.categories());
    long[] c = region.counts();
    assertEquals(20_000, region.rows());
    assertTrue(c[3] > 1500 && c[3] < 2500, "other bucket holds LATAM and the rare regions: " + c[3]);
    FeatureProfile amount = p.feature("amount").orElseThrow();
    assertEquals(99, amount.edges().length);
    assertTrue(amount.missing() > 300 && amount.missing() < 500);
    FeatureProfile inbound = p.feature("inbound").orElseThrow();
    assertEquals(1, inbound.edges().length); // 0 | 1
  }

  @Test
  void profile_jsonRoundTrip() {
    ReferenceProfile p = reference(5_000, 2);
    String json = p.toJson();
    assertEquals(p, ReferenceProfile.fromJson(json, SCHEMA));
    FeatureProfile odd = FeatureProfile.categorical("region", List.of("a \"quoted\"\nname", "b\\c"), new long[] {1, 2}, 3, 0);
    ReferenceProfile q = new ReferenceProfile(SCHEMA, List.of(odd), FeatureProfile.numeric("score", new double[] {-1e-300, 0.1, 2.5e10}, new long[] {1, 0, 4, 5}, 2));
    assertEquals(q, ReferenceProfile.fromJson(q.toJson(), SCHEMA));
  }

  @Test
  void profile_badJsonNamesThePlace() {
    var e = assertThrows(ModelException.class,
        () -> ReferenceProfile.fromJson("{\"format\": \"dev.scoring.reference-profile\",\n \"version\": 1, \"features\": [}", SCHEMA));
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    var e2 = assertThrows(ModelException.class, () -> ReferenceProfile.fromJson("{\"format\": \"x\"}", SCHEMA));
    assertTrue(e2.getMessage().contains("not a reference profile"), e2.getMessage());
    String other = reference(100, 3).toJson().replace("\"amount\"", "\"size\"");
    var e3 = assertThrows(ModelException.class, () -> ReferenceProfile.fromJson(other, SCHEMA));
    assertTrue(e3.getMessage().contains("'size'"), e3.getMessage());
  }

  @Test
  void profile_deepNestingIsRefusedWithThePosition_notAStackOverflow() {
    String deep = "{\"format\": \"dev.scoring.reference-profile\", \"features\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    ModelException e = assertThrows(ModelException.class, () -> ReferenceProfile.fromJson(deep, SCHEMA));
    assertEquals("malformed profile JSON at line 1, column 120: nesting deeper than 64 levels", e.getMessage());
  }

  @Test
  void profile_readAndWrite_throwUncheckedExceptionsNamingTheFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    java.nio.file.Path missing = dir.resolve("none.profile.json");
    ModelException e = assertThrows(ModelException.class, () -> ReferenceProfile.read(missing, SCHEMA));
    assertTrue(e.getMessage().startsWith("cannot read profile " + missing), e.getMessage());
    ReferenceProfile p = reference(500, 4);
    java.nio.file.Path file = dir.resolve("p.json");
    p.write(file);
    assertEquals(p, ReferenceProfile.read(file, SCHEMA));
    java.io.UncheckedIOException w = assertThrows(java.io.UncheckedIOException.class, () -> p.write(dir.resolve("no/such/dir/p.json")));
    assertTrue(w.getMessage().startsWith("cannot write profile "), w.getMessage());
  }

  @Test
  void monitor_quietOnTheSameDistributionAndAlarmsOnAShift() {
    ReferenceProfile p = reference(20_000, 4);
    List<MonitorEvent> events = new CopyOnWriteArrayList<>();
    DriftMonitor m = DriftMonitor.builder(p).window(2_000).listener(events::add).build();
    SplittableRandom r = new SplittableRandom(5);
    MutableFeatures row = Features.mutable(SCHEMA);
    double[] same = {0.4, 0.3, 0.2, 0.05, 0.05};
    for (int i = 0; i < 6_000; i++) {
      fill(row, r, 0, same);
      m.update(row, 1 / (1 + Math.exp(-row.number(0) + 1)));
    }
    assertEquals(3, m.windows());
    assertFalse(m.raised());
    DriftReport quiet = m.lastReport().orElseThrow();
    for (FeatureDrift f : quiet.features()) {
      assertTrue(f.psi() < 0.1, f.toString());
      assertFalse(f.drifted(), f.toString());
    }
    // amount shifts by half a standard deviation (in log), regions move to APAC
    double[] shifted = {0.2, 0.3, 0.4, 0.05, 0.05};
    for (int i = 0; i < 2_000; i++) {
      fill(row, r, 0.5, shifted);
      m.update(row, 1 / (1 + Math.exp(-row.number(0) + 1)));
    }
    assertTrue(m.raised());
    assertEquals(1, events.size());
    DriftReport drift = assertInstanceOf(MonitorEvent.DriftDetected.class, events.get(0)).report();
    FeatureDrift amount = drift.feature("amount").orElseThrow();
    assertTrue(amount.drifted() && amount.adjustedPValue() < 1e-6, amount.toString());
    assertEquals(FeatureDrift.Test.KOLMOGOROV_SMIRNOV, amount.test());
    FeatureDrift region = drift.feature("region").orElseThrow();
    assertTrue(region.drifted() && region.test() == FeatureDrift.Test.CHI_SQUARE, region.toString());
    assertTrue(drift.feature("score").orElseThrow().drifted());
    assertFalse(drift.feature("inbound").orElseThrow().drifted());
    // back to normal: the alarm clears
    for (int i = 0; i < 2_000; i++) {
      fill(row, r, 0, same);
      m.update(row, 1 / (1 + Math.exp(-row.number(0) + 1)));
    }
    assertFalse(m.raised());
    assertInstanceOf(MonitorEvent.DriftCleared.class, events.get(1));
  }

  @Test
  void monitor_slidingWindowEvaluatesEverySlide() {
    ReferenceProfile p = reference(5_000, 6);
    DriftMonitor m = DriftMonitor.builder(p).window(1_000).slide(250).build();
    SplittableRandom r = new SplittableRandom(7);
    MutableFeatures row = Features.mutable(SCHEMA);
    for (int i = 0; i < 1_750; i++) {
      fill(row, r, 0, new double[] {0.4, 0.3, 0.2, 0.05, 0.05});
      m.update(row, 0.5);
    }
    // full at 1,000 rows, then every 250: 1000, 1250, 1500, 1750
    assertEquals(4, m.windows());
    assertEquals(750, m.windowRows());
    assertEquals(1_000, m.lastReport().orElseThrow().windowRows());
    assertThrows(IllegalArgumentException.class, () -> DriftMonitor.builder(p).window(1_000).slide(300).build());
  }

  @Test
  void monitor_binnedKsEqualsExactKsWhenEveryValueHasItsBin() {
    FeatureSchema schema = FeatureSchema.builder().number("x").build();
    SplittableRandom r = new SplittableRandom(8);
    double[] edges = new double[20];
    for (int i = 0; i < 20; i++) {
      edges[i] = i;
    }
    ReferenceProfile.Builder b = ReferenceProfile.builder(schema).edges("x", edges);
    MutableFeatures row = Features.mutable(schema);
    double[] ref = new double[3_000];
    for (int i = 0; i < ref.length; i++) {
      ref[i] = r.nextInt(20);
      b.add(row.setNumber(0, ref[i]), 0.5);
    }
    DriftMonitor m = DriftMonitor.builder(b.build()).window(10_000).build();
    double[] live = new double[700];
    for (int i = 0; i < live.length; i++) {
      live[i] = Math.min(19, r.nextInt(20) + (r.nextInt(5) == 0 ? 1 : 0));
      m.update(row.setNumber(0, live[i]), 0.5);
    }
    FeatureDrift x = m.evaluateNow().feature("x").orElseThrow();
    KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
    assertEquals(ks.kolmogorovSmirnovStatistic(ref, live), x.statistic(), 1e-12);
    assertEquals(ks.approximateP(x.statistic(), ref.length, live.length), x.pValue(), 1e-9);
  }

  @Test
  void monitor_isThreadSafe() throws InterruptedException {
    ReferenceProfile p = reference(5_000, 9);
    DriftMonitor m = DriftMonitor.builder(p).window(500).build();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      long seed = t;
      threads.add(new Thread(() -> {
        SplittableRandom r = new SplittableRandom(seed);
        MutableFeatures row = Features.mutable(SCHEMA);
        for (int i = 0; i < 10_125; i++) {
          fill(row, r, 0, new double[] {0.4, 0.3, 0.2, 0.05, 0.05});
          m.update(row, 0.3);
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(81, m.windows());
    assertEquals(0, m.windowRows());
  }

  @Test
  void monitor_rejectsRowsOfAnotherSchema() {
    DriftMonitor m = DriftMonitor.builder(reference(100, 10)).build();
    Features other = Features.builder(FeatureSchema.builder().number("x").build()).set("x", 1.0).build();
    assertThrows(dev.scoring.api.RecordException.class, () -> m.update(other, 0.5));
    assertThrows(IllegalStateException.class, m::evaluateNow);
  }

  @Test
  void countsMadeElsewhere_summedInParts_evaluateToTheWindowedReport() {
    ReferenceProfile profile = reference(5_000, 3);
    DriftMonitor windowed = DriftMonitor.builder(profile).window(3_000).build();
    DriftMonitor settings = DriftMonitor.builder(profile).build();
    long[][] parts = {settings.newCounts(), settings.newCounts(), settings.newCounts()};
    SplittableRandom r = new SplittableRandom(9);
    MutableFeatures row = Features.mutable(SCHEMA);
    for (int i = 0; i < 3_000; i++) {
      fill(row, r, 0.3, new double[] {0.2, 0.3, 0.3, 0.1, 0.1});
      double score = i % 97 == 0 ? Double.NaN : 1 / (1 + Math.exp(-row.number(0)));
      windowed.update(row, score);
      settings.count(parts[i % 3], row, score);
    }
    long[] sum = settings.newCounts();
    for (long[] p : parts) {
      for (int k = 0; k < sum.length; k++) {
        sum[k] += p[k];
      }
    }
    DriftReport expected = windowed.lastReport().orElseThrow();
    DriftReport actual = settings.evaluate(sum, 3_000);
    assertEquals(expected.features(), actual.features());
    assertEquals(expected.drifted(), actual.drifted());
    assertEquals(0, settings.windows(), "the monitor's own window is untouched");
    assertThrows(IllegalArgumentException.class, () -> settings.evaluate(new long[3], 10));
    assertThrows(IllegalArgumentException.class, () -> settings.evaluate(sum, 0));
  }
}
