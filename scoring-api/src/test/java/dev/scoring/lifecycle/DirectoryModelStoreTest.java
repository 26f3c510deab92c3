package dev.scoring.lifecycle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.ModelException;
import dev.scoring.api.ModelSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class DirectoryModelStoreTest {

  @TempDir Path dir;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void save_roundTripsBytesAndProvenance_acrossReopen() {
    ModelProvenance p = new ModelProvenance("ana\tteam", Instant.parse("2026-12-04T10:15:30.123Z"),
        "leads 2026-01..06 (n=12 000) & more", Map.of("auc", 0.8125, "log loss=", 0.41), "first\nline & ünïcode %");
    ModelVersion v = DirectoryModelStore.open(dir).save("lead-score", "xgboost", bytes("model one"), p,
        ModelState.CANDIDATE);
    assertEquals(1, v.version());
    assertEquals(ModelSource.digest(bytes("model one")), v.digest());
    assertEquals("lead-score@1", v.label());

    DirectoryModelStore reopened = DirectoryModelStore.open(dir);
    assertEquals(List.of(v), reopened.versions("lead-score"));
    assertEquals(p, reopened.version("lead-score", 1).orElseThrow().provenance());
    assertArrayEquals(bytes("model one"), reopened.read("lead-score", 1));
    assertEquals(List.of("lead-score"), reopened.modelIds());
    assertTrue(reopened.champion("lead-score").isEmpty());
    assertTrue(reopened.versions("unknown").isEmpty());
  }

  @Test
  void promote_retiresThePreviousChampion_andRollbackRestoresIt() {
    DirectoryModelStore store = DirectoryModelStore.open(dir);
    ModelProvenance p = ModelProvenance.of("test");
    store.save("m", "logistic", bytes("1"), p, ModelState.CHAMPION);
    store.save("m", "logistic", bytes("2"), p, ModelState.SHADOW);
    store.save("m", "logistic", bytes("3"), p, ModelState.CANDIDATE);
    assertEquals(1, store.champion("m").orElseThrow().version());

    store.promote("m", 2);
    assertEquals(List.of(ModelState.RETIRED, ModelState.CHAMPION, ModelState.CANDIDATE), states(store));
    store.promote("m", 3);
    assertEquals(List.of(ModelState.RETIRED, ModelState.RETIRED, ModelState.CHAMPION), states(store));

    assertEquals(2, store.rollback("m").version());
    assertEquals(List.of(ModelState.RETIRED, ModelState.CHAMPION, ModelState.RETIRED), states(store));
    assertEquals(1, DirectoryModelStore.open(dir).rollback("m").version());
    assertEquals(List.of(ModelState.CHAMPION, ModelState.RETIRED, ModelState.RETIRED), states(store));
    ModelException none = assertThrows(ModelException.class, () -> store.rollback("m"));
    assertTrue(none.getMessage().contains("no previous champion"), none.getMessage());
    assertEquals(List.of(ModelState.CHAMPION, ModelState.RETIRED, ModelState.RETIRED), states(store));
  }

  @Test
  void errors_nameTheModelAndVersion() {
    DirectoryModelStore store = DirectoryModelStore.open(dir);
    store.save("m", "rules", bytes("x"), ModelProvenance.of("t"), ModelState.CANDIDATE);
    ModelException missing = assertThrows(ModelException.class, () -> store.promote("m", 7));
    assertTrue(missing.getMessage().contains("no version 7"), missing.getMessage());
    assertThrows(ModelException.class, () -> store.read("m", 2));
    assertThrows(ModelException.class, () -> store.rollback("m"));
    assertThrows(IllegalArgumentException.class, () -> store.save("../etc", "rules", bytes("x"),
        ModelProvenance.of("t"), ModelState.CANDIDATE));
  }

  @Test
  void read_refusesBytesThatDoNotMatchTheirDigest() throws Exception {
    DirectoryModelStore store = DirectoryModelStore.open(dir);
    store.save("m", "rules", bytes("original"), ModelProvenance.of("t"), ModelState.CANDIDATE);
    Files.write(dir.resolve("m").resolve("v1.bin"), bytes("tampered"));
    ModelException e = assertThrows(ModelException.class, () -> store.read("m", 1));
    assertTrue(e.getMessage().contains("does not match its digest"), e.getMessage());
  }

  @Test
  void manifest_malformed_isATypedErrorWithTheLine() throws Exception {
    DirectoryModelStore store = DirectoryModelStore.open(dir);
    store.save("m", "rules", bytes("x"), ModelProvenance.of("t"), ModelState.CANDIDATE);
    Path manifest = dir.resolve("m").resolve("manifest");
    Files.writeString(manifest, Files.readString(manifest).replace("CANDIDATE", "BOGUS"));
    ModelException e = assertThrows(ModelException.class, () -> store.versions("m"));
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
  }

  @Test
  void concurrentWriters_getDistinctVersions_andOneChampion() throws Exception {
    int threads = 4;
    int each = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<ModelVersion>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        futures.add(pool.submit(() -> {
          DirectoryModelStore store = DirectoryModelStore.open(dir); // separate instances share the lock
          List<ModelVersion> mine = new ArrayList<>();
          for (int i = 0; i < each; i++) {
            ModelVersion v = store.save("m", "rules", bytes(id + ":" + i), ModelProvenance.of("t" + id),
                i % 5 == 0 ? ModelState.CHAMPION : ModelState.CANDIDATE);
            mine.add(v);
            if (i % 7 == 0) {
              store.promote("m", v.version());
            }
          }
          return mine;
        }));
      }
      Set<Integer> numbers = new HashSet<>();
      DirectoryModelStore store = DirectoryModelStore.open(dir);
      for (int t = 0; t < threads; t++) {
        List<ModelVersion> mine = futures.get(t).get();
        for (int i = 0; i < each; i++) {
          ModelVersion v = mine.get(i);
          assertTrue(numbers.add(v.version()), "version " + v.version() + " given twice");
          assertArrayEquals(bytes(t + ":" + i), store.read("m", v.version()));
        }
      }
      assertEquals(threads * each, numbers.size());
      assertEquals(1, store.versions("m").stream().filter(v -> v.state() == ModelState.CHAMPION).count());
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<ModelState> states(ModelStore store) {
    return store.versions("m").stream().map(ModelVersion::state).toList();
  }
}
