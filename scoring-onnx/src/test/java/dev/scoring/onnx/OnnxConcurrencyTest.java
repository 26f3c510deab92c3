package dev.scoring.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.scoring.api.Features;
import dev.scoring.api.Scorer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Many threads on one scorer, mixing single rows and batches of varied sizes, give what one thread gives. */
final class OnnxConcurrencyTest {

  @Test
  void manyThreads_equalOneThread() throws Exception {
    List<Features> rows = OnnxGeneratedModelsTest.mlpRows(200, 11);
    try (Scorer s = Fixtures.bytes(OnnxGeneratedModelsTest.MLP.bytes(), OnnxGeneratedModelsTest.MLP_SCHEMA,
        OnnxGeneratedModelsTest.mlpOptions())) {
      double[] single = new double[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        single[i] = s.scoreValue(rows.get(i));
      }
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          int id = t;
          tasks.add(() -> {
            int checked = 0;
            for (int round = 0; round < 20; round++) {
              int size = 1 + (id * 13 + round * 7) % 60;
              int from = (id * 31 + round * 17) % (rows.size() - size);
              double[] out = new double[size];
              s.scoreBatch(rows.subList(from, from + size), out);
              for (int i = 0; i < size; i++) {
                assertEquals(single[from + i], out[i], 1e-6, "batch row " + (from + i));
              }
              for (int i = from; i < from + size; i++) {
                assertEquals(single[i], s.scoreValue(rows.get(i)), 0.0, "row " + i);
                checked++;
              }
            }
            return checked;
          });
        }
        int total = 0;
        for (Future<Integer> f : pool.invokeAll(tasks)) {
          total += f.get();
        }
        assertEquals(true, total > 1000);
      } finally {
        pool.shutdownNow();
      }
      double[] again = new double[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        again[i] = s.scoreValue(rows.get(i));
      }
      assertArrayEquals(single, again, 0.0);
    }
  }
}
