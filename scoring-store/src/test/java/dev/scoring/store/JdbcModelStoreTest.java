package dev.scoring.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.ModelException;
import dev.scoring.api.ModelSource;
import dev.scoring.lifecycle.ModelProvenance;
import dev.scoring.lifecycle.ModelState;
import dev.scoring.lifecycle.ModelVersion;
import java.nio.charset.StandardCharsets;
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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The database model store on SQLite and PostgreSQL: versions, states, rollback, digests, concurrent writers. */
final class JdbcModelStoreTest {

  @TempDir Path dir;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<ModelState> states(JdbcModelStore store, String id) {
    return store.versions(id).stream().map(ModelVersion::state).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void versions_roundTrip_promoteRetires_rollbackRestores(String database) {
    String url = Databases.url(database, dir);
    ModelProvenance p = new ModelProvenance("ana", Instant.parse("2026-12-04T10:15:30.123456789Z"),
        "leads 2026-01..06", Map.of("auc", 0.8125, "ece", 0.031), "first model; \"quoted\" ünïcode");
    try (Store opened = Store.url(url).open()) {
      JdbcModelStore store = opened.models();
      ModelVersion v1 = store.save("lead-score", "xgboost", bytes("one"), p, ModelState.CHAMPION);
      assertEquals(new ModelVersion("lead-score", 1, "xgboost", ModelSource.digest(bytes("one")), ModelState.CHAMPION, p), v1);
      store.save("lead-score", "xgboost", bytes("two"), ModelProvenance.of("bob"), ModelState.SHADOW);
      store.save("lead-score", "logistic", bytes("three"), ModelProvenance.of("bob"), ModelState.CANDIDATE);
      store.save("other", "rules", bytes("r"), ModelProvenance.of("bob"), ModelState.CANDIDATE);
      store.promote("lead-score", 2);
      store.promote("lead-score", 3);
      assertEquals(List.of(ModelState.RETIRED, ModelState.RETIRED, ModelState.CHAMPION), states(store, "lead-score"));
    }
    try (Store opened = Store.url(url).open()) {
      JdbcModelStore store = opened.models();
      assertEquals(List.of("lead-score", "other"), store.modelIds());
      assertEquals(p, store.version("lead-score", 1).orElseThrow().provenance());
      assertArrayEquals(bytes("two"), store.read("lead-score", 2));
      assertEquals(3, store.champion("lead-score").orElseThrow().version());
      assertEquals(2, store.rollback("lead-score").version());
      assertEquals(1, store.rollback("lead-score").version());
      assertEquals(List.of(ModelState.CHAMPION, ModelState.RETIRED, ModelState.RETIRED), states(store, "lead-score"));
      ModelException none = assertThrows(ModelException.class, () -> store.rollback("lead-score"));
      assertTrue(none.getMessage().contains("no previous champion"), none.getMessage());
      assertThrows(ModelException.class, () -> store.rollback("other"));
      assertThrows(ModelException.class, () -> store.promote("other", 2));
      assertThrows(ModelException.class, () -> store.read("other", 9));
      assertTrue(store.champion("other").isEmpty());
      assertTrue(store.versions("missing").isEmpty());
      // promoting again after a rollback records the new champion
      store.promote("lead-score", 3);
      assertEquals(1, store.rollback("lead-score").version());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void read_refusesContentThatDoesNotMatchItsDigest(String database) throws Exception {
    try (Store opened = Store.url(Databases.url(database, dir)).open()) {
      opened.models().save("m", "rules", bytes("original"), ModelProvenance.of("t"), ModelState.CANDIDATE);
      opened.execute("update model_version set digest = 'sha256:00' where model_id = 'm'");
      ModelException e = assertThrows(ModelException.class, () -> opened.models().read("m", 1));
      assertTrue(e.getMessage().contains("does not match its digest"), e.getMessage());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void concurrentWriters_getDistinctVersions_andOneChampion(String database) throws Exception {
    int threads = 4;
    int each = 10;
    try (Store opened = Store.url(Databases.url(database, dir)).open()) {
      JdbcModelStore store = opened.models();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<List<ModelVersion>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int id = t;
          futures.add(pool.submit(() -> {
            List<ModelVersion> mine = new ArrayList<>();
            for (int i = 0; i < each; i++) {
              ModelVersion v = store.save("m", "rules", bytes(id + ":" + i), ModelProvenance.of("t" + id),
                  i % 3 == 0 ? ModelState.CHAMPION : ModelState.CANDIDATE);
              mine.add(v);
              if (i % 4 == 1) {
                store.promote("m", v.version());
              }
            }
            return mine;
          }));
        }
        Set<Integer> numbers = new HashSet<>();
        for (int t = 0; t < threads; t++) {
          List<ModelVersion> mine = futures.get(t).get();
          for (int i = 0; i < each; i++) {
            assertTrue(numbers.add(mine.get(i).version()), "version given twice: " + mine.get(i).version());
            assertArrayEquals(bytes(t + ":" + i), store.read("m", mine.get(i).version()));
          }
        }
        assertEquals(threads * each, numbers.size());
        assertEquals(1, store.versions("m").stream().filter(v -> v.state() == ModelState.CHAMPION).count());
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
