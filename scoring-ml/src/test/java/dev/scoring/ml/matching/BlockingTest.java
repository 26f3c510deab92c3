package dev.scoring.ml.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

final class BlockingTest {

  @Test
  void reportOnFebrlGivesCompletenessAndReduction() {
    MatchData.Table t = MatchData.febrl("dataset1");
    BlockingReport r = Blocking.forFields(t.fields()).report(t.records(), t.truth());
    assertEquals(500, r.truePairs());
    assertEquals(1000L * 999 / 2, r.totalPairs());
    assertTrue(r.pairCompleteness() >= 0.99, r.toString());
    assertTrue(r.reductionRatio() >= 0.85, r.toString());
    assertEquals(1 - (double) r.candidatePairs() / r.totalPairs(), r.reductionRatio(), 1e-12);
    assertTrue(r.pairsPerRule().size() >= 5, r.pairsPerRule().toString());
    for (int pairs : r.pairsPerRule().values()) {
      assertTrue(pairs <= r.candidatePairs());
    }
  }

  @Test
  void keysFollowTheFieldType() {
    MatchRecord r = MatchRecord.of("1", "email", "Jane.Doe@Acme.com", "free", "someone@gmail.com", "phone", "+1 (415) 555-0100",
        "company", "The ACME Incorporated");
    assertEquals(List.of("@acme.com"), Blocking.exact("email", FieldType.EMAIL).keys(r));
    assertEquals(List.of("@someone@gmail.com"), Blocking.exact("free", FieldType.EMAIL).keys(r));
    assertEquals(List.of("5550100"), Blocking.exact("phone", FieldType.PHONE).keys(r));
    assertEquals(List.of("acme"), Blocking.prefix("company", FieldType.COMPANY, 4).keys(r));
    assertEquals(List.of(), Blocking.prefix("missing", FieldType.COMPANY, 4).keys(r));
  }

  @Test
  void linkKeepsOnlyCrossPairs() {
    List<MatchRecord> left = List.of(MatchRecord.of("a", "n", "acme"), MatchRecord.of("b", "n", "acme"));
    List<MatchRecord> right = List.of(MatchRecord.of("c", "n", "acme"));
    CandidatePairs p = Blocking.of(Blocking.exact("n", FieldType.NAME)).link(left, right);
    assertEquals(2, p.size());
    assertTrue(p.contains(0, 2) && p.contains(1, 2) && !p.contains(0, 1));
  }
}
