package dev.scoring.store;

import dev.scoring.api.Decision;
import dev.scoring.api.ReviewStatus;
import dev.scoring.decision.DecisionPipeline;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The child JVM of {@link CrashTest}: opens the store, prints {@code ready}, then decides leads
 * forever until it is killed, printing {@code <id> <review|auto>} for each decision the host has
 * been told is durable: in synchronous mode when {@code decide} returns; in group mode after a
 * group of 1 to 17 decisions, once {@link Store#flush()} returned.
 */
public final class CrashChild {

  private CrashChild() {}

  /**
   * Arguments: the JDBC URL, the first lead number, and {@code sync} (default), {@code group}, or
   * {@code once} (decides 20 leads synchronously and exits).
   */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    String mode = args.length > 2 ? args[2] : "sync";
    boolean group = mode.equals("group");
    Store store = Store.url(args[0]).durability(group ? Store.Durability.GROUP : Store.Durability.SYNCHRONOUS).open();
    DecisionPipeline p = Databases.pipeline(store);
    out.println("ready");
    out.flush();
    long first = Long.parseLong(args[1]);
    boolean once = mode.equals("once");
    List<String> told = new ArrayList<>();
    for (long i = first; !once || i < first + 20; i++) {
      Decision d = p.decide(Databases.lead(i));
      if (d.review() == ReviewStatus.STORE_FAILED) {
        out.println("failed " + d.id() + " " + d.reasons());
        out.flush();
        continue;
      }
      told.add(d.id() + (d.requiresReview() ? " review" : " auto"));
      if (!group || i % 17 == 0) {
        if (group) {
          store.flush();
        }
        for (String line : told) {
          out.println(line);
        }
        out.flush();
        told.clear();
      }
    }
    store.close();
  }
}
