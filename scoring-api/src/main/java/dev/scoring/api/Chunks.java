package dev.scoring.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Splits a batch of {@code n} items into contiguous chunks, runs all but the first on an executor
 * and the first in the calling thread, and waits for every chunk.
 */
final class Chunks {

  /** Work on items {@code from} (inclusive) to {@code to} (exclusive). */
  @FunctionalInterface
  interface Range {
    void run(int from, int to);
  }

  private Chunks() {}

  /**
   * Runs {@code work} over {@code [0, n)} in at most one chunk per available processor, each of at
   * least {@code minChunk} items (one chunk, in the calling thread, when {@code n < 2 * minChunk}).
   * Every chunk runs to its end or its first failure; then the failure of the lowest chunk that
   * failed is rethrown as it was thrown.
   */
  static void run(int n, int minChunk, Executor executor, Range work) {
    int chunks = Math.min(Runtime.getRuntime().availableProcessors(), n / minChunk);
    if (chunks <= 1) {
      work.run(0, n);
      return;
    }
    @SuppressWarnings("unchecked")
    CompletableFuture<Void>[] rest = new CompletableFuture[chunks - 1];
    for (int c = 1; c < chunks; c++) {
      int from = (int) ((long) n * c / chunks);
      int to = (int) ((long) n * (c + 1) / chunks);
      rest[c - 1] = CompletableFuture.runAsync(() -> work.run(from, to), executor);
    }
    RuntimeException first = null;
    try {
      work.run(0, (int) ((long) n / chunks));
    } catch (RuntimeException e) {
      first = e;
    }
    for (CompletableFuture<Void> f : rest) {
      try {
        f.join();
      } catch (CompletionException e) {
        if (first == null) {
          first = e.getCause() instanceof RuntimeException r ? r : e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
