package dev.scoring.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.lifecycle.DirectoryModelStore;
import dev.scoring.lifecycle.ModelState;
import dev.scoring.store.Store;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

final class ModelsCommandTest {

  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ScoringCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"--dir", "--store"})
  void addListPromoteRollback(String kind) throws Exception {
    String where = kind.equals("--dir") ? dir.resolve("models").toString() : dir.resolve("store.db").toString();
    Path file = dir.resolve("routing.rules");
    Files.writeString(file, "ruleset routing version \"1\"\n");
    for (int i = 1; i <= 2; i++) {
      Run add = run("models", "add", kind, where, "--model", "routing", "--type", "rules", "--file", file.toString(),
          "--author", "ann", "--metric", "auc=0.8" + i, "--note", "v" + i, "--state", i == 1 ? "champion" : "candidate");
      assertEquals(0, add.code(), add.err());
      assertTrue(add.out().contains("stored routing"), add.out());
    }
    Run promote = run("models", "promote", kind, where, "--model", "routing", "--version", "2");
    assertEquals(0, promote.code(), promote.err());
    Run list = run("models", "list", kind, where);
    assertEquals(0, list.code(), list.err());
    assertTrue(list.out().contains("2 versions"), list.out());
    assertTrue(list.out().matches("(?s).*routing\\s+1\\s+retired\\s+rules.*auc=0.81.*\"v1\".*"), list.out());
    assertTrue(list.out().matches("(?s).*routing\\s+2\\s+champion\\s+rules.*"), list.out());
    Run back = run("models", "rollback", kind, where, "--model", "routing");
    assertEquals(0, back.code(), back.err());
    assertTrue(back.out().startsWith("champion again: routing"), back.out());
    Run again = run("models", "rollback", kind, where, "--model", "routing");
    assertEquals(1, again.code());
    assertTrue(again.err().contains("no previous champion"), again.err());
    Run missing = run("models", "promote", kind, where, "--model", "routing", "--version", "9");
    assertEquals(1, missing.code());
    assertTrue(missing.err().contains("no version 9"), missing.err());
    if (kind.equals("--dir")) {
      assertEquals(ModelState.CHAMPION, DirectoryModelStore.open(Path.of(where)).version("routing", 1).orElseThrow().state());
    } else {
      try (Store s = Store.sqlite(Path.of(where)).open()) {
        assertEquals(1, s.models().champion("routing").orElseThrow().version());
      }
    }
  }
}
