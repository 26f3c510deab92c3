package dev.scoring.examples.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.Action;
import dev.scoring.api.Decision;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

final class QuickstartTest {

  @Test
  void quickstart_decidesEveryLeadWithThePluginFoundByServiceLoader() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<Decision> decisions = Quickstart.run(new PrintStream(out, true, StandardCharsets.UTF_8));
    String printed = out.toString(StandardCharsets.UTF_8);
    assertEquals(7, decisions.size());
    assertEquals(Action.auto("fast-track"), decisions.get(0).action());
    assertEquals(Action.route("strategic-ae"), decisions.get(1).action());
    assertEquals(Action.negative("disqualify"), decisions.get(2).proposed());
    assertTrue(decisions.get(2).requiresReview());
    assertTrue(decisions.get(6).fallback(), decisions.get(6).summary());
    assertTrue(printed.contains("audit records: 7 for 7 leads"), printed);
    assertTrue(printed.contains("review queue (4 of 100 waiting, 0 refused)"), printed);
    // the plugin's classes are not visible at compile time; the scorer came through the registry
    assertEquals("engagement", decisions.get(0).scores().get(0).provenance().type());
  }
}
