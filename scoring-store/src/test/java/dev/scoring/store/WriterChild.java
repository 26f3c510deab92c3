package dev.scoring.store;

import dev.scoring.api.Decision;
import dev.scoring.api.ReviewStatus;
import dev.scoring.decision.DecisionPipeline;

/**
 * A child JVM of {@link MultiWriterTest}: opens the store on audit chain {@code main} (as every
 * process does by default), decides leads {@code first} to {@code first + count - 1}, closes the
 * store and prints {@code done}; a store failure makes it exit with status 1.
 */
public final class WriterChild {

  private WriterChild() {}

  /** Arguments: the JDBC URL, the first lead number, how many, {@code sync} or {@code group}. */
  public static void main(String[] args) {
    Store.Durability durability = args[3].equals("group") ? Store.Durability.GROUP : Store.Durability.SYNCHRONOUS;
    long first = Long.parseLong(args[1]);
    int count = Integer.parseInt(args[2]);
    try (Store store = Store.url(args[0]).durability(durability).open()) {
      DecisionPipeline p = Databases.pipeline(store);
      for (long i = first; i < first + count; i++) {
        Decision d = p.decide(Databases.lead(i));
        if (d.review() == ReviewStatus.STORE_FAILED) {
          System.err.println("store failed: " + d.reasons());
          System.exit(1);
        }
      }
    }
    System.out.println("done");
  }
}
