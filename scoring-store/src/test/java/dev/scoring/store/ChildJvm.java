package dev.scoring.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a class of this test class path in a child JVM; with a class-data archive (AppCDS,
 * made by one {@link #archive} run) children start in a fraction of the time.
 */
final class ChildJvm {

  private ChildJvm() {}

  /** Runs {@code main} once to completion, dumping the classes it loaded into {@code jsa}. */
  static void archive(Path jsa, Class<?> main, String... args) throws IOException, InterruptedException {
    Process p = command(List.of("-XX:ArchiveClassesAtExit=" + jsa), main, args)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    p.waitFor();
  }

  static Process start(Class<?> main, String... args) throws IOException {
    return command(List.of(), main, args).start();
  }

  static Process start(Path jsa, Class<?> main, String... args) throws IOException {
    List<String> share = java.nio.file.Files.exists(jsa) ? List.of("-XX:SharedArchiveFile=" + jsa, "-Xshare:auto") : List.of();
    return command(share, main, args).start();
  }

  private static ProcessBuilder command(List<String> options, Class<?> main, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
    cmd.addAll(options);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
  }
}
