package dev.scoring.lifecycle;

import dev.scoring.api.Explanation;
import dev.scoring.api.FeatureSchema;
import dev.scoring.api.Features;
import dev.scoring.api.Provenance;
import dev.scoring.api.Score;
import dev.scoring.api.ScoreKind;
import dev.scoring.api.Scorer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A scorer for lifecycle tests: version {@code k} scores {@code sigmoid(x * (1 + k / 1000) - 0.5)},
 * names {@code "m@k"} in its provenance, refuses to score once closed, and can hold a call open.
 */
final class VersionedScorer implements Scorer {

  static final FeatureSchema SCHEMA = FeatureSchema.builder().number("x").build();

  final int version;
  private final Provenance provenance;
  private final AtomicBoolean closed = new AtomicBoolean();
  final AtomicInteger closes = new AtomicInteger();
  private final double offset;
  private volatile @Nullable CountDownLatch entered;
  private volatile @Nullable CountDownLatch hold;

  VersionedScorer(int version) {
    this(version, 0);
  }

  /** A version whose scores are shifted by {@code offset} (to fail a smoke check). */
  VersionedScorer(int version, double offset) {
    this.version = version;
    this.offset = offset;
    this.provenance = new Provenance("score", "test", "m@" + version, "sha256:" + Integer.toHexString(version));
  }

  static double expected(int version, double x) {
    return 1 / (1 + Math.exp(-(x * (1 + version / 1000.0) - 0.5)));
  }

  /** The next call signals {@code entered} and waits for {@code hold}. */
  void holdNextCall(CountDownLatch entered, CountDownLatch hold) {
    this.entered = entered;
    this.hold = hold;
  }

  boolean closed() {
    return closed.get();
  }

  @Override
  public Provenance provenance() {
    return provenance;
  }

  @Override
  public FeatureSchema schema() {
    return SCHEMA;
  }

  @Override
  public Optional<ScoreKind> kind() {
    return Optional.of(ScoreKind.PROBABILITY);
  }

  @Override
  public Score score(Features row) {
    CountDownLatch e = entered;
    CountDownLatch h = hold;
    if (e != null && h != null) {
      entered = null;
      hold = null;
      e.countDown();
      try {
        h.await();
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
    }
    if (closed.get()) {
      throw new IllegalStateException("scorer m@" + version + " used after close");
    }
    double base = expected(version, row.number(0));
    return Score.probability(base + offset, Math.log(base / (1 - base)), provenance);
  }

  @Override
  public Explanation explain(Features row) {
    return new Explanation("score", 0, List.of(), List.of());
  }

  @Override
  public void close() {
    closes.incrementAndGet();
    closed.set(true);
  }
}
