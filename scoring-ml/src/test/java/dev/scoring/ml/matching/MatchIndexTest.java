package dev.scoring.ml.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class MatchIndexTest {

  private static final List<MatchRecord> ACCOUNTS = Accounts.table(3000, 11);
  private static final Matcher MATCHER = Accounts.trained(ACCOUNTS, 11);
  private static final MatchIndex INDEX = MatchIndex.build(MATCHER, ACCOUNTS);

  @Test
  void aLeadTypedAcmeIncorporatedFindsTheStrategicAccountAcmeInc() {
    Candidate best = INDEX.best(MatchRecord.of("lead-1", "company", "Acme Incorporated", "domain", "acme.com")).orElseThrow();
    assertEquals("A-1", best.account().id());
    assertEquals("strategic", best.account().value("tier"));
    assertTrue(best.probability() >= 0.9, "p = " + best.probability());
    List<String> reasons = best.result().reasons(3);
    assertTrue(reasons.stream().anyMatch(s -> s.startsWith("company 'acme' vs 'acme' exact")), reasons.toString());
    assertTrue(reasons.stream().anyMatch(s -> s.startsWith("domain 'acme.com' vs 'acme.com' exact")), reasons.toString());
    // the explanation's contributions sum to the margin
    assertEquals(best.result().margin(), best.result().explanation().margin(), 1e-9);
  }

  @Test
  void aDifferentCompanyIsNoStrongMatch() {
    List<Candidate> c = INDEX.lookup(MatchRecord.of("lead-2", "company", "Acme Bakery", "city", "Paris", "domain", "acmebakery.fr"), 3);
    for (Candidate x : c) {
      assertTrue(x.probability() < 0.9, x.toString());
    }
  }

  @Test
  void corruptedLeadsFindTheirAccounts() {
    SplittableRandom r = new SplittableRandom(5);
    int found = 0;
    int n = 300;
    for (int i = 0; i < n; i++) {
      MatchRecord account = ACCOUNTS.get(r.nextInt(ACCOUNTS.size()));
      MatchRecord lead = Accounts.corrupt(account, r, "q" + i);
      var best = INDEX.best(lead);
      if (best.isPresent() && best.get().account().id().equals(account.id()) && best.get().probability() >= 0.5) {
        found++;
      }
    }
    assertTrue(found >= 0.9 * n, found + " of " + n);
  }

  @Test
  void resultsAreOrderedAndBounded() {
    List<Candidate> c = INDEX.lookup(MatchRecord.of("q", "company", "Globex Systems"), 5);
    assertTrue(c.size() <= 5);
    for (int i = 1; i < c.size(); i++) {
      assertTrue(c.get(i - 1).probability() >= c.get(i).probability());
    }
    assertTrue(INDEX.lookup(MatchRecord.of("q", "city", ""), 3).isEmpty());
  }
}
