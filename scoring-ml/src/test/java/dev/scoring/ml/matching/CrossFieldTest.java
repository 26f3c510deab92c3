package dev.scoring.ml.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scoring.api.Provenance;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A cross-field comparison: a lead's email domain against an account's web domain. */
final class CrossFieldTest {

  private static final List<MatchField> FIELDS = List.of(
      MatchField.of("company", FieldType.COMPANY),
      MatchField.cross("email_vs_domain", FieldType.DOMAIN, "email", "domain"));
  // exact, >=0.92, >=0.8, >=0.6, different, missing; then exact, >=0.92, >=0.8, different, missing
  private static final MatchModel MODEL = MatchModel.logistic(FIELDS, -2.0,
      new double[][] {{3, 2.5, 1.5, 0, -2, 0}, {4, 2, 0.5, -1, 0}}, new double[2][MatchModel.FEATURES]);
  private static final Matcher MATCHER = Matcher.of(MODEL);

  private static final MatchRecord ACCOUNT = MatchRecord.of("A-1", "company", "ACME Inc.", "domain", "https://www.acme.com/");

  private static dev.scoring.api.Contribution crossOf(MatchResult r) {
    return r.explanation().contributions().get(1);
  }

  @Test
  void aCompanyEmailDomainIsEvidenceForTheAccountsWebDomain() {
    MatchResult r = MATCHER.compare(MatchRecord.of("lead", "company", "Acme Incorporated", "email", "Jane.Doe@ACME.com"), ACCOUNT);
    dev.scoring.api.Contribution c = crossOf(r);
    assertEquals(4.0, c.weight(), 1e-12);
    assertEquals("email_vs_domain 'acme.com' vs 'acme.com' exact", c.observed());
  }

  @Test
  void freeMailIsNoEvidence() {
    MatchResult r = MATCHER.compare(MatchRecord.of("lead", "company", "Acme Incorporated", "email", "jane@gmail.com"), ACCOUNT);
    assertEquals(0.0, crossOf(r).weight(), 0.0);
    assertEquals("email_vs_domain missing", crossOf(r).observed());
  }

  @Test
  void anotherCompanysDomainArguesAgainst() {
    MatchResult r = MATCHER.compare(MatchRecord.of("lead", "company", "Acme Incorporated", "email", "jane@globex.io"), ACCOUNT);
    assertEquals(-1.0, crossOf(r).weight(), 1e-12);
  }

  @Test
  void itIsSymmetric() {
    MatchRecord lead = MatchRecord.of("lead", "company", "Acme Inc", "email", "jane@acme.com");
    assertEquals(MATCHER.probability(lead, ACCOUNT), MATCHER.probability(ACCOUNT, lead), 0.0);
    // a record with both values compares the more similar orientation
    MatchRecord both = MatchRecord.of("c", "company", "Acme", "email", "x@gmail.com", "domain", "acme.com");
    assertEquals(4.0, crossOf(MATCHER.compare(both, lead)).weight(), 1e-12);
  }

  @Test
  void theIndexFindsAnAccountThroughTheEmailDomain() {
    MatchIndex index = MatchIndex.build(MATCHER, List.of(ACCOUNT,
        MatchRecord.of("A-2", "company", "Globex Corporation", "domain", "globex.io"),
        MatchRecord.of("A-3", "company", "Initech GmbH", "domain", "initech.de")));
    Candidate best = index.best(MatchRecord.of("lead", "company", "A.C.M.E. Europe", "email", "ops@acme.com")).orElseThrow();
    assertEquals("A-1", best.account().id());
    assertFalse(index.best(MatchRecord.of("lead", "email", "ops@gmail.com")).isPresent());
  }

  @Test
  void theSourcesSurviveTheFileAndBindThePairSchema() {
    byte[] json = MATCHER.toJson("1");
    assertTrue(new String(json, StandardCharsets.UTF_8).contains("\"sources\""));
    Matcher back = Matcher.read(json, "cross.json");
    assertEquals(FIELDS, back.model().fields());
    MatchRecord lead = MatchRecord.of("lead", "company", "Acme Inc", "email", "jane@acme.com");
    assertEquals(MATCHER.probability(lead, ACCOUNT), back.probability(lead, ACCOUNT), 1e-12);
    var schema = PairScorer.pairSchema(FIELDS);
    assertEquals(List.of("left.company", "left.email", "left.domain", "right.company", "right.email", "right.domain"),
        schema.features().stream().map(f -> f.name()).toList());
    new PairScorer(MATCHER, schema, new Provenance("m", "matcher", "1", "x"));
  }

  @Test
  void sourcesMustBeNamed() {
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> MatchField.cross("x", FieldType.DOMAIN, "email", " "));
    assertFalse(MatchField.of("domain", FieldType.DOMAIN).isCross());
  }
}
