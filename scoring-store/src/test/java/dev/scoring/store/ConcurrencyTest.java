package dev.scoring.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import dev.scoring.api.ReviewStatus;
import dev.scoring.decision.DecisionPipeline;
import dev.scoring.review.LabelledExample;
import dev.scoring.review.Resolution;
import dev.scoring.review.ReviewFilter;
import dev.scoring.review.ReviewState;
import dev.scoring.review.ReviewTask;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 8 producer threads decide into one store while 4 reviewer threads (and on PostgreSQL 2 reviewer
 * processes) claim and resolve: every review is resolved exactly once, none is lost, none is held
 * by two live claims, and items whose lease expired (a reviewer stalls on every 7th claim) go back
 * and are claimed again. A late resolution (its lease expired, on a slow machine any reviewer's
 * may) is refused and the item claimed again.
 */
final class ConcurrencyTest {

  static final int PRODUCERS = 8;
  static final int ROWS_PER_PRODUCER = 150;
  static final int REVIEWERS = 4;
  static final Duration LEASE = Duration.ofMillis(1000);

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void everyReviewIsResolvedExactlyOnce(String database) throws Exception {
    String url = Databases.url(database, dir);
    boolean processes = database.equals("postgresql");
    Path stop = dir.resolve("stop-" + database);
    List<Process> children = new ArrayList<>();
    try (Store store = Store.url(url).connections(database.equals("sqlite") ? 1 : 12).open()) {
      if (processes) {
        for (int i = 0; i < 2; i++) {
          children.add(ChildJvm.start(ReviewerChild.class, url, "process-" + i, stop.toString()));
        }
      }
      DecisionPipeline p = Databases.pipeline(store);
      JdbcReviewQueue q = store.reviewQueue();
      Set<String> reviewIds = ConcurrentHashMap.newKeySet();
      Map<String, java.time.Instant> leases = new ConcurrentHashMap<>();
      AtomicInteger doubleClaims = new AtomicInteger();
      AtomicInteger expiredResolves = new AtomicInteger();
      AtomicLong resolvedByThreads = new AtomicLong();
      CountDownLatch producersDone = new CountDownLatch(PRODUCERS);
      ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS + REVIEWERS);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < PRODUCERS; t++) {
        int producer = t;
        futures.add(pool.submit(() -> {
          try {
            for (int i = 0; i < ROWS_PER_PRODUCER; i++) {
              Decision d = p.decide(Databases.lead(producer * 100_000L + i));
              assertTrue(d.review() != ReviewStatus.STORE_FAILED, d.summary());
              if (d.queue().filter("sdr"::equals).isPresent()) {
                reviewIds.add(d.id());
              }
            }
          } finally {
            producersDone.countDown();
          }
          return null;
        }));
      }
      for (int r = 0; r < REVIEWERS; r++) {
        String reviewer = "thread-" + r;
        futures.add(pool.submit(() -> {
          int claims = 0;
          while (true) {
            Optional<ReviewTask> t = q.claim("sdr", reviewer, LEASE);
            if (t.isEmpty()) {
              if (producersDone.getCount() == 0 && q.size() == 0) {
                return null;
              }
              Thread.sleep(2);
              continue;
            }
            String id = t.get().id();
            java.time.Instant until = java.util.Objects.requireNonNull(t.get().leaseUntil());
            java.time.Instant previous = leases.put(id, until);
            if (previous != null && previous.isAfter(until.minus(LEASE))) {
              doubleClaims.incrementAndGet();
            }
            if (++claims % 25 == 0) {
              Thread.sleep(LEASE.toMillis() + 200);
            }
            try {
              q.resolve(id, new Resolution(reviewer, Action.route("ae"), "good-fit", "thread reviewer"));
              resolvedByThreads.incrementAndGet();
            } catch (IllegalStateException e) {
              assertTrue(e.getMessage().contains("expired") || e.getMessage().contains("claimed by")
                  || e.getMessage().contains("resolved already"), e.getMessage());
              expiredResolves.incrementAndGet();
            }
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get(10, TimeUnit.MINUTES);
      }
      pool.shutdown();
      Files.createFile(stop);
      long resolvedByProcesses = 0;
      for (Process child : children) {
        BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
          if (line.startsWith("resolved ")) {
            resolvedByProcesses++;
          }
        }
        assertTrue(child.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, child.exitValue());
      }

      // every review resolved exactly once, none lost
      assertEquals(0, q.size());
      assertEquals(reviewIds.size(), q.count(ReviewFilter.all().withQueue("sdr").withState(ReviewState.RESOLVED)));
      Map<String, Integer> examples = new HashMap<>();
      for (LabelledExample e : store.feedback().examples()) {
        examples.merge(e.decisionId(), 1, Integer::sum);
      }
      assertEquals(reviewIds, examples.keySet().stream().filter(reviewIds::contains).collect(java.util.stream.Collectors.toSet()));
      assertTrue(examples.values().stream().allMatch(n -> n == 1), "an item was resolved twice");
      assertEquals(resolvedByThreads.get() + resolvedByProcesses, store.feedback().count());
      assertEquals(0, doubleClaims.get(), "an item was held by two live claims");
      // leases that expired went back and were claimed again
      assertTrue(expiredResolves.get() > 0);
      long reclaimed = q.list(ReviewFilter.all().withLimit(100_000)).stream().filter(t -> t.claims() > 1).count();
      assertTrue(reclaimed > 0, "no item was claimed twice after its lease expired");
      if (processes) {
        assertTrue(resolvedByProcesses > 0, "the reviewer processes resolved nothing");
      }
      assertTrue(store.verifyAudit().get(0).ok());
      System.out.printf("concurrency %s: %d decisions by %d producers, %d reviews; resolved %d by %d threads, %d by %d processes;"
              + " %d leases expired and were claimed again; 0 lost, 0 resolved twice%n",
          database, PRODUCERS * ROWS_PER_PRODUCER, PRODUCERS, reviewIds.size(), resolvedByThreads.get(), REVIEWERS,
          resolvedByProcesses, children.size(), expiredResolves.get());
    } finally {
      for (Process child : children) {
        child.destroyForcibly();
      }
    }
  }
}
