package dev.scoring.examples.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class QuickstartTest {

  @TempDir Path dir;

  private String run(Path db, List<Decision> into) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    into.addAll(Quickstart.run(new PrintStream(out, true, StandardCharsets.UTF_8), db));
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void quickstart_decidesEveryLeadWithThePluginFoundByServiceLoader() {
    List<Decision> decisions = new java.util.ArrayList<>();
    String printed = run(dir.resolve("scoring.db"), decisions);
    assertEquals(7, decisions.size());
    assertEquals(Action.auto("fast-track"), decisions.get(0).action());
    assertEquals(Action.route("strategic-ae"), decisions.get(1).action());
    assertEquals(Action.negative("disqualify"), decisions.get(2).proposed());
    assertTrue(decisions.get(2).requiresReview());
    assertTrue(decisions.get(6).fallback(), decisions.get(6).summary());
    assertTrue(printed.contains("0 reviews waiting from earlier runs, 0 labelled examples"), printed);
    assertTrue(printed.contains("audit records: 7 for 7 leads"), printed);
    assertTrue(printed.contains("review queue: 4 waiting"), printed);
    assertTrue(printed.contains("feedback log: 2 labelled examples (2 new)"), printed);
    assertTrue(printed.contains("audit chain main: 7 records, verified"), printed);
    // the plugin's classes are not visible at compile time; the scorer came through the registry
    assertEquals("engagement", decisions.get(0).scores().get(0).provenance().type());
  }

  @Test
  void secondRun_findsTheFirstRunsWaitingReviews() {
    Path db = dir.resolve("twice.db");
    run(db, new java.util.ArrayList<>());
    String second = run(db, new java.util.ArrayList<>());
    assertTrue(second.contains("2 reviews waiting from earlier runs, 2 labelled examples"), second);
    assertTrue(second.contains("review queue: 6 waiting"), second);
    assertTrue(second.contains("feedback log: 4 labelled examples (2 new)"), second);
    assertTrue(second.contains("audit chain main: 14 records, verified"), second);
  }
}
