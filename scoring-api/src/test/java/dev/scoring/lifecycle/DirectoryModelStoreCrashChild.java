package dev.scoring.lifecycle;

import dev.scoring.api.ModelSource;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Random;

/**
 * The child JVM of {@link DirectoryModelStoreCrashTest}: adds versions of model {@code m} to a
 * directory store (random sizes up to 256 KiB), promoting and rolling back now and then, and prints
 * {@code saved VERSION DIGEST} after each save returned, until it is killed.
 */
final class DirectoryModelStoreCrashChild {

  private DirectoryModelStoreCrashChild() {}

  public static void main(String[] args) {
    DirectoryModelStore store = DirectoryModelStore.open(Path.of(args[0]));
    Random random = new Random(Long.parseLong(args[1]));
    PrintStream out = System.out;
    out.println("ready");
    out.flush();
    ModelProvenance p = ModelProvenance.of("crash-child").withNote("seed " + args[1]);
    while (true) {
      byte[] bytes = new byte[1 + random.nextInt(256 * 1024)];
      random.nextBytes(bytes);
      ModelState state = random.nextInt(4) == 0 ? ModelState.CHAMPION : ModelState.CANDIDATE;
      ModelVersion v = store.save("m", "test", bytes, p, state);
      out.println("saved " + v.version() + " " + ModelSource.digest(bytes));
      out.flush();
      if (random.nextInt(5) == 0 && store.champion("m").isPresent()) {
        try {
          store.rollback("m");
        } catch (dev.scoring.api.ModelException none) {
          // no previous champion: nothing to roll back to
        }
      }
    }
  }
}
