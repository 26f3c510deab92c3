package dev.scoring.rules;

import static dev.scoring.rules.RuleLanguageTest.SCHEMA;
import static dev.scoring.rules.RuleLanguageTest.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.ModelSource;
import dev.scoring.api.Scorer;
import dev.scoring.api.ScorerRegistry;
import dev.scoring.api.ScorerSpec;
import dev.scoring.api.Action;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV decision tables: columns are conditions, the last column the outcome, {@code -} for any value. */
final class DecisionTableTest {

  static final String TERRITORIES = """
      # territory routing, kept in a spreadsheet
      rule,country,segment,company_size,last_stage_change,route
      ca_smb,CA,SMB,-,-,canada-smb
      us_big,US,-,>= 1000,-,us-enterprise
      "quoted, name",US,"in (""SMB"", ""MID"")",between 1 and 999,-,us-smb
      stale,-,-,-,> 30,nurture
      ,-,-,is missing,-,needs-size
      """;

  private static RuleSet table(String csv, HitPolicy policy) {
    return RuleSet.loader(SCHEMA).clock(RuleLanguageTest.CLOCK).table("territories.csv", csv, policy);
  }

  private static Action decision(RuleSet rules, Object... kv) {
    return rules.evaluate(row(kv), rules.newEvaluation()).decision();
  }

  @Test
  void table_routesByFirstMatch() {
    RuleSet rules = table(TERRITORIES, HitPolicy.FIRST);
    assertEquals(Action.route("canada-smb"), decision(rules, "country", "CA", "segment", "SMB", "company_size", 5));
    assertEquals(Action.route("us-enterprise"), decision(rules, "country", "US", "company_size", 5000));
    assertEquals(Action.route("us-smb"), decision(rules, "country", "US", "segment", "MID", "company_size", 20));
    assertEquals(Action.route("nurture"), decision(rules, "company_size", 20, "last_stage_change",
        RuleLanguageTest.NOW.minusSeconds(40 * 86_400)));
    assertEquals(Action.route("needs-size"), decision(rules, "country", "FR"));
    assertNull(decision(rules, "country", "FR", "company_size", 3));
    assertEquals(List.of("ca_smb", "us_big", "quoted, name", "stale", "row7"), rules.ruleNames());
    assertEquals("territories", rules.name());
  }

  @Test
  void table_withCollectSumIsAScorecard() {
    RuleSet rules = table("""
        country,company_size,points
        CA,-,5
        -,> 100,10
        -,> 1000,-2.5
        """, HitPolicy.COLLECT_SUM);
    assertEquals(12.5, rules.points(row("country", "CA", "company_size", 5000)));
    assertEquals(0.0, rules.points(row()));
  }

  @Test
  void table_withPriorityAndAllPolicies() {
    RuleSet prio = table("""
        rule,priority,country,route
        low,1,-,general
        high,9,CA,canada
        """, HitPolicy.PRIORITY);
    assertEquals(Action.route("canada"), decision(prio, "country", "CA"));
    assertEquals(Action.route("general"), decision(prio, "country", "US"));
    RuleSet all = table("""
        stage,close_date,flag
        Negotiation,is missing,missing close date
        -,is missing,no close date at all
        """, HitPolicy.ALL);
    assertEquals(List.of("missing close date", "no close date at all"),
        all.evaluate(row("stage", "Negotiation"), all.newEvaluation()).flags());
  }

  @Test
  void table_reportsEveryProblemWithLineAndColumn() {
    RuleFileException e = assertThrows(RuleFileException.class, () -> table("""
        country,size,route
        CA,-,x
        CA,5
        ,-,y
        CA,-,
        """, HitPolicy.FIRST));
    String m = e.getMessage();
    assertTrue(m.contains("territories.csv:1:9: unknown feature 'size' in the header"), m);
    assertTrue(m.contains("territories.csv:3:1: row has 2 cells: expected 3 like the header"), m);
    assertTrue(m.contains("territories.csv:4:1: empty cell in column 'country': write - for any value"), m);
    assertTrue(m.contains("territories.csv:5:6: empty outcome: expected a route value"), m);
  }

