package dev.scoring.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What each executor JVM builds once per broadcast (scorers, a pipeline, a drift counter): keyed by
 * the broadcast's id, so every task of every job that uses the broadcast shares one instance, and
 * the model bytes are parsed once per JVM, not per partition or row. The last {@value #SIZE}
 * entries are kept.
 */
final class ExecutorCache {

  private static final int SIZE = 16;
  private static final Map<Long, Object> BUILT = new LinkedHashMap<>(SIZE * 2, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Object> eldest) {
      return size() > SIZE;
    }
  };
  private static final AtomicLong BUILDS = new AtomicLong();

  private ExecutorCache() {}

  /** The instance built for broadcast {@code id}, building it (once, under a lock) if absent. */
  @SuppressWarnings("unchecked")
  static synchronized <T> T get(long id, Supplier<T> build) {
    Object built = BUILT.get(id);
    if (built == null) {
      built = build.get();
      BUILDS.incrementAndGet();
      BUILT.put(id, built);
    }
    return (T) built;
  }

  /** How many instances this JVM has built (for tests). */
  static long builds() {
    return BUILDS.get();
  }
}
