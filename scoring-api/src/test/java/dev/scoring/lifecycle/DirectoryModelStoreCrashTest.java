package dev.scoring.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.ModelSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The directory store's atomic writes survive the process being killed: a child JVM keeps adding
 * versions (and promoting, rolling back) and is killed with {@link ProcessHandle#destroyForcibly()}
 * (SIGKILL) at random moments, then restarted on the same directory. After every kill the store
 * reads back consistent: versions numbered 1..n, every listed version's file matches its digest, at
 * most one champion, and every version the child was told was saved is there with its digest.
 */
final class DirectoryModelStoreCrashTest {

  static final int KILLS = 12;

  @TempDir Path dir;

  @Test
  void killedWriters_leaveAConsistentStore() throws Exception {
    Random random = new Random(23);
    Map<Integer, String> confirmed = new HashMap<>();
    int killedMidWrite = 0;
    int unconfirmed = 0;
    for (int kill = 0; kill < KILLS; kill++) {
      Process child = start(kill);
      BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("ready", in.readLine(), "the child did not start");
      int lines = random.nextInt(12);
      for (int i = 0; i < lines; i++) {
        take(in.readLine(), confirmed);
      }
      Thread.sleep(random.nextInt(20));
      // SIGKILL through the process handle (Process.destroyForcibly would also close our end of the pipe,
      // losing the lines the child printed just before it died)
      assertTrue(child.toHandle().destroyForcibly());
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
      assertEquals(137, child.exitValue(), "killed by SIGKILL");
      for (String line; (line = in.readLine()) != null; ) {
        take(line, confirmed);
      }

      DirectoryModelStore store = DirectoryModelStore.open(dir);
      List<ModelVersion> versions = store.versions("m");
      for (int i = 0; i < versions.size(); i++) {
        ModelVersion v = versions.get(i);
        assertEquals(i + 1, v.version(), "versions are numbered 1..n");
        assertEquals(v.digest(), ModelSource.digest(store.read("m", v.version())), "v" + v.version() + " matches its digest");
      }
      assertTrue(versions.stream().filter(v -> v.state() == ModelState.CHAMPION).count() <= 1, "at most one champion");
      for (Map.Entry<Integer, String> c : confirmed.entrySet()) {
        assertTrue(c.getKey() <= versions.size(), "confirmed version " + c.getKey() + " survives; store has " + versions.size());
        assertEquals(c.getValue(), versions.get(c.getKey() - 1).digest(), "confirmed version " + c.getKey() + "'s digest");
      }
      // a save that completed but was killed before the child printed it: stored, consistent, just not confirmed
      killedMidWrite += versions.size() - confirmed.size() > unconfirmed ? 1 : 0;
      unconfirmed = versions.size() - confirmed.size();
    }
    List<ModelVersion> all = DirectoryModelStore.open(dir).versions("m");
    assertTrue(all.size() >= confirmed.size() && confirmed.size() > KILLS, all.size() + " versions, " + confirmed.size() + " confirmed");
    System.out.printf("directory store crash test: %d kills, %d versions stored, %d confirmed, %d kills after a save"
        + " had completed but was not yet confirmed%n", KILLS, all.size(), confirmed.size(), killedMidWrite);
  }

  private static void take(String line, Map<Integer, String> confirmed) {
    if (line == null) {
      return;
    }
    String[] parts = line.split(" ");
    assertEquals("saved", parts[0], line);
    confirmed.put(Integer.parseInt(parts[1]), parts[2]);
  }

  private Process start(int seed) throws java.io.IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m", "-Xshare:auto",
        "-cp", System.getProperty("java.class.path"), DirectoryModelStoreCrashChild.class.getName(),
        dir.toString(), Integer.toString(seed)));
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }
}
