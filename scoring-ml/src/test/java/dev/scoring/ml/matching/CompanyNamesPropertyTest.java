package dev.scoring.ml.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** The normalisers are idempotent and never fail, whatever the input. */
final class CompanyNamesPropertyTest {

  private static final List<String> WORDS = List.of("the", "acme", "inc", "inc.", "co", "company", "&", "and", "ltd",
      "s.a.", "b.v.", "gmbh", "pty", "group", "intl", "international", "a", "b", "c", "tech", "systems", "und", "et",
      "cie", "sp", "z", "o.o.", "müller", "Ørsted", "ß", "-", ",", "'s", "holdings", "corp.", "x");

  private static final Gen<String> NAMES = lists().of(Generate.pick(WORDS)).ofSizeBetween(0, 7).map(ws -> String.join(" ", ws));

  @Test
  void companyCoreIsIdempotent() {
    qt().withExamples(5000).forAll(NAMES).checkAssert(name -> {
      String once = CompanyNames.core(name);
      assertEquals(once, CompanyNames.core(once), "'" + name + "'");
    });
    qt().withExamples(3000).forAll(strings().allPossible().ofLengthBetween(0, 40)).checkAssert(name -> {
      String once = CompanyNames.core(name);
      assertEquals(once, CompanyNames.core(once), "'" + name + "'");
    });
  }

  @Test
  void otherNormalisersAreIdempotentAndTotal() {
    // found by this property: the capital sharp s folded to ß the first time and to ss the second
    assertEquals("ss", Normalize.personName("!!!\u1E9E"));
    qt().withExamples(3000).forAll(strings().allPossible().ofLengthBetween(0, 40), integers().between(0, 3)).checkAssert((s, k) -> {
      String p = Normalize.personName(s);
      assertEquals(p, Normalize.personName(p));
      String a = Normalize.address(s);
      assertEquals(a, Normalize.address(a));
      String d = Normalize.domain(s);
      assertEquals(d, Normalize.domain(d));
      String ph = Normalize.phone(s);
      assertEquals(ph, Normalize.phone(ph));
      String pc = Normalize.postcode(s);
      assertEquals(pc, Normalize.postcode(pc));
      Normalize.Email e = Normalize.email(s);
      assertEquals(e, Normalize.email(e.address()).isEmpty() ? Normalize.Email.NONE : Normalize.email(e.address()));
    });
  }
}
