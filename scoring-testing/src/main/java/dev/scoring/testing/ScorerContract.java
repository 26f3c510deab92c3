package dev.scoring.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.RecordException;
import dev.scoring.api.Score;
import dev.scoring.api.Scorer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Scorer} keeps, as tests to inherit: extend it, say how to build the
 * scorer and which rows it can score, and every scorer module (and plugin) runs the same checks:
 * determinism, thread safety, agreement of the single, value and batch paths, provenance on every
 * score, explanations that sum to the margin, schema checks, no {@code null} score and no NaN
 * value, a declared {@link Scorer#kind()} that its scores keep, and a close that is idempotent and
 * after which scoring throws {@link IllegalStateException} (for scorers that hold resources).
 *
 * <pre>{@code
 * final class MyScorerContractTest extends ScorerContract {
 *   protected Scorer createScorer() { return Scorers.load(spec); }
 *   protected List<Features> sampleRows() { return rows; }
 * }
 * }</pre>
 *
 * Ships as the {@code dev.scoring:scoring-testing} artifact (test scope in a plugin's build).
 */
public abstract class ScorerContract {

  private Scorer scorer;

  /** A new scorer; the kit closes it after each test. */
  protected abstract Scorer createScorer();

  /** Rows the scorer can score (at least one; a few dozen varied rows, with missing values where allowed, is best). */
  protected abstract List<Features> sampleRows();

  /**
   * How far an explanation's bias plus contributions may be from the score's margin, relative to
   * {@code max(1, |margin|)}; default 1e-6. Sampling explainers may need more.
   */
  protected double explanationTolerance() {
    return 1e-6;
  }

  /**
   * How far a batch score may be from the single-row score; default 0 (identical). Runtimes that
   * vectorise differently by batch size (ONNX Runtime) may need a float-rounding tolerance.
   */
  protected double batchTolerance() {
    return 0.0;
  }

  /**
   * Whether {@link Scorer#close()} releases something, so scoring after it must throw
   * {@link IllegalStateException}; default: whether the scorer's class overrides {@code close()}.
   */
  protected boolean closeReleasesResources() {
    try {
      return scorer.getClass().getMethod("close").getDeclaringClass() != Scorer.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  /** How many threads score at once in the thread-safety test; default 4. */
  protected int threads() {
    return 4;
  }

  @BeforeEach
  final void openScorer() {
    scorer = createScorer();
  }

  @AfterEach
  final void closeScorer() {
    scorer.close();
  }

  /** The scorer under test. */
  protected final Scorer scorer() {
    return scorer;
  }

  @Test
  void sampleRows_areBoundToTheScorersSchema() {
    List<Features> rows = sampleRows();
    assertFalse(rows.isEmpty(), "sampleRows() must give at least one row");
    for (Features row : rows) {
      assertEquals(scorer.schema(), row.schema());
    }
  }

  @Test
  void score_isNeverNullNorNaN() {
    for (Features row : sampleRows()) {
      Score score = scorer.score(row);
      assertNotNull(score, () -> "score(" + row + ") returned null");
      assertTrue(Double.isFinite(score.value()), () -> "score value of " + row + " is " + score.value());
      double value = scorer.scoreValue(row);
      assertFalse(Double.isNaN(value), () -> "scoreValue(" + row + ") is NaN");
    }
    List<Score> batch = scorer.scoreBatch(sampleRows());
    assertNotNull(batch, "scoreBatch returned null");
    for (int i = 0; i < batch.size(); i++) {
      assertNotNull(batch.get(i), "scoreBatch gave null for row " + i);
    }
  }

  @Test
  void score_keepsTheDeclaredKind() {
    scorer.kind().ifPresent(kind -> {
      for (Features row : sampleRows()) {
        assertEquals(kind, scorer.score(row).kind(), () -> "the scorer declares " + kind + " but scored " + row);
      }
    });
  }

  @Test
  void score_isDeterministic() {
    for (Features row : sampleRows()) {
      assertEquals(scorer.score(row), scorer.score(row), () -> "two scores of " + row);
    }
  }

  @Test
  void score_carriesProvenance() {
    for (Features row : sampleRows()) {
      assertSame(scorer.provenance(), scorer.score(row).provenance());
    }
  }

  @Test
  void scoreValue_equalsScore() {
    for (Features row : sampleRows()) {
      assertEquals(scorer.score(row).value(), scorer.scoreValue(row), 0.0, () -> "value path of " + row);
    }
  }

  @Test
  void scoreBatch_equalsScore() {
    List<Features> rows = sampleRows();
    List<Score> batch = scorer.scoreBatch(rows);
    double[] values = new double[rows.size() + 1];
    values[rows.size()] = -12345;
    scorer.scoreBatch(rows, values);
    for (int i = 0; i < rows.size(); i++) {
      Score one = scorer.score(rows.get(i));
      if (batchTolerance() == 0.0) {
        assertEquals(one, batch.get(i), "batch score of row " + i);
      } else {
        assertEquals(one.value(), batch.get(i).value(), batchTolerance(), "batch score of row " + i);
        assertEquals(one.label(), batch.get(i).label(), "batch label of row " + i);
      }
      assertEquals(one.value(), values[i], batchTolerance(), "batch value of row " + i);
    }
    assertEquals(-12345, values[rows.size()], 0.0, "batch wrote past its rows");
    assertThrows(IllegalArgumentException.class, () -> scorer.scoreBatch(rows, new double[rows.size() - 1]));
  }

  @Test
  void explain_sumsToTheMargin() {
    for (Features row : sampleRows()) {
      Score score = scorer.score(row);
      Explanation e = scorer.explain(row);
      double tolerance = explanationTolerance() * Math.max(1.0, Math.abs(score.margin()));
      assertEquals(score.margin(), e.margin(), tolerance, () -> "bias + contributions vs margin for " + row);
      assertEquals(scorer.provenance().scorerId(), e.scorerId());
    }
  }

  @Test
  void score_isThreadSafe() throws Exception {
    List<Features> rows = sampleRows();
    List<Score> expected = new ArrayList<>();
    for (Features row : rows) {
      expected.add(scorer.score(row));
    }
    int threads = threads();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int offset = t;
        tasks.add(() -> {
          int mismatches = 0;
          for (int round = 0; round < 50; round++) {
            for (int i = 0; i < rows.size(); i++) {
              int k = (i + offset * 7 + round) % rows.size();
              if (!expected.get(k).equals(scorer.score(rows.get(k)))) {
                mismatches++;
              }
            }
          }
          return mismatches;
        });
      }
      for (Future<Integer> f : pool.invokeAll(tasks)) {
        assertEquals(0, f.get(), "scores that differed under concurrency");
      }
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void score_rejectsARowOfAnotherSchema() {
    FeatureSchema other = FeatureSchema.builder().number("zz_not_in_any_model_1").text("zz_not_in_any_model_2").build();
    RecordException e = assertThrows(RecordException.class, () -> scorer.score(Features.builder(other).build()));
    assertEquals(RecordException.Problem.SCHEMA_MISMATCH, e.problem());
  }

  @Test
  void close_isIdempotent() {
    Scorer another = createScorer();
    Features row = sampleRows().get(0);
    Score before = another.score(row);
    another.close();
    assertDoesNotThrow(another::close, "a second close() threw");
    if (!closeReleasesResources()) {
      assertEquals(before, another.score(row), "a scorer whose close() releases nothing scores as before");
    }
  }

  @Test
  void score_afterCloseThrowsIllegalStateException() {
    if (!closeReleasesResources()) {
      return;
    }
    Scorer another = createScorer();
    Features row = sampleRows().get(0);
    another.close();
    assertThrows(IllegalStateException.class, () -> another.score(row), "score after close()");
    assertThrows(IllegalStateException.class, () -> another.scoreValue(row), "scoreValue after close()");
    another.close();
    assertThrows(IllegalStateException.class, () -> another.score(row), "score after a second close()");
  }
}