  @Test
  void table_errorsInCellsAndOutcomes() {
    assertTrue(assertThrows(RuleFileException.class, () -> table("country,company_size,route\nCA,>= ,x\n", HitPolicy.FIRST))
        .getMessage().startsWith("territories.csv:2:4: in cell \">=\" of column 'company_size'"));
    assertTrue(assertThrows(RuleFileException.class, () -> table("country,company_size,verdict\nCA,1,x\n", HitPolicy.FIRST))
        .getMessage().contains("territories.csv:1:22: the last column must be the outcome"));
    assertTrue(assertThrows(RuleFileException.class, () -> table("country,points\nCA,lots\n", HitPolicy.COLLECT_SUM))
        .getMessage().contains("territories.csv:2:4: points 'lots' is not a finite number"));
    assertTrue(assertThrows(RuleFileException.class, () -> table("country,route\nCA,x\n", HitPolicy.COLLECT_SUM))
        .getMessage().contains("a collect-sum table must add points"));
    assertTrue(assertThrows(RuleFileException.class, () -> table("country,company_size,route\nCA,\"unterminated\n", HitPolicy.FIRST))
        .getMessage().contains("territories.csv:2:4: unterminated quoted cell"));
    assertTrue(assertThrows(RuleFileException.class, () -> table("company_size,route\n\"1\"x,y\n", HitPolicy.FIRST))
        .getMessage().contains("t.csv:2:4: unexpected text after a closing quote".replace("t.csv", "territories.csv")));
    assertTrue(assertThrows(RuleFileException.class, () -> table("", HitPolicy.FIRST)).getMessage().contains("empty decision table"));
    assertTrue(assertThrows(RuleFileException.class, () -> table("priority,country,route\n1,CA,x\n", HitPolicy.FIRST))
        .getMessage().contains("territories.csv:1:1: a priority column needs policy priority, not first"));
    RuleFileException typeError = assertThrows(RuleFileException.class,
        () -> table("company_size,route\n\"\"\"big\"\"\",x\n", HitPolicy.FIRST));
    assertTrue(typeError.getMessage().contains("territories.csv:2:1: string literal \"big\" for feature 'company_size'"),
        typeError::getMessage);
  }

  @Test
  void csvReader_handlesQuotesCrLfAndMultilineCells() {
    List<List<DecisionTable.Cell>> rows = DecisionTable.read("t.csv", "a,\"b,\"\"c\"\"\"\r\n\"x\ny\",z\r\n");
    assertEquals("a", rows.get(0).get(0).text());
    assertEquals("b,\"c\"", rows.get(0).get(1).text());
    assertEquals("x\ny", rows.get(1).get(0).text());
    assertEquals("z", rows.get(1).get(1).text());
    assertEquals(3, rows.get(1).get(1).line());
  }

  @Test
  void provider_loadsATableWithFormatCsv(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("territories.csv");
    Files.writeString(csv, TERRITORIES);
    try (Scorer s = ScorerRegistry.discover(getClass().getClassLoader()).load(ScorerSpec.builder("rules")
        .source(ModelSource.path(csv)).schema(SCHEMA).option("format", "csv").option("policy", "first").build())) {
      assertEquals("canada-smb", s.score(row("country", "CA", "segment", "SMB")).label());
    }
    try (Scorer s = ScorerRegistry.discover(getClass().getClassLoader()).load(ScorerSpec.builder("rules")
        .source(ModelSource.bytes("t.csv", "country,points\nCA,7\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .schema(SCHEMA).option("format", "csv").option("policy", "collect-sum").build())) {
      assertEquals(7.0, s.scoreValue(row("country", "CA")));
    }
  }

  @Test
  void table_warnsAboutRowsAnEarlierCatchAllRowShadows() {
    RuleSet rules = table("""
        country,company_size,route
        -,-,everyone
        CA,> 5,canada
        """, HitPolicy.FIRST);
    assertEquals(List.of("territories.csv:3:1: rule 'row3' in group 'territories' can never fire: the earlier rule "
        + "'row2' matches whenever it does (first policy)"), rules.warnings().stream().map(RuleProblem::toString).toList());
    assertTrue(rules.toText().contains("row3: route \"canada\" when (country == \"CA\") and (company_size > 5)"),
        rules::toText);
  }
}
