package dev.scoring.store;

import dev.scoring.api.Decision;
import dev.scoring.decision.DecisionPipeline;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.io.FileOutputStream;
import java.io.FileDescriptor;

/**
 * The child JVM of {@link CrashTest}: opens the store (synchronous durability), prints
 * {@code ready}, then decides leads forever, printing {@code <id> <review|auto>} after each
 * decision returns, until it is killed.
 */
public final class CrashChild {

  private CrashChild() {}

  /** Arguments: the JDBC URL and the first lead number; a third argument {@code once} decides 20 leads and exits. */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    Store store = Store.url(args[0]).open();
    DecisionPipeline p = Databases.pipeline(store);
    out.println("ready");
    out.flush();
    long first = Long.parseLong(args[1]);
    boolean once = args.length > 2 && args[2].equals("once");
    for (long i = first; !once || i < first + 20; i++) {
      Decision d = p.decide(Databases.lead(i));
      if (d.review() == dev.scoring.api.ReviewStatus.STORE_FAILED) {
        out.println("failed " + d.id() + " " + d.reasons());
      } else {
        out.println(d.id() + (d.requiresReview() ? " review" : " auto"));
      }
      out.flush();
    }
    store.close();
  }
}
