package dev.scoring.store;

import dev.scoring.api.Action;
import dev.scoring.review.Resolution;
import dev.scoring.review.ReviewTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A reviewer process of {@link ConcurrencyTest}: claims and resolves items of queue {@code sdr}
 * until the stop file exists and the queue is empty; prints {@code resolved <id>} per resolution.
 */
public final class ReviewerChild {

  private ReviewerChild() {}

  /** Arguments: the JDBC URL, the reviewer's name, the stop file. */
  public static void main(String[] args) throws Exception {
    Path stop = Path.of(args[2]);
    try (Store store = Store.url(args[0]).connections(2).open()) {
      JdbcReviewQueue q = store.reviewQueue();
      while (true) {
        Optional<ReviewTask> t = q.claim("sdr", args[1], Duration.ofMillis(500));
        if (t.isEmpty()) {
          if (Files.exists(stop) && q.size() == 0) {
            break;
          }
          Thread.sleep(5);
          continue;
        }
        try {
          q.resolve(t.get().id(), new Resolution(args[1], Action.route("ae"), "good-fit", "process reviewer"));
          System.out.println("resolved " + t.get().id());
        } catch (IllegalStateException e) {
          System.out.println("lost " + t.get().id() + ": " + e.getMessage());
        }
      }
    }
    System.out.println("done");
  }
}
