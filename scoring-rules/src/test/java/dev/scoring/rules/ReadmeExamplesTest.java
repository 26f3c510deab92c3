package dev.scoring.rules;

import dev.scoring.api.Decision;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.scoring.api.Action;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rule file and decision table shown in the module README load and behave as described. */
final class ReadmeExamplesTest {

  private static String block(String readme, String after, String fence) {
    int at = readme.indexOf(after);
    int start = readme.indexOf(fence, at) + fence.length();
    return readme.substring(start, readme.indexOf("```", start));
  }

  @Test
  void readmeRuleFile_loadsAndRoutes(@TempDir Path dir) throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    Files.writeString(dir.resolve("leads.rules"), block(readme, "## The rule file", "```text\n"));
    Files.writeString(dir.resolve("strategic-accounts.txt"), "acc-7\nacc-9\n");
    RuleSet rules = RuleSet.loader(RuleLanguageTest.SCHEMA).clock(RuleLanguageTest.CLOCK).load(dir.resolve("leads.rules"));
    assertEquals(List.of(), rules.warnings());
    RuleEvaluation e = rules.evaluate(RuleLanguageTest.FULL, rules.newEvaluation());
    assertEquals(Action.route("canada-smb"), e.decision());
    assertEquals(50 + 10 - 20 - 5, e.points());
    assertEquals(Action.route("strategic-ae"),
        rules.evaluate(RuleLanguageTest.row("account_id", "acc-9"), rules.newEvaluation()).decision());
  }

  @Test
  void readmeDecisionTable_loads() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    RuleSet table = RuleSet.loader(RuleLanguageTest.SCHEMA).table("territories.csv",
        block(readme, "## Decision tables (CSV)", "```csv\n"), HitPolicy.FIRST);
    assertEquals(List.of("ca_smb", "us_big", "us_smb", "stale"), table.ruleNames());
  }
}
