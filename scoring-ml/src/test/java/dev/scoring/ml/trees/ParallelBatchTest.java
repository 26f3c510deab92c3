package dev.scoring.ml.trees;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.RecordException;
import dev.scoring.api.Scorer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code scoreBatch} and {@code explainBatch} over an executor give the one-thread values, use the
 * executor for large batches only, and report a bad record.
 */
final class ParallelBatchTest {

  private static ExecutorService pool;
  private static Scorer scorer;
  private static FeatureSchema schema;
  private static List<Features> rows;

  @BeforeAll
  static void setUp() {
    pool = Executors.newFixedThreadPool(3);
    RandomData d = new RandomData(5, 3000, 5, 0.2, 0, 6, 1, "binary");
    schema = d.schema(false);
    scorer = new XGBoostProvider().create(TreeModels.spec("xgboost", "m.json",
        TreeModels.xgboost(d, "binary:logistic", 1, 15, 8), schema));
    rows = d.features(schema);
  }

  @AfterAll
  static void tearDown() {
    pool.shutdownNow();
  }

  @Test
  void scoreBatch_overAnExecutor_equalsOneThread() {
    for (int n : new int[] {0, 1, 511, 512, 513, 2999, 3000}) {
      List<Features> some = rows.subList(0, n);
      double[] expected = new double[n];
      scorer.scoreBatch(some, expected);
      double[] common = new double[n + 2];
      common[n] = 7.0;
      scorer.scoreBatch(some, common, ForkJoinPool.commonPool());
      double[] own = new double[n];
      scorer.scoreBatch(some, own, pool);
      double[] inline = new double[n];
      scorer.scoreBatch(some, inline, Runnable::run);
      for (int i = 0; i < n; i++) {
        assertEquals(expected[i], common[i], 0.0, "row " + i + " of " + n);
      }
      assertEquals(7.0, common[n], 0.0, "slots past the rows stay");
      assertArrayEquals(expected, own);
      assertArrayEquals(expected, inline);
    }
  }

  @Test
  void scoreBatch_splitsLargeBatchesOnly() {
    AtomicInteger tasks = new AtomicInteger();
    scorer.scoreBatch(rows.subList(0, 2 * Scorer.PARALLEL_CHUNK - 1), new double[3000], r -> {
      tasks.incrementAndGet();
      r.run();
    });
    assertEquals(0, tasks.get(), "a small batch stays in the calling thread");
    scorer.scoreBatch(rows, new double[3000], r -> {
      tasks.incrementAndGet();
      pool.execute(r);
    });
    int expected = Math.min(Runtime.getRuntime().availableProcessors(), 3000 / Scorer.PARALLEL_CHUNK) - 1;
    assertEquals(expected, tasks.get(), "one task per processor but the caller's");
  }

  @Test
  void explainBatch_equalsExplainingEachRow() {
    List<Features> some = rows.subList(0, 300);
    List<Explanation> all = scorer.explainBatch(some, pool);
    assertEquals(some.size(), all.size());
    for (int i = 0; i < some.size(); i++) {
      assertEquals(scorer.explain(some.get(i)), all.get(i), "row " + i);
    }
    assertThrows(UnsupportedOperationException.class, () -> all.set(0, all.get(1)), "an unmodifiable list");
  }

  @Test
  void aBadRecord_isReportedFromTheFirstFailingChunk() {
    FeatureSchema other = FeatureSchema.builder().number("x").build();
    List<Features> bad = new ArrayList<>(rows);
    Features wrong = Features.builder(other).set("x", 1.0).build();
    bad.set(2500, wrong);
    RecordException e = assertThrows(RecordException.class, () -> scorer.scoreBatch(bad, new double[3000], pool));
    assertSame(RecordException.Problem.SCHEMA_MISMATCH, e.problem());
    bad.set(10, wrong);
    bad.set(2500, rows.get(2500));
    assertThrows(RecordException.class, () -> scorer.explainBatch(bad.subList(0, 400), pool));
    assertThrows(IllegalArgumentException.class, () -> scorer.scoreBatch(rows, new double[10], pool));
  }
}
