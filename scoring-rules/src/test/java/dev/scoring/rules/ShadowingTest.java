package dev.scoring.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Warnings for rules that can never fire. */
final class ShadowingTest {

  private static List<String> warnings(String text) {
    return RuleSet.loader(RuleLanguageTest.SCHEMA).parse("w.rules", text).warnings().stream()
        .map(RuleProblem::toString).toList();
  }

  @Test
  void alwaysTrueRule_shadowsEverythingAfterIt() {
    assertEquals(List.of(
        "w.rules:3:1: rule 'b' in group 'g' can never fire: the earlier rule 'a' matches whenever it does (first policy)",
        "w.rules:4:1: rule 'c' in group 'g' can never fire: the earlier rule 'a' matches whenever it does (first policy)"),
        warnings("""
            group g policy first
            a: route "x" when true
            b: route "y" when country == "CA"
            c: route "z" when company_size > 1
            """));
  }

  @Test
  void narrowerRangesSetsAndConjunctions_areShadowed() {
    List<String> w = warnings("""
        group g policy first
        wide: route "x" when company_size > 100
        narrow: route "y" when company_size >= 500
        range: route "z" when company_size between 200 and 300 and country == "CA"
        below: route "b" when company_size < 100
        edge: route "e" when company_size == 100
        sets: route "s" when country in ("CA", "US")
        ca: route "c" when country == "CA" and segment == "SMB"
        either: route "o" when country == "US" or company_size > 1000
        same: route "q" when company_size < 100
        """);
    assertEquals(List.of(
        "w.rules:3:1: rule 'narrow' in group 'g' can never fire: the earlier rule 'wide' matches whenever it does (first policy)",
        "w.rules:4:1: rule 'range' in group 'g' can never fire: the earlier rule 'wide' matches whenever it does (first policy)",
        "w.rules:8:1: rule 'ca' in group 'g' can never fire: the earlier rule 'sets' matches whenever it does (first policy)",
        "w.rules:10:1: rule 'same' in group 'g' can never fire: the earlier rule 'below' matches whenever it does (first policy)"),
        w, "'either' is covered only by two earlier rules together, which the analysis does not try (documented)");
  }

  @Test
  void notShadowed_whenTheEarlierRuleIsNarrowerOrOpenAtTheEdge() {
    assertEquals(List.of(), warnings("""
        group g policy first
        a: route "x" when company_size > 100
        b: route "y" when company_size >= 100
        c: route "z" when company_size != 5
        d: route "w" when country in ("CA")
        e: route "v" when country in ("CA", "US")
        """));
  }

  @Test
  void priorityGroups_useEvaluationOrder_andCollectGroupsAreNotChecked() {
    List<String> w = warnings("""
        group p policy priority
        late: priority 1 route "x" when company_size > 500
        early: priority 9 route "y" when company_size > 100
        group s policy collect-sum
        one: +1 when true
        two: +1 when true
        never: +1 when false
        """);
    assertEquals(2, w.size(), w::toString);
    assertEquals(true, w.get(0).contains("rule 'late' in group 'p' can never fire: the earlier rule 'early'"));
    assertEquals("w.rules:7:1: rule 'never' in group 's' can never fire: its condition is false", w.get(1));
  }
}
